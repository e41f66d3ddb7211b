using System.Text.Json;
using ObserveRtc.Core.Calls;
using ObserveRtc.Core.Reports;
using ObserveRtc.Core.Samples;
using ObserveRtc.Local.Replay;
using ObserveRtc.Tests.Storage;

namespace ObserveRtc.Tests.Local;

/// <summary>The replay command run in-process: a recording in, the lifecycle and JSON lines out, a summary a person can read.</summary>
public sealed class ReplayCommandTests : IDisposable
{
    private readonly string _out = Path.Combine(Path.GetTempPath(), "replay-" + Guid.NewGuid().ToString("N"));

    private static async Task<(int Exit, string Stdout, string Stderr)> RunAsync(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var exit = await ReplayCommand.RunAsync(args, stdout, stderr, CancellationToken.None);
        return (exit, stdout.ToString(), stderr.ToString());
    }

    private List<JsonElement> ReportLines() =>
        File.ReadLines(Path.Combine(_out, "reports.jsonl")).Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList();

    private static IEnumerable<string?> EventNames(IEnumerable<JsonElement> reports) =>
        reports.Where(r => r.GetProperty("type").GetString() == ReportTypes.CallEvent).Select(r => r.GetProperty("payload").GetProperty("name").GetString());

    [Fact]
    public async Task Replay_Recording_GivesTheCallLifecycleAsJsonLines()
    {
        var (exit, stdout, stderr) = await RunAsync(Recording.PathOf("mesh-3-late-joiner-leaves-first.schema2.jsonl"), "--out", _out);

        Assert.True(exit == 0, stderr);
        var reports = ReportLines();
        Assert.All(reports, r =>
        {
            Assert.Equal(Report.CurrentSchemaVersion, r.GetProperty("schemaVersion").GetString());
            Assert.Equal(JsonValueKind.Object, r.GetProperty("payload").ValueKind);
            Assert.Contains(r.GetProperty("type").GetString(), ObserveRtc.Core.Reports.ReportTypes.All);
        });
        var names = EventNames(reports).ToList();
        Assert.Single(names, n => n == CallEventNames.CallStarted);
        Assert.Single(names, n => n == CallEventNames.CallEnded);
        Assert.Equal(3, names.Count(n => n == CallEventNames.ClientJoined));
        Assert.Equal(3, names.Count(n => n == CallEventNames.ClientLeft));
        Assert.Single(reports, r => r.GetProperty("type").GetString() == ReportTypes.CallSummary);
        // No Event Grid endpoint: the events Event Grid would get are CloudEvents in events.jsonl.
        var events = File.ReadLines(Path.Combine(_out, "events.jsonl")).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("type").GetString()).ToList();
        Assert.Equal(3, events.Count(t => t == "org.observertc.client.joined"));
        Assert.Single(events, t => t == "org.observertc.call.summary");
        Assert.Contains($"{Path.Combine(Path.GetFullPath(_out), "events.jsonl")} ({events.Count} lines)", stdout, StringComparison.Ordinal);

