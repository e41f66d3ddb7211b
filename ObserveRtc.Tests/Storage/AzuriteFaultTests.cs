using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using ObserveRtc.Core.Reports;
using ObserveRtc.Core.Storage;
using ObserveRtc.Tests.Support;

namespace ObserveRtc.Tests.Storage;

/// <summary>Azurite stops in the middle of a write and comes back: the caller's retry completes, nothing lost or doubled.</summary>
public class AzuriteFaultTests
{
    private const long T0 = 1_700_000_000_000;

    /// <summary>Kills Azurite just before the n-th transaction request leaves.</summary>
    private sealed class StopBeforeBatch(AzuriteProcess azurite, int n) : HttpPipelineSynchronousPolicy
    {
        private int _batches;

        public bool Armed { get; set; } = true;

        public override void OnSendingRequest(HttpMessage message)
        {
            if (Armed && message.Request.Uri.Path.EndsWith("$batch", StringComparison.Ordinal) && Interlocked.Increment(ref _batches) == n)
            {
                azurite.Stop();
            }
        }
    }

    [Fact]
    public async Task Write_AzuriteStopsMidWrite_ReportsRetryableFailures_AndTheRetryWritesEveryRowOnce()
    {
        await using var azurite = new AzuriteProcess();
        await azurite.StartAsync();
        var stopper = new StopBeforeBatch(azurite, n: 3);
        var storage = AzuriteFixture.NewStorage(azurite, o => o.AddPolicy(stopper, HttpPipelinePosition.PerCall), maxParallel: 1);
        var store = new TableReportStore(storage);
        // 6 calls x 120 reports: 12 transactions (100 + 20 per call).
        var reports = Enumerable.Range(0, 720)
            .Select(i => TestReports.Of(ReportTypes.InboundAudioTrack, "svc", $"call-{i % 6}", $"client-{i % 4}", T0 + i))
            .ToList();

        var first = await store.WriteAsync(reports);

        Assert.False(first.Succeeded);
        Assert.True(first.Written > 0, "the transactions before the stop were written");
        Assert.All(first.Failures, f => Assert.True(f.Retryable, f.Error));
        Assert.Equal(reports.Count, first.Written + first.Failures.Count);

        // Azurite comes back on the same port, empty (in-memory persistence): the caller replays its batch.
        stopper.Armed = false;
        await azurite.StartAsync();
        var retry = await store.WriteAsync(reports);

        Assert.True(retry.Succeeded, string.Join("; ", retry.Failures.Select(f => f.Error)));
        var rows = await new TableServiceClient(azurite.ConnectionString).GetTableClient(storage.ReportsTable).QueryAsync<TableEntity>().ToListAsync();
        Assert.Equal(reports.Count, rows.Count);
        Assert.Equal(reports.Select(r => r.Id).Order(), rows.Select(r => r.GetString("ReportId")).Order());
    }

    [Fact]
    public async Task Write_AzuriteDown_FailsRetryable_ThenSucceedsOnceItIsUp()
    {
        await using var azurite = new AzuriteProcess();
        var store = new TableReportStore(AzuriteFixture.NewStorage(azurite));
        var reports = new[] { TestReports.CallEvent("svc", "call-1", "CALL_STARTED", T0) };

        var down = await store.WriteAsync(reports);
        await azurite.StartAsync();
        var up = await store.WriteAsync(reports);

        Assert.True(Assert.Single(down.Failures).Retryable);
        Assert.True(up.Succeeded, string.Join("; ", up.Failures.Select(f => f.Error)));
        Assert.Single(await store.GetCallEventsAsync("call-1").ToListAsync());
    }
}
