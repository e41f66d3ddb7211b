using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Configuration;
using ObserveRtc.Core.Options;
using ObserveRtc.Core.Reports;
using ObserveRtc.Local;

namespace ObserveRtc.Tests.Local;

/// <summary>Configuration binding and validation at start: every problem listed, typos caught, the option names of the Functions app settings.</summary>
public class LocalSettingsTests
{
    private static ObserverSettings Load(params (string Key, string Value)[] values) =>
        ObserverSettings.Load(new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => KeyValuePair.Create(v.Key, (string?)v.Value))).Build());

    private const string Storage = "ObserveRtc:Storage:ConnectionString";
    private const string Azurite = "UseDevelopmentStorage=true";

    [Fact]
    public void Load_EverySection_BindsTheCoreOptions()
    {
        var settings = Load(
            (Storage, Azurite),
            ("ObserveRtc:Storage:TablePrefix", "Dev1"),
            ("ObserveRtc:Publishing:Endpoint", "http://127.0.0.1:18765/api/events"),
            ("ObserveRtc:Publishing:AccessKey", "k"),
            ("ObserveRtc:Tracker:ClientIdleTimeout", "00:01:00"),
            ("ObserveRtc:Sfu:SfuIdleTimeout", "00:02:00"),
            ("ObserveRtc:Decoder:MaxBodyBytes", "65536"),
            ("ObserveRtc:Entity:EndedStateRetention", "00:00:10"),
            ("ObserveRtc:Sinks:EventGridReportTypes", "CALL_EVENT, CALL_SUMMARY"),
            ("ObserveRtc:Sinks:TableReportTypes:0", "CALL_EVENT"),
            ("ObserveRtc:DefaultServiceId", "svc"));

        Assert.Equal("Dev1", settings.Storage.TablePrefix);
        Assert.Equal(new Uri("http://127.0.0.1:18765/api/events"), settings.Publishing!.Endpoint);
        Assert.Equal(TimeSpan.FromMinutes(1), settings.Tracker.ClientIdleTimeout);
        Assert.Equal(TimeSpan.FromMinutes(2), settings.Sfu.SfuIdleTimeout);
        Assert.Equal(65536, settings.Decoder.MaxBodyBytes);
        Assert.Equal(TimeSpan.FromSeconds(10), settings.Entity.EndedStateRetention);
        // Configured sets replace the defaults (the binder alone would add to them).
        Assert.Equal(new[] { ReportTypes.CallEvent, ReportTypes.CallSummary }.Order(), settings.SinkOptions.EventGridReportTypes.Order());
        Assert.Equal([ReportTypes.CallEvent], settings.SinkOptions.TableReportTypes);
        Assert.Equal("svc", settings.DefaultServiceId);
        Assert.Equal("default", settings.DefaultMediaUnitId);
    }

    [Fact]
    public void Load_NoPublishingEndpoint_PublishesNothing()
    {
        Assert.Null(Load((Storage, Azurite)).Publishing);
    }

    [Fact]
    public async Task NoEventGrid_EventsFileHeldByAnotherObserver_ThisOneWritesItsOwnFile_AndAnEmptyPathStillLogs()
    {
        var dir = Path.Combine(Path.GetTempPath(), "events-" + Guid.NewGuid().ToString("N"));
        var file = Path.Combine(dir, "events.jsonl");
        var echoed = new List<string>();
        try
        {
            using var first = ObserverRuntime.ForTables(Load((Storage, Azurite)), null, eventsFile: file, echo: r => echoed.Add(r.Id));
            // A second host in the same directory: refused the file (it would truncate the first's), writes its own.
            using var second = ObserverRuntime.ForTables(Load((Storage, Azurite)), null, eventsFile: file, echo: r => echoed.Add(r.Id));
            using var quiet = ObserverRuntime.ForTables(Load((Storage, Azurite)), null, eventsFile: "", echo: r => echoed.Add(r.Id));

            Assert.Contains(file, first.DescribeEvents(), StringComparison.Ordinal);
            Assert.Contains($"events-{Environment.ProcessId}.jsonl", second.DescribeEvents(), StringComparison.Ordinal);
            Assert.StartsWith("the console (", quiet.DescribeEvents(), StringComparison.Ordinal);
            var published = await quiet.Publisher!.PublishAsync([ObserveRtc.Tests.Support.TestReports.CallEvent("svc", "call-1", "CALL_STARTED", 1_700_000_000_000)]);
            Assert.True(published.Succeeded);
            Assert.Single(echoed); // logged, though no file is written
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Load_BadValues_ListsEveryProblemWithItsKey()
    {
        var e = Assert.Throws<ObserverSettingsException>(() => Load(
            (Storage, Azurite),
            ("ObserveRtc:Storage:ServiceUri", "https://x.table.core.windows.net"),
            ("ObserveRtc:Tracker:ClientIdleTimeout", "00:00:00"),
            ("ObserveRtc:Sfu:SfuIdelTimeout", "00:01:00"),
            ("ObserveRtc:Decoder:MaxBodyBytes", "12"),
            ("ObserveRtc:Entity:RetryInitialDelay", "soon"),
            ("ObserveRtc:Sinks:EventGridReportTypes:0", "CALL_STARTED"),
            ("ObserveRtc:Trackr:X", "1")));

        Assert.True(e.Problems.Count == 7, string.Join("\n", e.Problems));
        Assert.Contains(e.Problems, p => p.StartsWith("ObserveRtc:Storage:", StringComparison.Ordinal) && p.Contains("exactly one", StringComparison.Ordinal));
        Assert.Contains(e.Problems, p => p.StartsWith("ObserveRtc:Tracker:", StringComparison.Ordinal) && p.Contains("ClientIdleTimeout = 00:00:00", StringComparison.Ordinal));
        Assert.Contains(e.Problems, p => p.StartsWith("ObserveRtc:Sfu:", StringComparison.Ordinal) && p.Contains("SfuIdelTimeout", StringComparison.Ordinal));
        Assert.Contains(e.Problems, p => p.StartsWith("ObserveRtc:Decoder:", StringComparison.Ordinal) && p.Contains("MaxBodyBytes=12", StringComparison.Ordinal));
        Assert.Contains(e.Problems, p => p.StartsWith("ObserveRtc:Entity:", StringComparison.Ordinal) && p.Contains("soon", StringComparison.Ordinal));
        Assert.Contains(e.Problems, p => p.Contains("'CALL_STARTED' is not a report type", StringComparison.Ordinal));
        Assert.Contains(e.Problems, p => p.StartsWith("ObserveRtc:Trackr is not a setting", StringComparison.Ordinal));
        Assert.Contains("  - ObserveRtc:Decoder:", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_InvalidConfiguration_FailsBeforeStarting()
    {
        var e = Assert.Throws<ObserverSettingsException>(() => LocalHost.Build(["--urls=http://127.0.0.1:0", "--ObserveRtc:Tracker:CallEmptyTimeout=-00:00:01"]));
        Assert.Contains(e.Problems, p => p.Contains("CallEmptyTimeout", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Start_StorageUnreachable_FailsWithAClearMessage()
    {
        int port;
        using (var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0))
        {
            listener.Start();
            port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        }
        await using var app = LocalHost.Build(
        [
            "--urls=http://127.0.0.1:0",
            $"--ObserveRtc:Storage:ConnectionString=DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=a2V5;TableEndpoint=http://127.0.0.1:{port}/devstoreaccount1;",
            "--ObserveRtc:Storage:MaxRetries=0",
        ], b => b.Logging.ClearProviders());
        var e = await Assert.ThrowsAsync<StorageUnreachableException>(() => app.StartAsync());
        Assert.Contains($"http://127.0.0.1:{port}/devstoreaccount1 is not reachable", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("a2V5", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_StoppedWhileWaitingForStorage_EndsWithOneLineAndExit130()
    {
        using var storage = new SilentPort();
        var logs = new LogCapture();
        await using var app = LocalHost.Build(
            ["--urls=http://127.0.0.1:0", $"--ObserveRtc:Storage:ConnectionString={storage.ConnectionString}"],
            b =>
            {
                b.Logging.ClearProviders();
                b.Logging.AddProvider(logs);
            });
        var stderr = new StringWriter();

        var run = LocalHost.RunAsync(app, stderr);
        using var waiting = await storage.AcceptAsync(); // the host waits for its tables
        app.Lifetime.StopApplication(); // what Ctrl-C and SIGTERM do

        // Was: a TaskCanceledException escaped (an unhandled exception's stack trace), and the host logged it too.
        Assert.Equal(130, await run); // 128 + SIGINT
        Assert.Equal(
            $"Stopped before the observer started (it was waiting for Table Storage, tables ObserveRtc* at http://127.0.0.1:{storage.Port}/devstoreaccount1); nothing was received.",
            Assert.Single(stderr.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries)));
        Assert.DoesNotContain(logs.Lines, l => l.Level >= LogLevel.Error || l.Error is not null);
    }
}

/// <summary>The README's configuration table names every option the host binds.</summary>
public class LocalSettingsDocsTests
{
    [Theory]
    [InlineData("Storage", typeof(ObserveRtc.Core.Storage.TableStorageOptions))]
    [InlineData("Publishing", typeof(ObserveRtc.Core.Publishing.EventGridPublisherOptions))]
    [InlineData("Tracker", typeof(ObserveRtc.Core.Calls.CallTrackerOptions))]
    [InlineData("Sfu", typeof(ObserveRtc.Core.Calls.SfuTrackerOptions))]
    [InlineData("Decoder", typeof(ObserveRtc.Core.Samples.SampleDecoderOptions))]
    [InlineData("Entity", typeof(ObserveRtc.Core.Entities.EntityOptions))]
    [InlineData("Sinks", typeof(ObserveRtc.Core.Options.ReportSinkOptions))]
    public void Readme_ConfigurationTable_ListsEveryOption(string section, Type options)
    {
        var readme = File.ReadAllText(Path.Combine(Storage.AzuriteProcess.RepoRoot(), "README.md"));
        var rows = readme.Split('\n').Where(l => l.StartsWith($"| `{section}:", StringComparison.Ordinal)).ToList();
        var settable = options.GetProperties().Where(p => p.SetMethod is { IsPublic: true }).Select(p => p.Name);
        Assert.All(settable, name => Assert.Contains(rows, r => System.Text.RegularExpressions.Regex.IsMatch(r, $@"[`:, ]{name}[`, ]")));
    }
}
