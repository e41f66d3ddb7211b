namespace ObserveRtc.Local.Storage;

/// <summary>
/// A claim on an output file: <c>{path}.lock</c> held exclusively (and deleted when let go), so a second
/// writer (another host, a replay into the same directory) is refused before it truncates the file under
/// the first, while the file itself stays readable (<c>tail -f</c>, <c>File.ReadAllLines</c>). A writer
/// that died leaves its lock file behind, but not its lock: the next claim takes it.
/// </summary>
internal sealed class FileClaim : IDisposable
{
    private readonly FileStream _lock;

    private FileClaim(FileStream @lock) => _lock = @lock;

    /// <summary>Claims <paramref name="path"/>; throws <see cref="FileHeldException"/> when another writer holds it.</summary>
    public static FileClaim Take(string path)
    {
        var lockPath = System.IO.Path.GetFullPath(path) + ".lock";
        try
        {
            return new FileClaim(new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose));
        }
        catch (IOException e) when (IsHeld(e))
        {
            throw new FileHeldException(System.IO.Path.GetFullPath(path), e);
        }
    }

    /// <summary>
    /// Claims <paramref name="path"/> and checks that the file can be opened for writing without truncating
    /// it (nothing else, not even a program that ignores the claim, holds it exclusively); throws the
    /// <see cref="IOException"/> (or <see cref="UnauthorizedAccessException"/>) when not.
    /// </summary>
    public static FileClaim TakeAndProbe(string path)
    {
        var claim = Take(path);
        try
        {
            using (new FileStream(path, FileMode.OpenOrCreate, FileAccess.Write, FileShare.Read)) { }
            return claim;
        }
        catch
        {
            claim.Dispose();
            throw;
        }
    }

    public void Dispose() => _lock.Dispose();

    /// <summary>
    /// The lock is held by another: the error of the lock itself (Unix: EWOULDBLOCK from <c>flock</c>, 11 on
    /// Linux, 35 on macOS; Windows: a sharing or lock violation), not whether the lock file still exists
    /// (its holder may have let go, and deleted it, in between).
    /// </summary>
    private static bool IsHeld(IOException e) =>
        e.GetType() == typeof(IOException) && e.HResult is 11 or 35 or unchecked((int)0x80070020) or unchecked((int)0x80070021);
}

/// <summary>Another writer holds the file (<see cref="FileClaim"/>).</summary>
internal sealed class FileHeldException(string path, Exception inner)
    : IOException($"{path} is being written by another observer (its {System.IO.Path.GetFileName(path)}.lock is held)", inner);
