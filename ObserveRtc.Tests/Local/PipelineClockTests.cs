using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using ObserveRtc.Core.Ingest;
using ObserveRtc.Core.Options;
using ObserveRtc.Core.Samples;
using ObserveRtc.Local;
using ObserveRtc.Tests.Storage;

namespace ObserveRtc.Tests.Local;

/// <summary>The host's shutdown with no live call: what waits for a store that was down is tried once more, and what is lost is logged.</summary>
public class PipelineClockTests
{
    private static ObserverRuntime Runtime(string connectionString) => ObserverRuntime.ForTables(ObserverSettings.Load(new ConfigurationBuilder().AddInMemoryCollection(
    [
        KeyValuePair.Create("ObserveRtc:Storage:ConnectionString", (string?)connectionString),
        KeyValuePair.Create("ObserveRtc:Storage:TablePrefix", (string?)("C" + Guid.NewGuid().ToString("N")[..12])),
        KeyValuePair.Create("ObserveRtc:Storage:MaxRetries", (string?)"0"),
    ]).Build()), null);

    /// <summary>A body the decoder rejects, ingested while the tables do not answer: its rejection waits (no entity holds it).</summary>
    private static async Task IngestGarbageAsync(ObserverRuntime runtime, long now)
    {
        var result = await runtime.Pipeline.IngestAsync([new IngestEvent(Encoding.UTF8.GetBytes("not json"), new DecodeContext(new SampleOrigin("svc", "mu", now)), "garbage:1")], now);
        Assert.Single(result.Rejected);
        Assert.Equal(0, runtime.Pipeline.LiveEntities);
    }

    [Fact]
    public async Task Stop_RejectedSampleWaitingForTablesThatAreBack_IsWritten()
    {
        await using var azurite = new AzuriteProcess(); // not started yet: the tables do not answer
        using var runtime = Runtime(azurite.ConnectionString);
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        await IngestGarbageAsync(runtime, now);
        await azurite.StartAsync();
        await runtime.EnsureStorageAsync("", CancellationToken.None);

        await new PipelineClock(runtime, TimeProvider.System, Microsoft.Extensions.Logging.Abstractions.NullLogger<PipelineClock>.Instance).StopAsync(CancellationToken.None);

        // Was: no live entity, so no drain and no delivery: the rejection was lost, and no log line said so.
        var stored = await runtime.Rejected.GetAsync("svc", now - 60_000, now + 60_000).ToListAsync();
        Assert.Equal(RejectReasons.MalformedJson, Assert.Single(stored).Rejection.Reason);
    }

    [Fact]
    public async Task Stop_RejectedSampleWaitingForTablesStillDown_IsLoggedAsLost()
    {
        int port;
        using (var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0))
        {
            listener.Start();
            port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port; // closed again: connections are refused
        }
        using var runtime = Runtime($"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=a2V5;TableEndpoint=http://127.0.0.1:{port}/devstoreaccount1;");
        await IngestGarbageAsync(runtime, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        var logs = new LogCapture();
        using var loggers = LoggerFactory.Create(b => b.AddProvider(logs));

        await new PipelineClock(runtime, TimeProvider.System, loggers.CreateLogger<PipelineClock>()).StopAsync(CancellationToken.None);

        // Was: nothing was logged (the README says the log tells what is lost).
        var lost = Assert.Single(logs.Lines, l => l.Level == LogLevel.Warning);
        Assert.Equal("Shutdown: 0 sample reports and 1 rejected samples not delivered (a store is down?); they are lost", lost.Message);
    }
}
