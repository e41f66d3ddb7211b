using ObserveRtc.Core.Reports;

namespace ObserveRtc.Core.Storage;

/// <summary>
/// Persists reports (design §5) and answers the read queries: all events of a call in time order,
/// the calls of a service started in a time window (newest first), a call's summary, and the
/// sample reports of one client in a call. Writes are idempotent: writing the same report
/// (same <see cref="Report.Id"/>) again replaces it, so a caller can retry a whole batch.
/// </summary>
public interface IReportStore
{
    /// <summary>
    /// Writes the reports. Never throws for a failed write (only for cancellation): the result lists
    /// what failed and whether a retry can help, so the caller can keep those reports and retry later.
    /// </summary>
    Task<WriteResult<Report>> WriteAsync(IReadOnlyList<Report> reports, CancellationToken cancellationToken = default);

    /// <summary>The event reports of a call (CALL_EVENT, SFU_EVENT, OBSERVER_EVENT) in time order.</summary>
    IAsyncEnumerable<StoredReport> GetCallEventsAsync(string callId, CancellationToken cancellationToken = default);

    /// <summary>The calls of a service that started between <paramref name="fromMs"/> and <paramref name="toMs"/> (epoch ms, inclusive), newest first.</summary>
    IAsyncEnumerable<CallIndexEntry> GetCallsAsync(string serviceId, long fromMs, long toMs, CancellationToken cancellationToken = default);

    /// <summary>The CALL_SUMMARY report of a call, or null when there is none (yet).</summary>
    Task<StoredReport?> GetCallSummaryAsync(string callId, CancellationToken cancellationToken = default);

    /// <summary>The sample reports (stats, meta and extension data) of one client in a call, in time order.</summary>
    IAsyncEnumerable<StoredReport> GetClientReportsAsync(string callId, string clientId, CancellationToken cancellationToken = default);
}

/// <summary>A report as read back from the store.</summary>
/// <param name="Type">The report type (<see cref="ReportTypes"/>).</param>
/// <param name="SchemaVersion">The report schema version.</param>
/// <param name="Id">The report's deterministic id.</param>
/// <param name="ServiceId">The service.</param>
/// <param name="CallId">The call, if any.</param>
/// <param name="ClientId">The client, if any.</param>
/// <param name="SfuId">The SFU, if any.</param>
/// <param name="TimestampMs">The report's timestamp (epoch ms).</param>
/// <param name="Name">The event name for event reports (e.g. <c>CLIENT_JOINED</c>), else null.</param>
/// <param name="PayloadJson">The payload as JSON text; cut (not valid JSON) when <paramref name="Truncated"/>.</param>
/// <param name="Truncated">The payload was larger than a table row holds (1 MiB) and was cut.</param>
public sealed record StoredReport(
    string Type,
    string SchemaVersion,
    string Id,
    string ServiceId,
    string? CallId,
    string? ClientId,
    string? SfuId,
    long TimestampMs,
    string? Name,
    string PayloadJson,
    bool Truncated);

/// <summary>One call in the call index: written at its start, completed from its summary at its end.</summary>
/// <param name="ServiceId">The service.</param>
/// <param name="CallId">The call.</param>
/// <param name="RoomId">The room, when the CALL_STARTED event named one.</param>
/// <param name="StartedMs">When the call started (the CALL_STARTED timestamp, epoch ms).</param>
/// <param name="EndedMs">When it ended (the CALL_ENDED timestamp); null while it is live.</param>
/// <param name="DurationMs">How long it lasted; null while it is live.</param>
/// <param name="Clients">How many clients took part; null while it is live.</param>
/// <param name="PeakClients">The most clients at once; null while it is live.</param>
public sealed record CallIndexEntry(
    string ServiceId, string CallId, string? RoomId, long StartedMs,
    long? EndedMs = null, long? DurationMs = null, int? Clients = null, int? PeakClients = null);
