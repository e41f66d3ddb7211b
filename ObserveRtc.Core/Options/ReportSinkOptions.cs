using ObserveRtc.Core.Publishing;
using ObserveRtc.Core.Reports;

namespace ObserveRtc.Core.Options;

/// <summary>
/// Which reports go to which sink (design §5; as the Java observer's sink configuration). Report
/// type names are <see cref="ReportTypes"/>.
/// </summary>
public sealed class ReportSinkOptions
{
    /// <summary>
    /// Report types written to Table Storage. Default: every type in <see cref="ReportTypes"/>.
    /// Leaving out the stats types cuts storage cost the most (they are nearly all of the rows).
    /// </summary>
    public ISet<string> TableReportTypes { get; set; } = new HashSet<string>(KnownReportTypes, StringComparer.Ordinal);

    /// <summary>
    /// Report types published to Event Grid. Default: <c>CALL_EVENT</c>, <c>SFU_EVENT</c> and
    /// <c>CALL_SUMMARY</c> (lifecycle events, client issues and summaries). Adding stats types
    /// multiplies events (one per track per sample) and Event Grid cost; the 5,000 events/s
    /// per-topic limit is then reached at a few hundred clients.
    /// </summary>
    public ISet<string> EventGridReportTypes { get; set; } = new HashSet<string>(
        [ReportTypes.CallEvent, ReportTypes.SfuEvent, ReportTypes.CallSummary], StringComparer.Ordinal);

    /// <summary>
    /// Whether client- and SFU-sent custom events (a CALL_EVENT or SFU_EVENT whose name is not a
    /// lifecycle event or CLIENT_ISSUE) are published to Event Grid. Default false: they are stored
    /// only. Turn on when evaluators subscribe to application events (<c>org.observertc.call.custom-event</c>).
    /// </summary>
    public bool PublishCustomEvents { get; set; }

    /// <summary>Every report type name (<see cref="ReportTypes"/>).</summary>
    public static IReadOnlySet<string> KnownReportTypes { get; } = new HashSet<string>(ReportTypes.All, StringComparer.Ordinal);

    /// <summary>
    /// Throws <see cref="ArgumentException"/> naming every unknown report type in either list (a typo in
    /// configuration would otherwise silently drop a sink).
    /// </summary>
    public ReportSinkOptions Validate()
    {
        if (TableReportTypes is null || EventGridReportTypes is null) throw new ArgumentException("TableReportTypes and EventGridReportTypes must be set (an empty list is allowed).");
        var unknown = TableReportTypes.Concat(EventGridReportTypes).Where(t => !KnownReportTypes.Contains(t)).Distinct(StringComparer.Ordinal).ToList();
        if (unknown.Count > 0) throw new ArgumentException($"Unknown report types: {string.Join(", ", unknown)} (known: {string.Join(", ", KnownReportTypes)}).");
        return this;
    }

    /// <summary>Whether <paramref name="report"/> is written to Table Storage.</summary>
    public bool ToTables(Report report) => TableReportTypes.Contains(report.Type);

    /// <summary>Whether <paramref name="report"/> is published to Event Grid.</summary>
    public bool ToEventGrid(Report report) =>
        EventGridReportTypes.Contains(report.Type) && (PublishCustomEvents || !CloudEventTypes.IsCustomEvent(report));
}
