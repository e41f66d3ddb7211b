using System.Net;
using System.Text;
using ObserveRtc.Core.Storage;
using ObserveRtc.Local.Replay;
using ObserveRtc.Tests.Storage;

namespace ObserveRtc.Tests.Local;

/// <summary>The read API's ids and the events file when other programs hold files.</summary>
[Collection(AzuriteGroup.Name)]
public class LocalHostFileAndPathTests(AzuriteFixture azurite)
{
    private static async Task<LocalHostRunner> HostWithSlashCallAsync(AzuriteFixture azurite, params string[] args)
    {
        var host = await LocalHostRunner.StartAsync(azurite.Azurite.ConnectionString, eventGrid: false, args);
        var doc = System.Text.Json.Nodes.JsonNode.Parse(Fixture.Bytes("schema2.2-samples-client-alice-join-seq0.json"))!;
        doc["clientSamples"]![0]!["callId"] = "team/standup";
        using (var r = await host.PostAsync("/rest/samples/demo-service/webapp", Encoding.UTF8.GetBytes(doc.ToJsonString())))
            Assert.Equal(HttpStatusCode.Accepted, r.StatusCode);
        await host.DrainAsync();
        return host;
    }

    // A trailing slash matches the route: it must not fall back to the still-encoded route value.
    [Fact]
    public async Task TrailingSlash_IdWithEncodedSlash_IsFound()
    {
        await using var host = await HostWithSlashCallAsync(azurite, "--EventsFile=");
        using var plain = await host.Http.GetAsync("/api/calls/team%2Fstandup");
        using var slash = await host.Http.GetAsync("/api/calls/team%2Fstandup/");
        Assert.Equal(HttpStatusCode.OK, plain.StatusCode);
        Assert.Equal(HttpStatusCode.OK, slash.StatusCode);
    }

    // The events file is claimed through a lock file, so readers (File.ReadAllLines, tail -f) are not refused.
    [Fact]
    public async Task EventsFile_CanBeReadWhileTheHostRuns()
    {
        var dir = Path.Combine(Path.GetTempPath(), "rev-events-" + Guid.NewGuid().ToString("N"));
        var file = Path.Combine(dir, "events.jsonl");
        try
        {
            await using var host = await HostWithSlashCallAsync(azurite, $"--EventsFile={file}");
            var lines = File.ReadAllLines(file);
            Assert.NotEmpty(lines);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    // events.jsonl and events-<pid>.jsonl both held exclusively by another program: the host still starts (events go to the log only).
    [Fact]
    public async Task EventsFileAndPidFileHeld_HostStillStarts()
    {
        var dir = Path.Combine(Path.GetTempPath(), "rev-pid-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        var file = Path.Combine(dir, "events.jsonl");
        try
        {
            using var a = new FileStream(file, FileMode.Create, FileAccess.Write, FileShare.None);
            using var b = new FileStream(Path.Combine(dir, $"events-{Environment.ProcessId}.jsonl"), FileMode.Create, FileAccess.Write, FileShare.None);
            await using var host = await LocalHostRunner.StartAsync(azurite.Azurite.ConnectionString, eventGrid: false, $"--EventsFile={file}");
            Assert.StartsWith("the console only", host.Runtime.DescribeEvents(), StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}

/// <summary>Ids in the Functions worker's route values, and a replay into files another program holds.</summary>
public class ReplayFilesAndRouteIdTests
{
    // What the Functions worker gets for GET /api/calls/team%2Fstandup: the host's Kestrel keeps %2F in
    // Request.Path, YARP's forwarder escapes '%' again ("/path/%2F" -> "/path/%252F"), the worker's Kestrel
    // decodes %25: its route value is "team%2Fstandup", and its raw target cannot tell a slash from a literal %2F.
    [Fact]
    public void FunctionsWorkerRouteValue_SlashId_IsReadAsTheCallWithTheSlash()
    {
        Assert.Equal("team/standup", CallReads.IdFromRouteValue("team%2Fstandup"));
        Assert.Equal(["team%2Fstandup"], CallReads.SegmentsAfter("/api/calls/team%252Fstandup", "/api/calls/")); // why the worker cannot use it
    }

    // README: `replay ... --out out/` while ./run.sh holds out/events.jsonl.
    [Fact]
    public async Task Replay_WhenOnlyEventsJsonlIsHeld_LeavesReportsAndRejectedAlone()
    {
        var dir = Path.Combine(Path.GetTempPath(), "rev-replay-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            var reports = Path.Combine(dir, "reports.jsonl");
            var rejected = Path.Combine(dir, "rejected.jsonl");
            await File.WriteAllTextAsync(reports, "{\"kept\":true}\n");
            await File.WriteAllTextAsync(rejected, "{\"kept\":true}\n");
            using (new FileStream(Path.Combine(dir, "events.jsonl"), FileMode.Create, FileAccess.Write, FileShare.None)) // the live host's events file
            {
                var stderr = new StringWriter();
                var exit = await ReplayCommand.RunAsync([Recording.PathOf("p2p-1to1.schema2.jsonl"), "--out", dir], new StringWriter(), stderr, CancellationToken.None);
                Assert.Equal(1, exit);
            }
            Assert.Equal("{\"kept\":true}\n", await File.ReadAllTextAsync(reports)); // not truncated, and let go
            Assert.Equal("{\"kept\":true}\n", await File.ReadAllTextAsync(rejected));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
