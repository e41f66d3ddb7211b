using System.Buffers;
using ObserveRtc.Core.Storage;

namespace ObserveRtc.Local.Storage;

/// <summary>
/// An append-only JSON-lines file: one item per line, each id written once (a retried batch does
/// not duplicate lines), thread-safe. The ids are kept in memory for that, once their lines are
/// written: all of them (a replay's files: each report once, and each version of a one-record-per-id report), or the latest
/// ones (the live host's events file, written for as long as it runs). It is claimed
/// (<see cref="FileClaim"/>) before it is truncated: a second writer is refused with a
/// <see cref="FileHeldException"/> instead of truncating it under the first; readers are not.
/// </summary>
/// <typeparam name="T">The item type.</typeparam>
internal sealed class JsonLinesFile<T> : IDisposable
{
    private readonly Lock _gate = new();
    private readonly HashSet<string> _written = new(StringComparer.Ordinal);
    private readonly Queue<string>? _recent; // with a bound: the remembered ids, oldest first
    private readonly int _remember;
    private readonly FileClaim _claim;
    private readonly FileStream _stream;
    private readonly Func<T, string> _id;
    private readonly Func<T, byte[]> _encode;
    private long _lines;

    /// <summary>
    /// Claims (or takes over <paramref name="claim"/>, already held for it) and truncates the file;
    /// <paramref name="remember"/>: how many of the latest ids are kept to skip a second write (null: all).
    /// </summary>
    public JsonLinesFile(string path, Func<T, string> id, Func<T, byte[]> encode, FileClaim? claim = null, int? remember = null)
    {
        Path = System.IO.Path.GetFullPath(path);
        _id = id;
        _encode = encode;
        if (remember is { } n)
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(n, nameof(remember));
            (_remember, _recent) = (n, new Queue<string>(n + 1));
        }
        _claim = claim ?? FileClaim.Take(Path);
        try
        {
            _stream = new FileStream(Path, FileMode.Create, FileAccess.Write, FileShare.Read, bufferSize: 0); // Write writes at once
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
            lock (_gate) return _lines;
        }
    }

    /// <summary>
    /// Writes the items not written before as one write (the stream is not buffered): on an error none of
    /// them is recorded, and all are failures to retry (a line may then land twice, never be lost).
    /// </summary>
    public WriteResult<T> Write(IReadOnlyList<T> items)
    {
        lock (_gate)
        {
            var batch = new HashSet<string>(StringComparer.Ordinal);
            var bytes = new ArrayBufferWriter<byte>();
            foreach (var item in items)
            {
                var id = _id(item);
                if (_written.Contains(id) || !batch.Add(id)) continue;
                bytes.Write(_encode(item));
                bytes.Write("\n"u8);
            }
            try
            {
                _stream.Write(bytes.WrittenSpan);
            }
            catch (IOException e)
            {
                return new WriteResult<T>(0, items.Select(i => new WriteFailure<T>(i, $"{Path}: {e.Message}", Retryable: true)).ToList());
            }
            foreach (var id in batch) Remember(id);
            _lines += batch.Count;
        }
        return new WriteResult<T>(items.Count, []);
    }

    private void Remember(string id)
    {
        _written.Add(id);
        if (_recent is null) return;
        _recent.Enqueue(id);
        if (_recent.Count > _remember) _written.Remove(_recent.Dequeue());
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