        var lines = File.ReadLines(Recording.PathOf("mesh-3-late-joiner-leaves-first.schema2.jsonl")).Count(l => l.Length > 0);
        Assert.Contains($"  calls           1\n", stdout, StringComparison.Ordinal);
        Assert.Contains($"  clients         3\n", stdout, StringComparison.Ordinal);
        Assert.Contains($"  samples         {lines:N0} accepted, 0 rejected", stdout, StringComparison.Ordinal);
        Assert.Contains($"{reports.Count:N0} lines)", stdout, StringComparison.Ordinal);
        Assert.Contains("  CALL_STARTED", stdout, StringComparison.Ordinal);
        Assert.Contains($"{lines} / {lines} lines (100%)", stderr, StringComparison.Ordinal);
    }

    /// <summary>A fixture as one line of a replay file.</summary>
    private static string Compact(string fixture) => JsonSerializer.Serialize(JsonDocument.Parse(Fixture.Bytes(fixture)).RootElement);

    /// <summary>Writes the lines to <c>bare.jsonl</c> in the output directory.</summary>
    private async Task<string> BareFileAsync(params string[] lines)
    {
        Directory.CreateDirectory(_out);
        var file = Path.Combine(_out, "bare.jsonl");
        await File.WriteAllLinesAsync(file, lines);
        return file;
    }

    [Fact]
    public async Task Replay_BareBodiesAndGarbage_UsesSampleTimestampsAndKeepsTheRejections()
    {
        var file = await BareFileAsync(
            Compact("schema2.2-samples-client-alice-join-seq0.json"),
            "",
            "this is not json",
            Compact("schema2.2-samples-client-bob-steady-seq3.json"),
            Compact("schema2.2-samples-client-alice-leave-seq15.json"));

        // The fixtures are minutes apart: a client idle timeout of 5 min keeps them in one call.
        var (exit, stdout, stderr) = await RunAsync(file, "--out", _out, "--service-id", "svc-x", "--ObserveRtc:Tracker:ClientIdleTimeout=00:05:00");

        Assert.True(exit == 0, stderr);
        Assert.True(stdout.Contains("  calls           1\n", StringComparison.Ordinal), stdout);
        Assert.Contains("3 accepted, 1 rejected", stdout, StringComparison.Ordinal);
        Assert.Contains("malformed-json", stdout, StringComparison.Ordinal);
        // The virtual clock ran on the samples' timestamps (2024-01-15), not on the wall clock.
        Assert.Contains("recording       2024-01-15 10:00:00Z → 2024-01-15 10:02:30Z", stdout, StringComparison.Ordinal);
        var reports = ReportLines();
        Assert.All(reports, r => Assert.Equal("svc-x", r.GetProperty("payload").GetProperty("serviceId").GetString()));
        Assert.Equal(2, EventNames(reports).Count(n => n == CallEventNames.ClientJoined));
        var rejected = JsonDocument.Parse(Assert.Single(File.ReadAllLines(Path.Combine(_out, "rejected.jsonl")))).RootElement;
        Assert.Equal(RejectReasons.MalformedJson, rejected.GetProperty("reason").GetString());
        Assert.Equal("replay:bare.jsonl:3", rejected.GetProperty("sourceId").GetString());
    }

    [Fact]
    public async Task Replay_FirstLinesWithoutATime_WaitForTheFirstTimedLine_TheClockStaysOnTheRecording()
    {
        var file = await BareFileAsync(
            "this is not json",
            """{"controls":{"close":false}}""",
            Compact("schema2.2-samples-client-alice-join-seq0.json"),
            Compact("schema2.2-samples-client-bob-steady-seq3.json"),
            Compact("schema2.2-samples-client-alice-leave-seq15.json"));

        var (exit, stdout, stderr) = await RunAsync(file, "--out", _out, "--ObserveRtc:Tracker:ClientIdleTimeout=00:05:00");

        Assert.True(exit == 0, stderr);
        // Was: the first line pinned the clock to the wall clock, and every sample after it was "now".
        Assert.Contains("recording       2024-01-15 10:00:00Z → 2024-01-15 10:02:30Z", stdout, StringComparison.Ordinal);
        Assert.True(stdout.Contains("  calls           1\n", StringComparison.Ordinal), stdout);
        var rejected = JsonDocument.Parse(Assert.Single(File.ReadAllLines(Path.Combine(_out, "rejected.jsonl")))).RootElement;
        Assert.Equal("replay:bare.jsonl:1", rejected.GetProperty("sourceId").GetString());
        // Received at the first timed line's time (2024-01-15 10:00:00Z), not at the wall clock.
        Assert.Equal(DateTimeOffset.Parse("2024-01-15T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture).ToUnixTimeMilliseconds(),
            rejected.GetProperty("receivedAt").GetInt64());
    }

    [Fact]
    public async Task Replay_TimesPastTheYear9999_AreBadLinesWithTheirReason_AndTheSummaryIsWritten()
    {
        var alice = Compact("schema2.2-samples-client-alice-join-seq0.json");
        var bob = System.Text.Json.Nodes.JsonNode.Parse(Fixture.Bytes("schema2.2-samples-client-bob-steady-seq3.json"))!;
        bob["clientSamples"]![0]!["timestamp"] = 1705312830000000; // microseconds
        var file = await BareFileAsync(
            $$"""{"receivedAt":1705312800000,"sample":{{alice}}}""",
            $$"""{"receivedAt":1705312800000000,"sample":{{alice}}}""",
            bob.ToJsonString());

        var (exit, stdout, stderr) = await RunAsync(file, "--out", _out);

        // Was: the microseconds were taken as the clock, and the summary threw ArgumentOutOfRangeException.
        Assert.True(exit == 0, stderr);
        Assert.Contains("1 accepted, 2 rejected", stdout, StringComparison.Ordinal);
        Assert.Contains("recording       2024-01-15 10:00:00Z → 2024-01-15 10:00:00Z", stdout, StringComparison.Ordinal);
        var rejected = File.ReadAllLines(Path.Combine(_out, "rejected.jsonl")).Select(l => JsonDocument.Parse(l).RootElement.Clone())
            .ToDictionary(r => r.GetProperty("sourceId").GetString()!);
        var line2 = rejected["replay:bare.jsonl:2"];
        Assert.Equal(RejectReasons.InvalidValue, line2.GetProperty("reason").GetString());
        Assert.Equal("receivedAt 1705312800000000 is not epoch milliseconds from 1970 to 9999-12-31", line2.GetProperty("detail").GetString());
        Assert.StartsWith("{\"receivedAt\":1705312800000000,", line2.GetProperty("bodyPrefix").GetString(), StringComparison.Ordinal);
        // A body's own timestamp past 9999 is no time for the line: the decoder rejects it against the clock.
        var line3 = rejected["replay:bare.jsonl:3"];
        Assert.Equal(RejectReasons.InvalidValue, line3.GetProperty("reason").GetString());
        Assert.Contains("timestamp 1705312830000000 is more than", line3.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Replay_ALineAtTheLastMillisecondOf9999_TimersRunPastIt_TheSummaryStillTellsTheTimes()
    {
        var body = """{"clientId":"c1","callId":"k1","timestamp":253402300799999}""";
        var file = await BareFileAsync($$"""{"receivedAt":253402300799999,"sample":{{body}}}""");

        var (exit, stdout, stderr) = await RunAsync(file, "--out", _out);

        Assert.True(exit == 0, stderr);
        Assert.Contains("timers drained to 9999-12-31 23:59:59Z", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Replay_IntoADirectoryAnotherReplayIsWriting_FailsClearly_AndLeavesItsFilesAlone()
    {
        Directory.CreateDirectory(_out);
        var reportsFile = Path.Combine(_out, "reports.jsonl");
        await File.WriteAllTextAsync(reportsFile, "{\"kept\":true}\n");
        using (new FileStream(reportsFile, FileMode.Open, FileAccess.Write, FileShare.None)) // held, as a running replay holds it
        {
            var (exit, _, stderr) = await RunAsync(Recording.PathOf("p2p-1to1.schema2.jsonl"), "--out", _out);

            Assert.Equal(1, exit);
            Assert.Contains($"cannot write to {_out}", stderr, StringComparison.Ordinal);
        }
        Assert.Equal("{\"kept\":true}\n", await File.ReadAllTextAsync(reportsFile));
    }

    [Theory]
    [InlineData]
    [InlineData("no-such-file.jsonl")]
    [InlineData("{file}", "--speed", "0")]
    [InlineData("{file}", "--out")]
    [InlineData("{file}", "--bogus")]
    [InlineData("{file}", "{file}")]
    public async Task Replay_BadArguments_Exit2WithUsage(params string[] args)
    {
        var file = Recording.PathOf("p2p-1to1.schema2.jsonl");
        var (exit, stdout, stderr) = await RunAsync(args.Select(a => a.Replace("{file}", file, StringComparison.Ordinal)).ToArray());
        Assert.Equal(2, exit);
        Assert.Contains("Usage:", stderr, StringComparison.Ordinal);
        Assert.Empty(stdout);
    }

    [Fact]
    public async Task Replay_InvalidSetting_Exit2WithTheProblem()
    {
        var (exit, _, stderr) = await RunAsync(Recording.PathOf("p2p-1to1.schema2.jsonl"), "--out", _out, "--ObserveRtc:Tracker:ClientIdleTimeout=00:00:00");
        Assert.Equal(2, exit);
        Assert.Contains("ObserveRtc:Tracker:", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Replay_Speed_PacesByReceivedAtGaps()
    {
        Directory.CreateDirectory(_out);
        var file = Path.Combine(_out, "paced.jsonl");
        var body = """{"clientId":"c1","callId":"k1","timestamp":1756000000000}""";
        await File.WriteAllLinesAsync(file,
        [
            $$"""{"receivedAt":1756000000000,"sample":{{body}}}""",
            $$"""{"receivedAt":1756000004000,"sample":{{body.Replace("000000000}", "000004000}", StringComparison.Ordinal)}}}""",
        ]);
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var (exit, _, stderr) = await RunAsync(file, "--out", _out, "--speed", "8");
        Assert.True(exit == 0, stderr);
        Assert.InRange(watch.Elapsed, TimeSpan.FromMilliseconds(450), TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task Replay_CancelledWhileWaitingForStorage_EndsWithOneLineAndExit130()
    {
        using var storage = new SilentPort();
        using var cancel = new CancellationTokenSource();
        var stderr = new StringWriter();

        var run = ReplayCommand.RunAsync([Recording.PathOf("p2p-1to1.schema2.jsonl"), $"--ObserveRtc:Storage:ConnectionString={storage.ConnectionString}"],
            new StringWriter(), stderr, cancel.Token);
        using var waiting = await storage.AcceptAsync(); // the replay waits for its tables
        await cancel.CancelAsync(); // Ctrl-C

        // Was: the TaskCanceledException escaped the command (an unhandled exception's stack trace).
        Assert.Equal(130, await run); // 128 + SIGINT
        Assert.Equal(
            $"replay: cancelled while waiting for Table Storage, tables ObserveRtc* at http://127.0.0.1:{storage.Port}/devstoreaccount1; nothing was replayed",
            Assert.Single(stderr.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries)));
    }

    /// <summary>Stderr that cancels the replay once a line holding <paramref name="text"/> is written.</summary>
    private sealed class CancelOnLine(string text, CancellationTokenSource cancel) : StringWriter
    {
        public override void WriteLine(string? value)
        {
            base.WriteLine(value);
            if (value?.Contains(text, StringComparison.Ordinal) == true) cancel.Cancel();
        }

        public override Task WriteLineAsync(string? value)
        {
            WriteLine(value);
            return Task.CompletedTask;
        }
    }

    [Theory]
    [InlineData("0.0000001", 1756000005000)] // 5 s apart: 579 days
    [InlineData("1", 222000000000000)] // a line in the year 9004
    public async Task Replay_SpeedWithAGapOverTheLongestPause_WaitsTheLongestPause_AndSaysSo(string speed, long second)
    {
        Directory.CreateDirectory(_out);
        var file = Path.Combine(_out, "paced.jsonl");
        await File.WriteAllLinesAsync(file,
        [
            """{"receivedAt":1756000000000,"sample":{"clientId":"c1","callId":"k1","timestamp":1756000000000}}""",
            $$$"""{"receivedAt":{{{second}}},"sample":{"clientId":"c1","callId":"k1","timestamp":{{{second}}}}}""",
        ]);
        using var cancel = new CancellationTokenSource();
        var stderr = new CancelOnLine("min instead", cancel); // the test stops the replay in its pause

        await ReplayCommand.RunAsync([file, "--out", _out, "--speed", speed], new StringWriter(), stderr, cancel.Token);

        // Was: Task.Delay threw ArgumentOutOfRangeException (over 49.7 days) out of the replay.
        Assert.Contains("replay: line 2 would wait ", stderr.ToString(), StringComparison.Ordinal);
        Assert.Contains(" days at --speed ", stderr.ToString(), StringComparison.Ordinal);
        Assert.Contains("; waiting 60 min instead", stderr.ToString(), StringComparison.Ordinal);
        Assert.Contains("replay: cancelled", stderr.ToString(), StringComparison.Ordinal);
    }

    public void Dispose()
    {
        if (Directory.Exists(_out)) Directory.Delete(_out, recursive: true);
    }
}

/// <summary>Replay into Table Storage (the default sink) and read the call back through the store.</summary>
[Collection(AzuriteGroup.Name)]
public class ReplayIntoTablesTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Replay_WithoutOut_WritesTheCallToTables()
    {
        var prefix = "R" + Guid.NewGuid().ToString("N")[..12];
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var exit = await ReplayCommand.RunAsync(
        [
            Recording.PathOf("p2p-1to1.schema2.jsonl"),
            $"--ObserveRtc:Storage:ConnectionString={azurite.Azurite.ConnectionString}",
            $"--ObserveRtc:Storage:TablePrefix={prefix}",
        ], stdout, stderr, CancellationToken.None);
        Assert.True(exit == 0, stderr.ToString());
        Assert.Contains($"tables {prefix}*", stdout.ToString(), StringComparison.Ordinal);

        var store = new Core.Storage.TableReportStore(azurite.NewStorage(prefix: prefix));
        var calls = new List<Core.Storage.CallIndexEntry>();
        await foreach (var c in store.GetCallsAsync("recorder", DateTimeOffset.UtcNow.AddDays(-30).ToUnixTimeMilliseconds(), DateTimeOffset.UtcNow.AddDays(1).ToUnixTimeMilliseconds())) calls.Add(c);
        var call = Assert.Single(calls);
        var names = new List<string?>();
        await foreach (var e in store.GetCallEventsAsync(call.CallId)) names.Add(e.Name);
        Assert.Single(names, n => n == CallEventNames.CallStarted);
        Assert.Single(names, n => n == CallEventNames.CallEnded);
        Assert.Equal(2, names.Count(n => n == CallEventNames.ClientJoined));
    }
}
