using Microsoft.Extensions.Configuration;
using ObserveRtc.Core.Calls;
using ObserveRtc.Core.Entities;
using ObserveRtc.Core.Ingest;
using ObserveRtc.Core.Publishing;
using ObserveRtc.Core.Reports;
using ObserveRtc.Core.Samples;
using ObserveRtc.Core.Storage;

namespace ObserveRtc.Core.Options;

/// <summary>
/// Every setting of a hosted observer, as bound from the configuration section
/// <see cref="SectionName"/> (app settings <c>ObserveRtc__Storage__ServiceUri</c>,
/// <c>ObserveRtc__Publishing__Endpoint</c>, <c>ObserveRtc__Tracker__ClientIdleTimeout</c>, …). The
/// property names are the configuration keys. Both hosts (the Functions app and the local host) read
/// it with <see cref="Load"/>: strict binding (a misspelt key is an error, not a silently ignored
/// setting) and validation, every problem listed at once.
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

    /// <summary>The keys of the section; anything else under it is a typo.</summary>
    private static readonly string[] KnownKeys =
        ["Storage", "Publishing", "Tracker", "Sfu", "Decoder", "Entity", "Sinks", "DefaultServiceId", "DefaultMediaUnitId"];

    /// <summary>
    /// Binds the <see cref="SectionName"/> section of <paramref name="configuration"/> and validates it.
    /// Strict: a key that is not a setting (in the section or in any part) is a problem, and so is a
    /// value that does not convert. <c>Publishing</c> without an endpoint or key is no publishing.
    /// Report type lists replace the defaults and may be given as <c>:0</c>, <c>:1</c>, … keys or as
    /// one comma-separated value. Throws <see cref="ObserverSettingsException"/> listing every problem.
    /// </summary>
    /// <param name="configuration">The root configuration.</param>
    /// <param name="requireStorage">False when the host writes elsewhere (a local replay with <c>--out</c>): <c>Storage</c> is then neither required nor checked.</param>
    public static ObserverSettings Load(IConfiguration configuration, bool requireStorage = true)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var root = configuration.GetSection(SectionName);
        var problems = new List<string>();
        foreach (var child in root.GetChildren())
        {
            if (!KnownKeys.Contains(child.Key, StringComparer.OrdinalIgnoreCase))
                problems.Add($"{SectionName}:{child.Key} is not a setting (known: {string.Join(", ", KnownKeys)})");
        }

        var settings = new ObserverSettings
        {
            Storage = Bind<TableStorageOptions>(root, "Storage", problems),
            Tracker = Bind<CallTrackerOptions>(root, "Tracker", problems),
            Sfu = Bind<SfuTrackerOptions>(root, "Sfu", problems),
            Decoder = Bind<SampleDecoderOptions>(root, "Decoder", problems),
            Entity = Bind<EntityOptions>(root, "Entity", problems),
            Sinks = BindSinks(root.GetSection("Sinks"), problems),
            DefaultServiceId = root["DefaultServiceId"] is { Length: > 0 } service ? service : "default",
            DefaultMediaUnitId = root["DefaultMediaUnitId"] is { Length: > 0 } mediaUnit ? mediaUnit : "default",
        };
        if (root.GetSection("Publishing").Exists())
        {
            var publishing = Bind<EventGridPublisherOptions>(root, "Publishing", problems);
            if (publishing.Endpoint is not null || !string.IsNullOrEmpty(publishing.AccessKey)) settings.Publishing = publishing;
        }

        problems.AddRange(settings.Problems(requireStorage));
        if (problems.Count > 0) throw new ObserverSettingsException(problems);
        return settings;
    }

    /// <summary>
    /// Validates every part and returns this. Throws <see cref="ObserverSettingsException"/> (an
    /// <see cref="ArgumentException"/>) listing each invalid part with its key, so one start-up failure
    /// names everything to fix.
    /// </summary>
    public ObserverSettings Validate()
    {
        var problems = Problems(requireStorage: true);
        if (problems.Count > 0) throw new ObserverSettingsException(problems);
        return this;
    }

    private List<string> Problems(bool requireStorage)
    {
        var errors = new List<string>();
        if (requireStorage) Check(errors, "Storage", () => (Storage ?? throw new ArgumentException("missing")).Validate());
        if (Publishing is { } publishing)
        {
            if (publishing.Endpoint is not null) Check(errors, "Publishing", publishing.Validate);
            else if (!string.IsNullOrEmpty(publishing.AccessKey)) errors.Add($"{SectionName}:Publishing: AccessKey is set but Endpoint is not.");
        }
        Check(errors, "Tracker", () => (Tracker ?? throw new ArgumentException("missing")).Validate());
        Check(errors, "Sfu", () => (Sfu ?? throw new ArgumentException("missing")).Validate());
        Check(errors, "Decoder", () => (Decoder ?? throw new ArgumentException("missing")).Validate());
        Check(errors, "Entity", () => (Entity ?? throw new ArgumentException("missing")).Validate());
        Check(errors, "Sinks", () => _ = SinkOptions);
        Check(errors, nameof(DefaultServiceId), () => IngestDefaults.Validate());
        return errors;
    }

    private static T Bind<T>(IConfigurationSection root, string name, List<string> problems)
        where T : new()
    {
        var options = new T();
        try
        {
            root.GetSection(name).Bind(options, o => o.ErrorOnUnknownConfiguration = true);
        }
        catch (InvalidOperationException e)
        {
            problems.Add($"{SectionName}:{name}: {Flatten(e)}");
        }
        return options;
    }

    /// <summary>The report type lists (see <see cref="ReportSinkSettings"/>), as keyed lists or comma-separated values.</summary>
    private static ReportSinkSettings BindSinks(IConfigurationSection section, List<string> problems)
    {
        var sinks = new ReportSinkSettings();
        foreach (var child in section.GetChildren())
        {
            switch (child.Key.ToUpperInvariant())
            {
                case "TABLEREPORTTYPES":
                    sinks.TableReportTypes = ReportTypeList(child, problems);
                    break;
                case "EVENTGRIDREPORTTYPES":
                    sinks.EventGridReportTypes = ReportTypeList(child, problems);
                    break;
                case "PUBLISHCUSTOMEVENTS":
                    if (bool.TryParse(child.Value, out var publish)) sinks.PublishCustomEvents = publish;
                    else problems.Add($"{SectionName}:Sinks:PublishCustomEvents = '{child.Value}' is not true or false");
                    break;
                default:
                    problems.Add($"{SectionName}:Sinks:{child.Key} is not a setting (known: TableReportTypes, EventGridReportTypes, PublishCustomEvents)");
                    break;
            }
        }
        return sinks;
    }

    private static List<string> ReportTypeList(IConfigurationSection section, List<string> problems)
    {
        var values = section.Value is { } single
            ? single.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            : section.GetChildren().Select(c => c.Value ?? string.Empty).ToArray();
        var list = new List<string>();
        foreach (var value in values)
        {
            if (ReportTypes.All.Contains(value)) list.Add(value);
            else problems.Add($"{SectionName}:Sinks:{section.Key}: '{value}' is not a report type (known: {string.Join(", ", ReportTypes.All)})");
        }
        return list;
    }

    private static string Flatten(Exception e)
    {
        var messages = new List<string>();
        for (var x = e; x is not null; x = x.InnerException) messages.Add(x.Message);
        return string.Join(" ", messages);
    }

    private static void Check(List<string> errors, string section, Action validate)
    {
        try
        {
            validate();
        }
        catch (ArgumentException e)
        {
            errors.Add($"{SectionName}:{section}: {e.Message}");
        }
    }
}

/// <summary>Settings a host cannot run with: every problem found, one per line, each naming its key.</summary>
public sealed class ObserverSettingsException : ArgumentException
{
    /// <summary>An exception listing <paramref name="problems"/>.</summary>
    public ObserverSettingsException(IReadOnlyList<string> problems)
        : base($"Invalid configuration (section {ObserverSettings.SectionName}):" + string.Concat(problems.Select(p => Environment.NewLine + "  - " + p))) =>
        Problems = problems;

    /// <summary>Each problem, prefixed with its key (<c>ObserveRtc:Tracker: …</c>).</summary>
    public IReadOnlyList<string> Problems { get; }
}
