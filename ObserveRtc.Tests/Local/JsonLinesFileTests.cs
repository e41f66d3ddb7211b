using System.Text;
using Microsoft.Extensions.Configuration;
using ObserveRtc.Core.Options;
using ObserveRtc.Core.Reports;
using ObserveRtc.Local;
using ObserveRtc.Local.Publishing;
using ObserveRtc.Local.Storage;
using ObserveRtc.Tests.Support;

namespace ObserveRtc.Tests.Local;

/// <summary>The JSON-lines files: each id once, the ids kept in memory bounded where the writer runs for days, and only once written.</summary>
public sealed class JsonLinesFileTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "jsonl-" + Guid.NewGuid().ToString("N"));

    public JsonLinesFileTests() => Directory.CreateDirectory(_dir);

    [Fact]
    public async Task LiveHostEventsFile_KeepsOnlyTheLatestIds_ARecentRetryIsStillWrittenOnce()
    {
        var file = Path.Combine(_dir, "events.jsonl");
        var settings = ObserverSettings.Load(new ConfigurationBuilder().AddInMemoryCollection([KeyValuePair.Create("ObserveRtc:Storage:ConnectionString", (string?)"UseDevelopmentStorage=true")]).Build());
        // The events publisher as the live host makes it (an echo: the log lines).
        using var runtime = ObserverRuntime.ForTables(settings, null, eventsFile: file, echo: _ => { });
        var events = Enumerable.Range(0, 20_000).Select(i => TestReports.CallEvent("svc", "call-1", "CALL_STARTED", 1_700_000_000_000 + i)).ToList();
        foreach (var chunk in events.Chunk(1_000)) Assert.True((await runtime.Publisher!.PublishAsync(chunk)).Succeeded);

        // The latest is still known (a retry soon after is not written twice); the first, 20,000 events back, is
        // no longer: the ids kept are bounded (10,000). Was: every id was kept for the life of the process.
        Assert.True((await runtime.Publisher!.PublishAsync([events[^1], events[0]])).Succeeded);

        var ids = File.ReadLines(file).Select(l => System.Text.Json.JsonDocument.Parse(l).RootElement.GetProperty("id").GetString()).ToList();
        Assert.Equal(20_001, ids.Count);
        Assert.Equal(events[0].Id, ids[^1]);
    }

    [Fact]
    public void AFailedWrite_RecordsNoId_TheRetryIsTriedAgain()
    {
        Assert.True(File.Exists("/dev/full"), "the test needs /dev/full (Linux): every write to it fails with ENOSPC");
        var path = Path.Combine(_dir, "reports.jsonl");
        File.CreateSymbolicLink(path, "/dev/full");
        var file = new JsonLinesFile<string>(path, s => s, s => Encoding.UTF8.GetBytes($"\"{s}\""));
        try
        {
            var first = file.Write(["a", "b"]);
            var retry = file.Write(["a", "b"]);

            Assert.Equal(["a", "b"], first.Failures.Select(f => f.Item));
            // Was: the ids were recorded before the flush failed: the lines counted as written, and a retry skipped them.
            Assert.Equal(["a", "b"], retry.Failures.Select(f => f.Item));
            Assert.Equal(0, file.Lines);
        }
        finally
        {
            file.Dispose();
        }
    }

    [Fact]
    public async Task EachVersionOfAOneRecordPerIdReport_IsOneLine_InTheEventsAndReportsFiles()
    {
        // A 3.x codec's record keeps its id while its content changes from sample to sample: each version is
        // its own event (its own CloudEvent id) and its own line; a repeat of one version is not written again.
        Report Version(long timestampMs) => new()
        {
            Type = ReportTypes.CallMetaData, Id = "record-1", ServiceId = "svc", CallId = "call-1", ClientId = "a",
            TimestampMs = timestampMs, OneRecordPerId = true, Payload = new CallMetaReport { Type = "CODEC", Payload = "{}" },
        };
        var (v1, v2) = (Version(1_700_000_000_000), Version(1_700_000_001_000));
        var eventsPath = Path.Combine(_dir, "events.jsonl");
        var reportsPath = Path.Combine(_dir, "reports.jsonl");
        using (var events = new JsonLinesEventPublisher(eventsPath))
        using (var reports = new JsonLinesReportStore(reportsPath))
        {
            foreach (var batch in new[] { [v1], [v2], new[] { v1, v2 } })
            {
                Assert.True((await events.PublishAsync(batch)).Succeeded);
                Assert.True((await reports.WriteAsync(batch)).Succeeded);
            }
        }

        Assert.Equal(2, File.ReadAllLines(eventsPath).Length); // was 1: the second version had the first's id
        Assert.Equal(2, File.ReadAllLines(reportsPath).Length);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
