using ObserveRtc.Core.Storage;

namespace ObserveRtc.Local.Storage;

/// <summary>
/// An append-only JSON-lines file: one item per line, each id written once (a retried batch does
/// not duplicate lines), thread-safe. The ids written are kept in memory for that. It is claimed
/// (<see cref="FileClaim"/>) before it is truncated: a second writer is refused with a
/// <see cref="FileHeldException"/> instead of truncating it under the first; readers are not.
/// </summary>
/// <typeparam name="T">The item type.</typeparam>
internal sealed class JsonLinesFile<T> : IDisposable
{
    private readonly Lock _gate = new();
    private readonly HashSet<string> _written = new(StringComparer.Ordinal);
    private readonly FileClaim _claim;
    private readonly FileStream _stream;
    private readonly Func<T, string> _id;
    private readonly Func<T, byte[]> _encode;

    /// <summary>Claims (or takes over <paramref name="claim"/>, already held for it) and truncates the file.</summary>
    public JsonLinesFile(string path, Func<T, string> id, Func<T, byte[]> encode, FileClaim? claim = null)
    {
        Path = System.IO.Path.GetFullPath(path);
        _id = id;
        _encode = encode;
        _claim = claim ?? FileClaim.Take(Path);
        try
        {
            _stream = new FileStream(Path, FileMode.Create, FileAccess.Write, FileShare.Read);
        }
        catch
        {
            _claim.Dispose();
            throw;
        }
    }

    public string Path { get; }

    /// <summary>Lines written so far.</summary>
    public long Lines
    {
        get
        {
            lock (_gate) return _written.Count;
        }
    }

    public WriteResult<T> Write(IReadOnlyList<T> items)
    {
        var failures = new List<WriteFailure<T>>();
        var written = 0;
        lock (_gate)
        {
            foreach (var item in items)
            {
                var id = _id(item);
                if (_written.Contains(id))
                {
                    written++;
                    continue;
                }
                try
                {
                    _stream.Write(_encode(item));
                    _stream.WriteByte((byte)'\n');
                    _written.Add(id);
                    written++;
                }
                catch (IOException e)
                {
                    failures.Add(new WriteFailure<T>(item, $"{Path}: {e.Message}", Retryable: true));
                }
            }
            try
            {
                _stream.Flush();
            }
            catch (IOException e)
            {
                return new WriteResult<T>(0, items.Select(i => new WriteFailure<T>(i, $"{Path}: {e.Message}", true)).ToList());
            }
        }
        return new WriteResult<T>(written, failures);
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _stream.Dispose();
            _claim.Dispose();
        }
    }

}
