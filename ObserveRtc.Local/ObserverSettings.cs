using ObserveRtc.Core.Calls;
using ObserveRtc.Core.Entities;
using ObserveRtc.Core.Options;
using ObserveRtc.Core.Publishing;
using ObserveRtc.Core.Reports;
using ObserveRtc.Core.Samples;
using ObserveRtc.Core.Storage;

namespace ObserveRtc.Local;

/// <summary>A configuration that cannot run: every problem found, one per line.</summary>
internal sealed class SettingsException(IReadOnlyList<string> problems)
    : Exception("Invalid configuration (section ObserveRtc):" + string.Concat(problems.Select(p => Environment.NewLine + "  - " + p)))
{
    public IReadOnlyList<string> Problems { get; } = problems;
}

/// <summary>
/// Every Core option the host uses, bound from the <c>ObserveRtc</c> configuration section with the
/// option names the Functions app settings use (<c>ObserveRtc:Storage:ConnectionString</c>,
/// <c>ObserveRtc__Storage__ConnectionString</c> as an environment variable), and validated at start
/// with the options' own <c>Validate()</c>. Unknown keys are errors, so a typo does not go unnoticed.
/// </summary>
internal sealed class ObserverSettings
{
    public const string Section = "ObserveRtc";

    /// <summary>Null when no table storage is used (a replay with <c>--out</c>).</summary>
    public TableStorageOptions? Storage { get; private init; }

    /// <summary>Null when <c>ObserveRtc:Publishing:Endpoint</c> is not set: nothing is published.</summary>
    public EventGridPublisherOptions? Publishing { get; private init; }

    public CallTrackerOptions Tracker { get; private init; } = new();
    public SfuTrackerOptions Sfu { get; private init; } = new();
    public SampleDecoderOptions Decoder { get; private init; } = new();
    public EntityOptions Entity { get; private init; } = new();
    public ReportSinkOptions Sinks { get; private init; } = new();
    public string DefaultServiceId { get; private init; } = "default";
    public string DefaultMediaUnitId { get; private init; } = "default";

    private static readonly string[] KnownSections =
        ["Storage", "Publishing", "Tracker", "Sfu", "Decoder", "Entity", "Sinks", "DefaultServiceId", "DefaultMediaUnitId"];

    /// <summary>Binds and validates; throws <see cref="SettingsException"/> listing every problem.</summary>
    /// <param name="configuration">The root configuration.</param>
    /// <param name="useTables">False when the caller writes elsewhere (replay <c>--out</c>): storage settings are then not required.</param>
    public static ObserverSettings Load(IConfiguration configuration, bool useTables)
    {
        var root = configuration.GetSection(Section);
        var problems = new List<string>();
        foreach (var child in root.GetChildren())
        {
            if (!KnownSections.Contains(child.Key, StringComparer.OrdinalIgnoreCase))
                problems.Add($"{Section}:{child.Key} is not a setting (known: {string.Join(", ", KnownSections)})");
        }

        var storage = useTables ? Bind<TableStorageOptions>(root, "Storage", problems) : null;
        if (storage is not null) Check(problems, "Storage", storage.Validate);

        EventGridPublisherOptions? publishing = null;
        if (root.GetSection("Publishing").Exists())
        {
            var bound = Bind<EventGridPublisherOptions>(root, "Publishing", problems);
            if (bound.Endpoint is not null || !string.IsNullOrEmpty(bound.AccessKey))
            {
                Check(problems, "Publishing", bound.Validate);
                publishing = bound;
            }
        }

        var tracker = Bind<CallTrackerOptions>(root, "Tracker", problems);
        Check(problems, "Tracker", tracker.Validate);
        var sfu = Bind<SfuTrackerOptions>(root, "Sfu", problems);
        Check(problems, "Sfu", sfu.Validate);
        var decoder = Bind<SampleDecoderOptions>(root, "Decoder", problems);
        Check(problems, "Decoder", () => decoder.Validate());
        var entity = Bind<EntityOptions>(root, "Entity", problems);
        Check(problems, "Entity", () => entity.Validate());
        var sinks = BindSinks(root.GetSection("Sinks"), problems);

        var serviceId = root["DefaultServiceId"] is { Length: > 0 } s ? s : "default";
        var mediaUnitId = root["DefaultMediaUnitId"] is { Length: > 0 } m ? m : "default";
        if (problems.Count > 0) throw new SettingsException(problems);
        return new ObserverSettings
        {
            Storage = storage,
            Publishing = publishing,
            Tracker = tracker,
            Sfu = sfu,
            Decoder = decoder,
            Entity = entity,
            Sinks = sinks,
            DefaultServiceId = serviceId,
            DefaultMediaUnitId = mediaUnitId,
        };
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
            problems.Add($"{Section}:{name}: {Flatten(e)}");
        }
        return options;
    }

    private static void Check(List<string> problems, string name, Action validate)
    {
        try
        {
            validate();
        }
        catch (ArgumentException e)
        {
            problems.Add($"{Section}:{name}: {e.Message}");
        }
    }

    /// <summary>The report-type sets replace the defaults when configured (the binder would add to them).</summary>
    private static ReportSinkOptions BindSinks(IConfigurationSection section, List<string> problems)
    {
        var options = new ReportSinkOptions();
        foreach (var child in section.GetChildren())
        {
            switch (child.Key.ToUpperInvariant())
            {
                case "TABLEREPORTTYPES":
                    options.TableReportTypes = ReportTypeSet(child, problems);
                    break;
                case "EVENTGRIDREPORTTYPES":
                    options.EventGridReportTypes = ReportTypeSet(child, problems);
                    break;
                case "PUBLISHCUSTOMEVENTS":
                    if (bool.TryParse(child.Value, out var publish)) options.PublishCustomEvents = publish;
                    else problems.Add($"{Section}:Sinks:PublishCustomEvents = '{child.Value}' is not true or false");
                    break;
                default:
                    problems.Add($"{Section}:Sinks:{child.Key} is not a setting (known: TableReportTypes, EventGridReportTypes, PublishCustomEvents)");
                    break;
            }
        }
        return options;
    }

    /// <summary>A list (<c>:0</c>, <c>:1</c>, … keys) or one comma-separated value.</summary>
    private static HashSet<string> ReportTypeSet(IConfigurationSection section, List<string> problems)
    {
        var values = section.Value is { } single
            ? single.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            : section.GetChildren().Select(c => c.Value ?? string.Empty).ToArray();
        var set = new HashSet<string>(StringComparer.Ordinal);
        foreach (var value in values)
        {
            if (ReportTypes.All.Contains(value)) set.Add(value);
            else problems.Add($"{Section}:Sinks:{section.Key}: '{value}' is not a report type (known: {string.Join(", ", ReportTypes.All)})");
        }
        return set;
    }


    private static string Flatten(Exception e)
    {
        var messages = new List<string>();
        for (var x = e; x is not null; x = x.InnerException) messages.Add(x.Message);
        return string.Join(" ", messages);
    }
}
