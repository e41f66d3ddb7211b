using System.Text;
using ObserveRtc.Core.Calls;
using ObserveRtc.Core.Entities;
using ObserveRtc.Core.Ingest;
using ObserveRtc.Core.Options;
using ObserveRtc.Core.Pipeline;
using ObserveRtc.Core.Reports;
using ObserveRtc.Core.Samples;

namespace ObserveRtc.Tests.Pipeline;

/// <summary>The whole pipeline (ingest, entities, outbox, timers) on a virtual clock, driven by real recordings.</summary>
public class PipelineTests
{
    internal sealed class Harness : IDisposable
    {
        public FakeReportStore Store { get; } = new();
        public InMemoryRoomRegistry Rooms { get; } = new();
        public ObserverPipeline Pipeline { get; }

        public Harness(EntityOptions? entity = null)
        {
            Pipeline = new ObserverParts(new ObserverSettings { Entity = entity ?? new EntityOptions() }, Store, null, Rooms).Pipeline();
        }

        /// <summary>Replays a recording, one batch per line at its receive time, then drains.</summary>
        public async Task ReplayAsync(string file, Func<long, Task>? between = null)
        {
            var n = 0;
            foreach (var (line, context) in Recording.Lines(Recording.PathOf(file)))
            {
                await Pipeline.IngestAsync([new IngestEvent(line.Body, context, $"{file}:{n++}")], context.Origin.ReceivedAtMs);
                if (between is not null) await between(context.Origin.ReceivedAtMs);
            }
            await Pipeline.DrainAsync();
        }

        public int Count(string name) => Store.Events.Count(e => e.Name == name);

        public void Dispose() => Pipeline.Dispose();
    }

    [Fact]
    public async Task AStoreDownLongerThanTheRetention_AfterACallEnded_DoesNotSpin()
    {
        using var h = new Harness(new EntityOptions { EndedStateRetention = TimeSpan.FromSeconds(30) });
        h.Store.Down = true;
        var n = 0;
        long last = 0;
        foreach (var (line, context) in Recording.Lines(Recording.PathOf("p2p-1to1.schema2.jsonl")).Take(5))
        {
            await h.Pipeline.IngestAsync([new IngestEvent(line.Body, context, $"spin:{n++}")], context.Origin.ReceivedAtMs);
            last = context.Origin.ReceivedAtMs;
        }

        // The clients go quiet, the call ends while the store is down, and the outage lasts 10 minutes.
        var advance = Task.Run(async () =>
        {
            for (var t = last; t <= last + 600_000; t += 1_000) await h.Pipeline.AdvanceAsync(t);
        });
        Assert.Same(advance, await Task.WhenAny(advance, Task.Delay(TimeSpan.FromSeconds(60))));
        Assert.True(h.Pipeline.Counters.TimerSignals < 200, $"{h.Pipeline.Counters.TimerSignals} timer signals");
        h.Store.Down = false;
        await h.Pipeline.DrainAsync();
        Assert.Equal(1, h.Count(CallEventNames.CallEnded));
        Assert.Equal(0, h.Pipeline.LiveEntities);
    }

    [Fact]
    public async Task AStoreDownForLong_KeepsAtMostTheCapOfSampleReports_TheNewest_AndCountsTheRest()
    {
        using var h = new Harness();
        h.Pipeline.MaxPendingSampleReports = 100;
        h.Store.Down = true;
        var made = 0;
        var n = 0;
        foreach (var (line, context) in Recording.Lines(Recording.PathOf("p2p-1to1.schema2.jsonl")).Take(40))
        {
            var result = await h.Pipeline.IngestAsync([new IngestEvent(line.Body, context, $"cap:{n++}")], context.Origin.ReceivedAtMs);
            made += result.SampleReports.Count;
            Assert.InRange(h.Pipeline.PendingSampleReports, 1, 100);
        }

        Assert.True(made > 200, $"{made} sample reports made");
        Assert.Equal(made - 100, h.Pipeline.Counters.DroppedReports);

        // The store is back: what was kept is delivered, the newest.
        h.Store.Down = false;
        await h.Pipeline.AdvanceAsync(h.Pipeline.ClockMs + 1);
        Assert.Equal(0, h.Pipeline.PendingSampleReports);
        Assert.Equal(100, h.Store.Reports.Count(r => r.Type != ReportTypes.CallEvent && r.Type != ReportTypes.CallSummary));
    }

