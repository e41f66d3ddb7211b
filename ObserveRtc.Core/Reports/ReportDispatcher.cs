using ObserveRtc.Core.Options;
using ObserveRtc.Core.Publishing;
using ObserveRtc.Core.Storage;

namespace ObserveRtc.Core.Reports;

/// <summary>
/// Sends reports to their sinks as <see cref="ReportSinkOptions"/> says: first Table Storage, then
/// Event Grid for the reports whose table write succeeded (or that are not stored), so a
/// subscriber never hears of a report it cannot read back, and (for callers that retry) per call or
/// SFU never of a report before an earlier one that is kept for a retry. The result lists each report that did
/// not reach every sink once; the caller (the entity outbox, the local host's retry loop) keeps
/// those and dispatches them again later: both sinks are idempotent by <see cref="Report.Id"/>.
/// </summary>
public sealed class ReportDispatcher
{
    private readonly IReportStore _store;
    private readonly IEventPublisher? _publisher;
    private readonly ReportSinkOptions _options;

    /// <summary>Creates the dispatcher; without a <paramref name="publisher"/> nothing is published.</summary>
    public ReportDispatcher(IReportStore store, IEventPublisher? publisher, ReportSinkOptions options)
    {
        _store = store;
        _publisher = publisher;
        _options = options;
    }

    /// <summary>Raised after each dispatch with the reports that reached every sink they go to (for counters and progress).</summary>
    public event Action<IReadOnlyList<Report>>? Delivered;

    /// <summary>Most publishes of one <see cref="DispatchOnceAsync"/>: the events a publish held back behind a kept one are sent again.</summary>
    private const int MaxPublishRounds = 8;

    /// <summary>
    /// Dispatches the reports for a caller that retries what fails (an entity's outbox, the local host's
    /// retry list): after a report kept for a retry, its call's (or SFU's) later reports are held back
    /// from Event Grid too, so subscribers hear of them in order. Only cancellation throws.
    /// </summary>
    public Task<WriteResult<Report>> DispatchAsync(IReadOnlyList<Report> reports, CancellationToken cancellationToken = default) =>
        DispatchAsync(reports, keepOrder: true, cancellationToken);

    /// <summary>
    /// Dispatches the reports once, for a caller that does not retry (the ingest stage's sample
    /// reports): nothing is held back, what can go out goes out. Only cancellation throws.
    /// </summary>
    public Task<WriteResult<Report>> DispatchOnceAsync(IReadOnlyList<Report> reports, CancellationToken cancellationToken = default) =>
        DispatchAsync(reports, keepOrder: false, cancellationToken);

    private async Task<WriteResult<Report>> DispatchAsync(IReadOnlyList<Report> reports, bool keepOrder, CancellationToken cancellationToken)
    {
        var failures = new Dictionary<Report, WriteFailure<Report>>(ReferenceEqualityComparer.Instance);
        var toTables = reports.Where(_options.ToTables).ToList();
        if (toTables.Count > 0)
        {
            var stored = await _store.WriteAsync(toTables, cancellationToken).ConfigureAwait(false);
            foreach (var failure in stored.Failures) failures[failure.Item] = failure;
        }

        // Event Grid hears of each call's reports in their order: after a report that is kept for a
        // retry, the call's later reports wait for it (they are kept too, even if their rows were written).
        var toPublish = new List<Report>();
        if (_publisher is not null && failures.Count == 0)
        {
            foreach (var r in reports)
            {
                if (_options.ToEventGrid(r)) toPublish.Add(r);
            }
        }
        else if (_publisher is not null)
        {
            HashSet<string>? waiting = null;
            foreach (var r in reports)
            {
                var key = OrderKey(r);
                if (failures.TryGetValue(r, out var failure))
                {
                    if (keepOrder && failure.Retryable) (waiting ??= new HashSet<string>(StringComparer.Ordinal)).Add(key);
                }
                else if (_options.ToEventGrid(r))
                {
                    if (waiting?.Contains(key) == true)
                        failures[r] = new WriteFailure<Report>(r, "held back: an earlier report of its call or SFU is retried first", Retryable: true, HeldBack: true);
                    else
                        toPublish.Add(r);
                }
            }
        }
        // A publish holds a call's later events back behind one it keeps for a retry. A caller that does not
        // retry will not send the kept one again, so what was only held back goes out now (bounded: each
        // round sends or settles at least the first of what is left).
        for (var round = 0; toPublish.Count > 0 && round < (keepOrder ? 1 : MaxPublishRounds); round++)
        {
            foreach (var r in toPublish) failures.Remove(r); // held back in the round before; their rows are written
            var published = await _publisher!.PublishAsync(toPublish, cancellationToken).ConfigureAwait(false);
            foreach (var failure in published.Failures) failures[failure.Item] = failure;
            // A transient failure (Event Grid down) stops the publish: the rest were held back by it, not by a
            // kept part, and sending them again would only fail again (8 failing requests instead of one).
            if (published.Failures.Any(f => f.Retryable && !f.HeldBack)) break;
            var held = published.Failures.Where(f => f.HeldBack).Select(f => f.Item).ToList();
            if (held.Count == toPublish.Count) break;
            toPublish = held;
        }

        // In input order, each report once (a report listed twice is reported once).
        var seen = new HashSet<Report>(ReferenceEqualityComparer.Instance);
        var ordered = reports.Where(r => failures.ContainsKey(r) && seen.Add(r)).Select(r => failures[r]).ToList();
        if (Delivered is { } delivered) delivered(failures.Count == 0 ? reports : reports.Where(r => !failures.ContainsKey(r)).ToList());
        return new WriteResult<Report>(reports.Count - ordered.Count, ordered);
    }

    /// <summary>
    /// The stream whose order the sinks keep for a report: its call's, or its SFU's (an SFU's reports
    /// keep the SFU's order; they name the call of a transport or pad, if any).
    /// </summary>
    internal static string OrderKey(Report report) => report.SfuId is { } sfu ? "sfu|" + sfu : "call|" + report.CallId;
}
