using Microsoft.Extensions.Configuration;
using ObserveRtc.Core.Options;
using ObserveRtc.Core.Pipeline;
using ObserveRtc.Core.Reports;

namespace ObserveRtc.Tests.Options;

/// <summary>
/// The settings both hosts read from the <c>ObserveRtc</c> section (app settings <c>ObserveRtc__…</c>):
/// <see cref="ObserverSettings.Load"/>, as <c>ObserveRtc.Functions</c> and <c>ObserveRtc.Local</c> call
/// it, and the plain binder (<c>Get&lt;ObserverSettings&gt;()</c>) followed by <see cref="ObserverSettings.Validate"/>.
/// </summary>
public class ObserverSettingsTests
{
    private static IConfiguration Configuration(Dictionary<string, string?> appSettings) =>
        // App settings arrive as environment variables with "__"; configuration keys use ":".
        new ConfigurationBuilder()
            .AddInMemoryCollection(appSettings.ToDictionary(kv => kv.Key.Replace("__", ":", StringComparison.Ordinal), kv => kv.Value))
            .Build();

    private static ObserverSettings Bind(Dictionary<string, string?> appSettings) =>
        Configuration(appSettings).GetSection(ObserverSettings.SectionName).Get<ObserverSettings>() ?? new ObserverSettings();

    private static ObserverSettings Load(Dictionary<string, string?> appSettings) => ObserverSettings.Load(Configuration(appSettings));

    [Fact]
    public void TheAppSettingsOfInfraAndReadme_BindToCoreOptions()
    {
        // The names infra/app/observer.bicep sets on the function app.
        var settings = Load(new()
        {
            ["ObserveRtc__Storage__ServiceUri"] = "https://st123.table.core.windows.net",
            ["ObserveRtc__Storage__TablePrefix"] = "observertc",
            ["ObserveRtc__Publishing__Endpoint"] = "https://evgt-123.westeurope-1.eventgrid.azure.net/api/events",
        });

        Assert.Equal(new Uri("https://st123.table.core.windows.net"), settings.Storage.ServiceUri);
        Assert.Null(settings.Storage.ConnectionString);
        Assert.Equal("observertc", settings.Storage.TablePrefix);
        Assert.Equal(new Uri("https://evgt-123.westeurope-1.eventgrid.azure.net/api/events"), settings.Publishing!.Endpoint);
        Assert.True(settings.PublishesToEventGrid);
        Assert.Equal("default", settings.IngestDefaults.ServiceId);
    }

    [Theory]
    [InlineData("ObserveRtc__Storage__ServiceUri", "http://st123.table.core.windows.net", "Storage")]
    [InlineData("ObserveRtc__Storage__ServiceUri", "st123.table.core.windows.net", "Storage")]
    [InlineData("ObserveRtc__Publishing__Endpoint", "http://evgt-123.westeurope-1.eventgrid.azure.net/api/events", "Publishing")]
    public void AnAddressThatCannotSignIn_IsAProblemAtStart(string name, string value, string section)
    {
        // They passed: the worker started and every write (DefaultAzureCredential over http) failed, or
        // the relative storage address crashed the start without naming the setting.
        var appSettings = new Dictionary<string, string?>
        {
            ["ObserveRtc__Storage__ServiceUri"] = "https://st123.table.core.windows.net",
            ["ObserveRtc__Publishing__Endpoint"] = "https://evgt-123.westeurope-1.eventgrid.azure.net/api/events",
        };
        appSettings[name] = value;

        var e = Assert.Throws<ObserverSettingsException>(() => Load(appSettings));

        Assert.Contains($"ObserveRtc:{section}", e.Message, StringComparison.Ordinal);
        Assert.Contains("https", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AnHttpTopicWithAKey_IsStillAccepted()
    {
        var settings = Load(new()
        {
            ["ObserveRtc__Storage__ConnectionString"] = "UseDevelopmentStorage=true",
            ["ObserveRtc__Publishing__Endpoint"] = "http://127.0.0.1:5000/api/events",
            ["ObserveRtc__Publishing__AccessKey"] = "k",
        });

        Assert.True(settings.PublishesToEventGrid);
    }

    [Fact]
    public void TheLocalSettingsSample_Binds()
    {
        using var doc = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(RepoRoot(), "local.settings.sample.json")));
        var values = doc.RootElement.GetProperty("Values").EnumerateObject().ToDictionary(p => p.Name, p => (string?)p.Value.GetString());

        var settings = ObserverSettings.Load(Configuration(values));

        Assert.NotNull(settings.Storage.ConnectionString);
        Assert.Equal("observertclocal", settings.Storage.TablePrefix);
        Assert.Equal(new Uri("http://127.0.0.1:18765/api/events"), settings.Publishing!.Endpoint);
        Assert.Equal("local-dev-key", settings.Publishing.AccessKey);
    }

