using ObserveRtc.Core.Calls;
using ObserveRtc.Core.Ingest;
using ObserveRtc.Core.Options;
using ObserveRtc.Core.Pipeline;
using ObserveRtc.Core.Publishing;
using ObserveRtc.Core.Reports;
using ObserveRtc.Core.Storage;
using ObserveRtc.Tests.Support;

namespace ObserveRtc.Tests.Pipeline;

/// <summary>The Azure cost counters: counted with the adapters' own batching rules, without I/O.</summary>
public class CostCountingTests
{
    private sealed class AcceptingPublisher : IEventPublisher
    {
        public int Published { get; private set; }

        public Task<WriteResult<Report>> PublishAsync(IReadOnlyList<Report> reports, CancellationToken cancellationToken = default)
        {
            Published += reports.Count;
            return Task.FromResult(new WriteResult<Report>(reports.Count, []));
        }
    }

    [Fact]
    public async Task Store_250ReportsOfOneClientAndAStartedEvent_CountsTransactionsByTableAndPartition()
    {
        var counters = new PipelineCounters();
        var inner = new FakeReportStore();
        var store = new CostCountingReportStore(inner, counters);
        var reports = Enumerable.Range(0, 250)
            .Select(i => TestReports.Of(ReportTypes.InboundAudioTrack, "svc", "call-1", "client-1", 1756000000000 + i))
            .Append(TestReports.CallEvent("svc", "call-1", CallEventNames.CallStarted, 1756000000000))
            .ToList();

        await store.WriteAsync(reports);

        // Reports: 100 + 100 + 50 in call-1's bucket; CallEvents: 1; Calls (the index row of CALL_STARTED): 1.
        Assert.Equal(5, counters.TableTransactions);
        Assert.Equal(252, counters.TableRows);
        Assert.Equal(3, counters.TableTransactionsByTable["Reports"]);
        Assert.Equal(1, counters.TableTransactionsByTable["CallEvents"]);
        Assert.Equal(1, counters.TableTransactionsByTable["Calls"]);
        Assert.Equal(250, counters.TableRowsByTable["Reports"]);
        Assert.Equal(251, inner.Reports.Count); // passed on
    }

    [Fact]
    public async Task Publisher_MoreEventsThanARequestHolds_CountsRequests()
    {
        var counters = new PipelineCounters();
        var inner = new AcceptingPublisher();
        var publisher = new CostCountingEventPublisher(inner, counters, new EventGridPublisherOptions { MaxEventsPerRequest = 2 });
        var events = Enumerable.Range(0, 5).Select(i => TestReports.CallEvent("svc", "call-1", CallEventNames.ClientJoined, 1756000000000 + i, $"c{i}")).ToList();

        await publisher.PublishAsync(events);

        Assert.Equal(3, counters.EventGridRequests);
        Assert.Equal(5, counters.EventGridEvents);
        Assert.Equal(5, inner.Published);
    }

    [Fact]
    public async Task Replay_WithCountingSinks_CountsEveryPublishedEventAndOneSignalPerCallPerBatch()
    {
        var counters = new PipelineCounters();
        var fake = new FakeReportStore();
        var publisher = new AcceptingPublisher();
        using var pipeline = new ObserverParts(new ObserverSettings(), fake, publisher, new InMemoryRoomRegistry(), costCounters: counters).Pipeline();

        // The whole recording in batches of 10 lines.
        var lines = Recording.Lines(Recording.PathOf("mesh-3-late-joiner-leaves-first.schema3.jsonl")).ToList();
        for (var i = 0; i < lines.Count; i += 10)
        {
            var batch = lines.Skip(i).Take(10).Select((l, j) => new IngestEvent(l.Line.Body, l.Context, $"line:{i + j}")).ToList();
            await pipeline.IngestAsync(batch, batch[^1].Context.Origin.ReceivedAtMs);
        }
        await pipeline.DrainAsync();

        Assert.Same(counters, pipeline.Counters);
        Assert.Equal(1, counters.MaxSignalsPerEntityPerBatch);
        Assert.Equal(publisher.Published, counters.EventGridEvents);
        Assert.InRange(counters.EventGridRequests, 1, counters.EventGridEvents);
        Assert.InRange(counters.TableRows, counters.TableTransactions, 100 * counters.TableTransactions);
        Assert.True(counters.TableRows >= fake.Reports.Count, "every stored report was a row in some transaction");
        // Issue 9: a 3-party call's entity state (call state, outbox, timer) stays within 4 KB.
        Assert.InRange(counters.LargestStateBytes, 1_024, 4_096);
    }
}
