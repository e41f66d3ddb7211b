namespace ObserveRtc.Core.Options;

/// <summary>
/// The configuration form of <see cref="ReportSinkOptions"/> (section <c>ObserveRtc:Sinks</c>). The
/// configuration binder adds configured items to a collection that already holds the defaults, so
/// binding <see cref="ReportSinkOptions"/> directly could never narrow a list. Here an unset list means
/// "the default" and a set list is exactly the configured types
/// (<c>ObserveRtc__Sinks__TableReportTypes__0=CALL_EVENT</c>, <c>__1=CALL_SUMMARY</c>, …).
/// </summary>
public sealed class ReportSinkSettings
{
    /// <summary>Report types written to Table Storage; null (unset): every type.</summary>
    public IList<string>? TableReportTypes { get; set; }

    /// <summary>Report types published to Event Grid; null (unset): CALL_EVENT, SFU_EVENT, CALL_SUMMARY.</summary>
    public IList<string>? EventGridReportTypes { get; set; }

    /// <summary>See <see cref="ReportSinkOptions.PublishCustomEvents"/>. Default false.</summary>
    public bool PublishCustomEvents { get; set; }

    /// <summary>The options these settings describe (validated: unknown type names throw <see cref="ArgumentException"/>).</summary>
    public ReportSinkOptions ToOptions()
    {
        var options = new ReportSinkOptions { PublishCustomEvents = PublishCustomEvents };
        if (TableReportTypes is not null) options.TableReportTypes = Trimmed(TableReportTypes);
        if (EventGridReportTypes is not null) options.EventGridReportTypes = Trimmed(EventGridReportTypes);
        return options.Validate();
    }

    private static HashSet<string> Trimmed(IEnumerable<string> types) =>
        new(types.Where(t => !string.IsNullOrWhiteSpace(t)).Select(t => t.Trim()), StringComparer.Ordinal);
}