    [Fact]
    public void NestedOptions_Defaults_AndTimeSpans_Bind()
    {
        var settings = Bind(new()
        {
            ["ObserveRtc__Storage__ConnectionString"] = "UseDevelopmentStorage=true",
            ["ObserveRtc__Tracker__ClientIdleTimeout"] = "00:01:00",
            ["ObserveRtc__Sfu__SfuIdleTimeout"] = "00:02:00",
            ["ObserveRtc__Decoder__MaxBodyBytes"] = "200000",
            ["ObserveRtc__Entity__MaxDeliveryAttempts"] = "7",
            ["ObserveRtc__Sinks__PublishCustomEvents"] = "true",
            ["ObserveRtc__DefaultServiceId"] = "svc",
            ["ObserveRtc__DefaultMediaUnitId"] = "mu",
        }).Validate();

        Assert.Equal(TimeSpan.FromMinutes(1), settings.Tracker.ClientIdleTimeout);
        Assert.Equal(200_000, settings.Decoder.MaxBodyBytes);
        Assert.Equal(7, settings.Entity.MaxDeliveryAttempts);
        Assert.True(settings.SinkOptions.PublishCustomEvents);
        Assert.Equal(new Core.Ingest.IngestDefaults("svc", "mu"), settings.IngestDefaults);
        Assert.False(settings.PublishesToEventGrid);
    }

    [Fact]
    public void ReportTypeLists_FromConfiguration_ReplaceTheDefaults()
    {
        var settings = Bind(new()
        {
            ["ObserveRtc__Storage__ConnectionString"] = "UseDevelopmentStorage=true",
            ["ObserveRtc__Sinks__EventGridReportTypes__0"] = ReportTypes.CallSummary,
        }).Validate();

        Assert.Equal([ReportTypes.CallSummary], settings.SinkOptions.EventGridReportTypes);
        Assert.Equal(ReportSinkOptions.KnownReportTypes.Order(), settings.SinkOptions.TableReportTypes.Order());
    }

    [Fact]
    public void ReportSinkOptions_BoundDirectly_CannotBeNarrowed_WhichIsWhyTheSettingsUseLists()
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Sinks:EventGridReportTypes:0"] = ReportTypes.CallSummary }).Build();

        var direct = config.GetSection("Sinks").Get<ReportSinkOptions>()!;

