using ObserveRtc.Core.Calls;
using ObserveRtc.Core.Entities;
using ObserveRtc.Core.Ingest;
using ObserveRtc.Core.Publishing;
using ObserveRtc.Core.Samples;
using ObserveRtc.Core.Storage;

namespace ObserveRtc.Core.Options;

/// <summary>
/// Every setting of a hosted observer, as bound from the configuration section
/// <see cref="SectionName"/> (app settings <c>ObserveRtc__Storage__ServiceUri</c>,
/// <c>ObserveRtc__Publishing__Endpoint</c>, <c>ObserveRtc__Tracker__ClientIdleTimeout</c>, …). The
/// property names are the configuration keys. Validate once at start with <see cref="Validate"/>.
/// </summary>
public sealed class ObserverSettings
{
    /// <summary>The configuration section (<c>ObserveRtc</c>).</summary>
    public const string SectionName = "ObserveRtc";

    /// <summary>Table Storage (<c>ObserveRtc:Storage</c>). Required: a connection string or a service URI.</summary>
    public TableStorageOptions Storage { get; set; } = new();

    /// <summary>
    /// The Event Grid topic (<c>ObserveRtc:Publishing</c>). Optional: without an <c>Endpoint</c> nothing is
    /// published and reports go to Table Storage only.
    /// </summary>
    public EventGridPublisherOptions? Publishing { get; set; }

    /// <summary>The call tracker's timers and bounds (<c>ObserveRtc:Tracker</c>).</summary>
    public CallTrackerOptions Tracker { get; set; } = new();

    /// <summary>The SFU tracker's timers and bounds (<c>ObserveRtc:Sfu</c>).</summary>
    public SfuTrackerOptions Sfu { get; set; } = new();

    /// <summary>The sample decoder's limits (<c>ObserveRtc:Decoder</c>).</summary>
    public SampleDecoderOptions Decoder { get; set; } = new();

    /// <summary>Entity delivery and retention (<c>ObserveRtc:Entity</c>).</summary>
    public EntityOptions Entity { get; set; } = new();

    /// <summary>Which reports go to which sink (<c>ObserveRtc:Sinks</c>); <see cref="SinkOptions"/> is their validated form.</summary>
    public ReportSinkSettings Sinks { get; set; } = new();

    /// <summary>The sink options from <see cref="Sinks"/>; throws <see cref="ArgumentException"/> for an unknown report type.</summary>
    public ReportSinkOptions SinkOptions => (Sinks ?? new ReportSinkSettings()).ToOptions();

    /// <summary>
    /// The service id of an event that names none (no <c>serviceId</c> application property). Default
    /// <c>default</c>. Letters, digits, <c>-</c>, <c>_</c> and <c>.</c>, at most 128 characters.
    /// </summary>
    public string DefaultServiceId { get; set; } = "default";

    /// <summary>The media unit id of an event that names none. Default <c>default</c>; same characters as <see cref="DefaultServiceId"/>.</summary>
    public string DefaultMediaUnitId { get; set; } = "default";

    /// <summary>Whether reports are published to Event Grid (an endpoint is set).</summary>
    public bool PublishesToEventGrid => Publishing?.Endpoint is not null;

    /// <summary>The defaults for events without service or media unit properties.</summary>
    public IngestDefaults IngestDefaults => new(DefaultServiceId, DefaultMediaUnitId);

    /// <summary>
    /// Validates every part and returns this. Throws <see cref="ArgumentException"/> listing each
    /// invalid part with its section name, so one start-up failure names everything to fix.
    /// </summary>
    public ObserverSettings Validate()
    {
        var errors = new List<string>();
        Check(errors, "Storage", () => (Storage ?? throw new ArgumentException("missing")).Validate());
        if (Publishing is { } publishing)
        {
            if (publishing.Endpoint is not null) Check(errors, "Publishing", publishing.Validate);
            else if (!string.IsNullOrEmpty(publishing.AccessKey)) errors.Add("Publishing: AccessKey is set but Endpoint is not.");
        }
        Check(errors, "Tracker", () => (Tracker ?? throw new ArgumentException("missing")).Validate());
        Check(errors, "Sfu", () => (Sfu ?? throw new ArgumentException("missing")).Validate());
        Check(errors, "Decoder", () => (Decoder ?? throw new ArgumentException("missing")).Validate());
        Check(errors, "Entity", () => (Entity ?? throw new ArgumentException("missing")).Validate());
        Check(errors, "Sinks", () => _ = SinkOptions);
        Check(errors, nameof(DefaultServiceId), () => IngestDefaults.Validate());
        if (errors.Count > 0) throw new ArgumentException($"Invalid {SectionName} settings: {string.Join(" | ", errors)}");
        return this;
    }

    private static void Check(List<string> errors, string section, Action validate)
    {
        try
        {
            validate();
        }
        catch (ArgumentException e)
        {
            errors.Add($"{section}: {e.Message}");
        }
    }
}
