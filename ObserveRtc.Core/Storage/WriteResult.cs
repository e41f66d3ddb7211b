namespace ObserveRtc.Core.Storage;

/// <summary>An item a sink (a store or a publisher) could not write.</summary>
/// <typeparam name="T">The item type.</typeparam>
/// <param name="Item">The item, to keep and retry.</param>
/// <param name="Error">What went wrong, for a person.</param>
/// <param name="Retryable">
/// True when a later retry can succeed (service unavailable, timeout, throttling); false when the
/// item itself is refused (a limit, an invalid key) and a retry would fail the same way.
/// </param>
/// <param name="HeldBack">
/// The item itself did not fail: it waits behind an earlier item of its call that did (it is not an
/// attempt of its own).
/// </param>
public sealed record WriteFailure<T>(T Item, string Error, bool Retryable, bool HeldBack = false);

/// <summary>How the sinks describe a failure for a person: the status and error code of a service error, else the exception type, and the message's first line.</summary>
internal static class WriteErrors
{
    public static string Describe(Exception e) => e switch
    {
        Azure.RequestFailedException r => $"{r.Status} {r.ErrorCode}: {FirstLine(r.Message)}",
        _ => $"{e.GetType().Name}: {FirstLine(e.Message)}",
    };

    private static string FirstLine(string message)
    {
        var end = message.IndexOfAny(['\r', '\n']);
        return end < 0 ? message : message[..end];
    }
}

/// <summary>The outcome of a write: how many items were written and which failed.</summary>
/// <typeparam name="T">The item type.</typeparam>
public sealed class WriteResult<T>
{
    /// <summary>Creates a result.</summary>
    public WriteResult(int written, IReadOnlyList<WriteFailure<T>> failures)
    {
        Written = written;
        Failures = failures;
    }

    /// <summary>Items written (each counted once).</summary>
    public int Written { get; }

    /// <summary>Items not written, each once.</summary>
    public IReadOnlyList<WriteFailure<T>> Failures { get; }

    /// <summary>Everything was written.</summary>
    public bool Succeeded => Failures.Count == 0;

    /// <summary>The failed items a retry can write.</summary>
    public IEnumerable<T> Retryable => Failures.Where(f => f.Retryable).Select(f => f.Item);
}