        Assert.Equal(3, direct.EventGridReportTypes.Count);
    }

    [Fact]
    public void Validate_NamesEveryInvalidPart()
    {
        var settings = Bind(new()
        {
            ["ObserveRtc__Tracker__ClientIdleTimeout"] = "00:00:00.1",
            ["ObserveRtc__Publishing__AccessKey"] = "key",
            ["ObserveRtc__Sinks__TableReportTypes__0"] = "CALL_EVNT",
            ["ObserveRtc__DefaultServiceId"] = "a/b",
        });

        var error = Assert.Throws<ObserverSettingsException>(() => settings.Validate()).Message;

        Assert.Contains("Storage:", error, StringComparison.Ordinal);
        Assert.Contains("Publishing: AccessKey is set but Endpoint is not", error, StringComparison.Ordinal);
        Assert.Contains("Tracker:", error, StringComparison.Ordinal);
        Assert.Contains("CALL_EVNT", error, StringComparison.Ordinal);
        Assert.Contains("DefaultServiceId:", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_ChecksPublishingWhenAnEndpointIsSet()
    {
        var settings = Bind(new()
        {
            ["ObserveRtc__Storage__ConnectionString"] = "UseDevelopmentStorage=true",
            ["ObserveRtc__Publishing__Endpoint"] = "https://topic/api/events",
            ["ObserveRtc__Publishing__MaxEventsPerRequest"] = "0",
        });

        Assert.Contains("Publishing:", Assert.Throws<ObserverSettingsException>(() => settings.Validate()).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Services_WithoutAnEndpoint_PublishNothing_WithOne_HaveAPublisher()
    {
        var local = ObserverServices.Create(new ObserverSettings { Storage = { ConnectionString = "UseDevelopmentStorage=true" } });
        Assert.Null(local.Publisher);

        var azure = ObserverServices.Create(new ObserverSettings
        {
            Storage = { ServiceUri = new Uri("https://st.table.core.windows.net") },
            Publishing = new Core.Publishing.EventGridPublisherOptions { Endpoint = new Uri("https://topic.westeurope-1.eventgrid.azure.net/api/events"), AccessKey = "k" },
        });
        Assert.NotNull(azure.Publisher);
        Assert.NotNull(azure.Batch);
    }

    [Fact]
    public void Services_InvalidSettings_Throw()
    {
        Assert.Throws<ObserverSettingsException>(() => ObserverServices.Create(new ObserverSettings()));
    }

    [Fact]
    public void Load_AMisspeltAppSetting_IsAProblem_NotASilentDefault()
    {
        var e = Assert.Throws<ObserverSettingsException>(() => Load(new()
        {
            ["ObserveRtc__Storage__ServiceUri"] = "https://st123.table.core.windows.net",
            ["ObserveRtc__Tracker__ClientIdelTimeout"] = "00:01:00",
            ["ObserveRtc__Sinks__EventGridReportTypes"] = "CALL_EVENT,CALL_SUMARY",
            ["ObserveRtc__Publisher__Endpoint"] = "https://topic/api/events",
        }));

        Assert.True(e.Problems.Count == 3, string.Join("\n", e.Problems));
        Assert.Contains(e.Problems, p => p.StartsWith("ObserveRtc:Tracker:", StringComparison.Ordinal) && p.Contains("ClientIdelTimeout", StringComparison.Ordinal));
        Assert.Contains(e.Problems, p => p.StartsWith("ObserveRtc:Sinks:EventGridReportTypes: 'CALL_SUMARY' is not a report type", StringComparison.Ordinal));
        Assert.Contains(e.Problems, p => p.StartsWith("ObserveRtc:Publisher is not a setting", StringComparison.Ordinal));
    }

    [Fact]
    public void Load_WithoutStorage_IsAProblem_UnlessTheHostWritesElsewhere()
    {
        var e = Assert.Throws<ObserverSettingsException>(() => Load(new() { ["ObserveRtc__DefaultServiceId"] = "svc" }));
        Assert.Equal(["ObserveRtc:Storage: " + Assert.Throws<ArgumentException>(() => new Core.Storage.TableStorageOptions().Validate()).Message], e.Problems);

        var settings = ObserverSettings.Load(Configuration(new() { ["ObserveRtc__DefaultServiceId"] = "svc" }), requireStorage: false);
        Assert.Equal("svc", settings.DefaultServiceId);
        Assert.Null(settings.Publishing);
    }

    [Fact]
    public void SinkOptions_Validate_RejectsUnknownTypes_AcceptsEmptyLists()
    {
        Assert.Throws<ArgumentException>(() => new ReportSinkOptions { EventGridReportTypes = new HashSet<string> { "call_event" } }.Validate());
        new ReportSinkOptions { EventGridReportTypes = new HashSet<string>(), TableReportTypes = new HashSet<string>() }.Validate();
        new ReportSinkOptions().Validate();
    }

    private static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "local.settings.sample.json"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("repository root not found");
    }
}

/// <summary>Every <c>ObserveRtc__…</c> app setting named in infra, the README and the local settings sample is a real setting.</summary>
public class AppSettingNamesTests
{
    [Theory]
    [InlineData("infra/app/observer.bicep")]
    [InlineData("README.md")]
    [InlineData("local.settings.sample.json")]
    public void EveryObserveRtcAppSettingName_IsAPropertyPathOfObserverSettings(string file)
    {
        var text = File.ReadAllText(Path.Combine(RepoRoot(), file));
        var names = System.Text.RegularExpressions.Regex.Matches(text, @"ObserveRtc__[A-Za-z0-9_]+").Select(m => m.Value.TrimEnd('_')).Distinct().ToList();

        Assert.NotEmpty(names);
        Assert.All(names, name => Assert.True(Resolves(name), $"{file}: {name} does not bind to ObserverSettings"));
    }

    /// <summary>Walks the property path as the configuration binder does (case-insensitive; list indexes skipped).</summary>
    private static bool Resolves(string name)
    {
        var type = typeof(ObserverSettings);
        foreach (var part in name.Split("__").Skip(1))
        {
            if (int.TryParse(part, out _)) continue;
            var property = type.GetProperty(part, System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.IgnoreCase);
            if (property is null || !property.CanWrite) return false;
            type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IList<>)) type = type.GetGenericArguments()[0];
        }
        return true;
    }

    private static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "local.settings.sample.json"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("repository root not found");
    }
}