    [Theory]
    [InlineData("p2p-1to1.schema2.jsonl")]
    [InlineData("p2p-1to1.schema3.jsonl")]
    public async Task Replay_OneToOne_GivesOneCallWithTwoClientsAndLetsGoOfEverything(string file)
    {
        using var h = new Harness();
        await h.ReplayAsync(file);

        Assert.Equal(1, h.Count(CallEventNames.CallStarted));
        Assert.Equal(1, h.Count(CallEventNames.CallEnded));
        Assert.Equal(2, h.Count(CallEventNames.ClientJoined));
        Assert.Equal(2, h.Count(CallEventNames.ClientLeft));
        Assert.Single(h.Store.Reports, r => r.Type == ReportTypes.CallSummary);
        Assert.Contains(h.Store.Reports, r => r.Type == ReportTypes.InboundVideoTrack);
        Assert.Equal(0, h.Pipeline.LiveEntities);
        Assert.Single(h.Pipeline.Counters.Calls);
        Assert.Equal(0, h.Store.Duplicates);
        // One observation signal per call per batch: here one batch per line, each line one sample.
        Assert.Equal(h.Pipeline.Counters.Batches, h.Pipeline.Counters.ObservationSignals);
        // The room was released after the end was delivered.
        var truthRoom = h.Store.Events.First().RoomId!;
        Assert.Null(h.Rooms.Find("recorder", truthRoom));
    }

    [Fact]
    public async Task Replay_StoreDownForAWhile_EveryEventArrivesOnceAfterRetries()
    {
        using var reference = new Harness();
        await reference.ReplayAsync("mesh-3-late-joiner-leaves-first.schema2.jsonl");

        using var h = new Harness(new EntityOptions { RetryInitialDelay = TimeSpan.FromSeconds(1), RetryMaxDelay = TimeSpan.FromSeconds(4) });
        long? downSince = null;
        await h.ReplayAsync("mesh-3-late-joiner-leaves-first.schema2.jsonl", now =>
        {
            // The store is down for 15 s, starting 5 s into the call.
            downSince ??= now;
            h.Store.Down = now - downSince >= 5_000 && now - downSince < 20_000;
            return Task.CompletedTask;
        });
        h.Store.Down = false;
        await h.Pipeline.DrainAsync();

        Assert.Equal(reference.Store.Reports.Select(r => r.Id).Order(), h.Store.Reports.Select(r => r.Id).Order());
        Assert.Equal(0, h.Pipeline.Counters.DroppedReports);
        Assert.True(h.Pipeline.Counters.DeliveryRetries > 0, "the outage must have been felt");
        Assert.Equal(0, h.Pipeline.LiveEntities);
    }

    [Fact]
    public async Task Ingest_OneBatchWithTwoCalls_SignalsEachCallOnce()
    {
        using var h = new Harness();
        var bodies = new[]
        {
            """{"clientId":"a","roomId":"r1","timestamp":1756000000000}""",
            """{"clientId":"b","roomId":"r1","timestamp":1756000000100}""",
            """{"clientId":"c","callId":"call-2","timestamp":1756000000200}""",
            """{"clientId":"a","roomId":"r1","timestamp":1756000001000}""",
            """{"clientId":"x"}""",
        };
        var origin = new SampleOrigin("svc", "mu", 1756000002000);
        var events = bodies.Select((b, i) => new IngestEvent(Encoding.UTF8.GetBytes(b), new DecodeContext(origin), $"p0:{i}")).ToList();

        await h.Pipeline.IngestAsync(events, origin.ReceivedAtMs);

        Assert.Equal(2, h.Pipeline.Counters.ObservationSignals);
        Assert.Equal(4, h.Pipeline.Counters.AcceptedSamples);
        Assert.Equal(1, h.Pipeline.Counters.RejectedByReason[RejectReasons.InvalidValue]); // no timestamp
        Assert.Equal(2, h.Count(CallEventNames.CallStarted));
        Assert.Equal(3, h.Count(CallEventNames.ClientJoined));
        Assert.Equal(CallIdentityResolver.DeriveCallId("svc", "r1", 1756000000000), h.Rooms.Find("svc", "r1"));
    }

    [Fact]
    public async Task Replay_Twice_GivesTheSameReportIds()
    {
        using var a = new Harness();
        using var b = new Harness();
        await a.ReplayAsync("screenshare.schema3.jsonl");
        await b.ReplayAsync("screenshare.schema3.jsonl");

        Assert.Equal(a.Store.Reports.Select(r => r.Id).Order(), b.Store.Reports.Select(r => r.Id).Order());
    }

