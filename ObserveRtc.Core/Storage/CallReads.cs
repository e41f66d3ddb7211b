using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace ObserveRtc.Core.Storage;

/// <summary>The calls of a service started in a time window (epoch ms, inclusive).</summary>
/// <param name="ServiceId">The service.</param>
/// <param name="FromMs">Window start.</param>
/// <param name="ToMs">Window end.</param>
public sealed record CallWindowQuery(string ServiceId, long FromMs, long ToMs);

/// <summary>A page of the call index, newest first.</summary>
/// <param name="ServiceId">The service.</param>
/// <param name="FromMs">Window start (epoch ms).</param>
/// <param name="ToMs">Window end (epoch ms).</param>
/// <param name="Calls">The calls, newest first.</param>
/// <param name="Truncated">More calls started in the window than were returned; narrow the window.</param>
public sealed record CallList(string ServiceId, long FromMs, long ToMs, IReadOnlyList<CallIndexEntry> Calls, bool Truncated);

/// <summary>One call: its events in time order and its summary (null until the call has ended).</summary>
/// <param name="CallId">The call.</param>
/// <param name="Events">Event reports, in time order.</param>
/// <param name="Summary">The CALL_SUMMARY report, or null.</param>
public sealed record CallDetails(string CallId, IReadOnlyList<StoredReport> Events, StoredReport? Summary);

/// <summary>
/// The read API's decisions (the Functions app's HTTP functions and the local host's read endpoints):
/// query parsing with defaults and bounds, and what one call's view holds.
/// </summary>
public sealed class CallReads(IReportStore store)
{
    /// <summary>The window when neither <c>from</c> nor <c>to</c> is given: the last 24 hours.</summary>
    public static readonly TimeSpan DefaultWindow = TimeSpan.FromHours(24);

    /// <summary>The widest window a query may ask for: 31 days.</summary>
    public static readonly TimeSpan MaxWindow = TimeSpan.FromDays(31);

    /// <summary>Most calls one list returns; the list says when there were more.</summary>
    public const int MaxCalls = 1000;

    /// <summary>
    /// The path segments after <paramref name="prefix"/> in a request's raw target (the path as sent, e.g.
    /// <c>/api/calls/team%2Fstandup/clients/a/reports</c>), each percent-decoded once; null when the target
    /// does not start with the prefix. ASP.NET Core decodes route values except <c>%2F</c>, so an id holding
    /// <c>/</c> would arrive still encoded and one holding a literal <c>%2F</c> (sent as <c>%252F</c>)
    /// could not be told from it; the raw target tells both apart.
    /// </summary>
    public static IReadOnlyList<string>? SegmentsAfter(string? rawTarget, string prefix)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        if (rawTarget is null) return null;
        var end = rawTarget.IndexOfAny(['?', '#']);
        var path = end < 0 ? rawTarget : rawTarget[..end];
        if (!path.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)) return null;
        // A trailing slash matches the route too (/api/calls/x/): it adds no segment.
        return [.. path[prefix.Length..].TrimEnd('/').Split('/').Select(Uri.UnescapeDataString)];
    }

    /// <summary>
    /// An id from a route value where the raw target is not the client's (the Functions host forwards a
    /// request to its worker with <c>%</c> escaped again, and has decoded <c>%25</c> itself before): a
    /// <c>%2F</c> left in it by ASP.NET Core's decoding is a <c>/</c>. There a literal <c>%2F</c> in an id
    /// cannot be told from a slash; it is read as one.
    /// </summary>
    public static string IdFromRouteValue(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return value.Replace("%2F", "/", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// Parses <c>GET /api/calls?serviceId=&amp;from=&amp;to=</c>. <c>serviceId</c> defaults to
    /// <paramref name="defaultServiceId"/>; <c>from</c>/<c>to</c> are epoch ms or ISO 8601 (a time without
    /// an offset is UTC); <c>to</c> defaults to now, <c>from</c> to <c>to</c> minus 24 h. Fails (with a
    /// sentence for the caller) on an unreadable time, <c>from</c> after <c>to</c>, or a window over 31 days.
    /// </summary>
    public static bool TryParseCallWindow(string? serviceId, string? from, string? to, long nowMs, string defaultServiceId,
        [NotNullWhen(true)] out CallWindowQuery? query, [NotNullWhen(false)] out string? error)
    {
        query = null;
        long toMs = nowMs, fromMs;
        if (!string.IsNullOrWhiteSpace(to) && !TryParseTime(to, out toMs))
        {
            error = $"'to' must be epoch milliseconds (at most {MaxEpochMs}) or an ISO 8601 time from 1970 on, not '{to}'.";
            return false;
        }
        if (string.IsNullOrWhiteSpace(from)) fromMs = Math.Max(0, toMs - (long)DefaultWindow.TotalMilliseconds);
        else if (!TryParseTime(from, out fromMs))
        {
            error = $"'from' must be epoch milliseconds (at most {MaxEpochMs}) or an ISO 8601 time from 1970 on, not '{from}'.";
            return false;
        }
        if (fromMs > toMs)
        {
            error = "'from' is after 'to'.";
            return false;
        }
        if (toMs - fromMs > (long)MaxWindow.TotalMilliseconds)
        {
            error = $"The window is longer than {MaxWindow.TotalDays} days; narrow 'from'/'to'.";
            return false;
        }
        query = new CallWindowQuery(string.IsNullOrWhiteSpace(serviceId) ? defaultServiceId : serviceId.Trim(), fromMs, toMs);
        error = null;
        return true;
    }

    private static readonly long MaxEpochMs = DateTimeOffset.MaxValue.ToUnixTimeMilliseconds();

    /// <summary>Epoch ms (an integer, at most the last millisecond of 9999) or an ISO 8601 time (without an offset: UTC), not before 1970.</summary>
    public static bool TryParseTime(string text, out long epochMs)
    {
        ArgumentNullException.ThrowIfNull(text);
        text = text.Trim();
        // Epoch milliseconds up to the last millisecond a DateTimeOffset holds (9999-12-31): beyond, the day queries cannot be made.
        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out epochMs)) return epochMs <= MaxEpochMs;
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time))
        {
            // Before 1970 is refused like a negative epoch: no call is stored there.
            epochMs = time.ToUnixTimeMilliseconds();
            return epochMs >= 0;
        }
        epochMs = 0;
        return false;
    }

    /// <summary>The calls of the window, newest first, at most <see cref="MaxCalls"/>.</summary>
    public async Task<CallList> ListCallsAsync(CallWindowQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var calls = new List<CallIndexEntry>();
        var truncated = false;
        await foreach (var call in store.GetCallsAsync(query.ServiceId, query.FromMs, query.ToMs, cancellationToken))
        {
            if (calls.Count == MaxCalls)
            {
                truncated = true;
                break;
            }
            calls.Add(call);
        }
        return new CallList(query.ServiceId, query.FromMs, query.ToMs, calls, truncated);
    }

    /// <summary>A call's events (in time order) and summary; null when the store knows nothing of it.</summary>
    public async Task<CallDetails?> GetCallAsync(string callId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(callId);
        var events = new List<StoredReport>();
        await foreach (var e in store.GetCallEventsAsync(callId, cancellationToken)) events.Add(e);
        var summary = await store.GetCallSummaryAsync(callId, cancellationToken);
        if (events.Count == 0 && summary is null) return null;
        return new CallDetails(callId, [.. events.OrderBy(e => e.TimestampMs)], summary);
    }
}