    [Fact]
    public async Task ARoomReleaseThatKeepsFailing_EndsWithinTheDrain()
    {
        // The release was retried for ever: a replay's drain never ended (here: 30 virtual days, one entity and its timer left).
        var store = new FakeReportStore();
        var registry = new FlakyRoomRegistry { Down = true };
        using var pipeline = new ObserverParts(new ObserverSettings(), store, null, registry).Pipeline();
        var body = Encoding.UTF8.GetBytes("""{"clientId":"a","roomId":"r1","timestamp":1756000000000}""");
        const long t0 = 1_756_000_000_000;
        await pipeline.IngestAsync([new IngestEvent(body, new DecodeContext(new SampleOrigin("svc", "mu", t0)), "p0:0")], t0);

        await pipeline.DrainAsync(t0 + (30L * 86_400_000));

        Assert.Single(store.Events, e => e.Name == CallEventNames.CallEnded);
        Assert.Equal((0, 0), (pipeline.LiveEntities, pipeline.PendingTimers));
        Assert.Equal(new EntityOptions().MaxDeliveryAttempts, registry.Removes);
    }

    [Fact]
    public async Task ASinkThatThrows_KeepsThePendingSampleReportsForTheNextRetry()
    {
        // The pending list was emptied before the write: a throw lost every sample report kept for a
        // retry (uncounted), and the batch's observations with it.
        var lines = Recording.Lines(Recording.PathOf("p2p-1to1.schema2.jsonl")).Take(3).ToList();
        var reference = new FakeReportStore();
        using (var p = new ObserverParts(new ObserverSettings(), reference, null, new InMemoryRoomRegistry()).Pipeline())
        {
            var i = 0;
            foreach (var (line, context) in lines) await p.IngestAsync([new IngestEvent(line.Body, context, $"r:{i++}")], context.Origin.ReceivedAtMs);
        }
        static List<string> SampleReportIds(FakeReportStore store) =>
            store.Reports.Where(r => r.Type is not (ReportTypes.CallEvent or ReportTypes.CallSummary)).Select(r => r.Id).Order().ToList();

        var flaky = new FakeReportStore();
        using var pipeline = new ObserverParts(new ObserverSettings(), flaky, null, new InMemoryRoomRegistry()).Pipeline();
        flaky.Down = true; // the first batch's sample reports wait for a retry
        await pipeline.IngestAsync([new IngestEvent(lines[0].Line.Body, lines[0].Context, "r:0")], lines[0].Context.Origin.ReceivedAtMs);
        Assert.True(pipeline.PendingSampleReports > 0);
        flaky.Down = false;
        flaky.TimesOut = true; // the second batch's writes throw
        await pipeline.IngestAsync([new IngestEvent(lines[1].Line.Body, lines[1].Context, "r:1")], lines[1].Context.Origin.ReceivedAtMs);
        flaky.TimesOut = false;
        await pipeline.IngestAsync([new IngestEvent(lines[2].Line.Body, lines[2].Context, "r:2")], lines[2].Context.Origin.ReceivedAtMs);

        Assert.Equal(SampleReportIds(reference), SampleReportIds(flaky));
        Assert.Equal(0, pipeline.Counters.DroppedReports);
        Assert.Equal(0, pipeline.PendingSampleReports);
    }

    [Fact]
    public async Task AnEntityOutboxRetry_IsCountedInDeliveryRetries()
    {
        // Only the pipeline's own sample-report retries were counted: with Event Grid down the replay
        // summary said 0 retries.
        var store = new FakeReportStore();
        var down = true;
        var publisher = new FakePublisher(_ => down); // Event Grid down
        using var pipeline = new ObserverParts(new ObserverSettings(), store, publisher, new InMemoryRoomRegistry()).Pipeline();
        var n = 0;
        foreach (var (line, context) in Recording.Lines(Recording.PathOf("p2p-1to1.schema2.jsonl")).Take(5))
            await pipeline.IngestAsync([new IngestEvent(line.Body, context, $"x:{n++}")], context.Origin.ReceivedAtMs);
        var retriesWhileDown = pipeline.Counters.DeliveryRetries;
        down = false;
        await pipeline.DrainAsync();

        Assert.True(retriesWhileDown > 0);
        Assert.Contains(publisher.Published, r => r.Payload is CallEventReport { Name: CallEventNames.CallStarted });
        Assert.Equal(0, pipeline.Counters.DroppedReports);
    }
}
