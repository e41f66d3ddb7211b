using System.Text.Json;
using ObserveRtc.Core.Calls;
using ObserveRtc.Core.Entities;
using ObserveRtc.Core.Ingest;
using ObserveRtc.Core.Options;
using ObserveRtc.Core.Reports;
using ObserveRtc.Core.Samples;

namespace ObserveRtc.Tests.Pipeline;

/// <summary>
/// A host behind its input: the trackers run at the receive time of the samples that are news, and
/// their timers on the host's clock less that lag; samples queued behind a timer that ran ahead do not
/// make what they show leave and come back over and over.
/// </summary>
public class ClockLagTests
{
    private const long T0 = 1_756_000_000_000;
    private static readonly JsonSerializerOptions EntityJson = ObserveRtc.Core.Pipeline.ObserverPipeline.EntityJson; // the Functions worker's options, as the pipeline uses them

    private readonly FakeReportStore _store = new();

    private static T? RoundTrip<T>(T? state)
        where T : class => state is null ? null : JsonSerializer.Deserialize<T>(JsonSerializer.Serialize(state, EntityJson), EntityJson);

    private CallEntityLogic Calls(TimeSpan? retention = null) =>
        new(new CallTracker(new CallTrackerOptions()), new ReportDispatcher(_store, null, new ReportSinkOptions()), new InMemoryRoomRegistry(),
            new EntityOptions { EndedStateRetention = retention ?? TimeSpan.FromSeconds(60) });

    private static ClientSampleView Sample(long received, string client, long? ts = null, bool track = false, long? seq = null) => new()
    {
        Origin = new SampleOrigin("svc", "mu", received), SchemaVersion = "2.x", ClientId = client, CallId = "call-1", RoomId = "room",
        TimestampMs = ts ?? received, SampleSeq = seq,
        PeerConnections = track ? [new PeerConnectionView("pc1", null, true, true, false)] : [],
        Tracks = track ? [new TrackView("pc1", "trk-" + client, TrackDirection.Outbound, MediaKind.Audio, [1], null, null, null, 100)] : [],
    };

    private static CallObservation Observation(params ClientSampleView[] samples) => new() { CallId = "call-1", Samples = [.. samples] };

    [Theory]
    [InlineData(40_000)]
    [InlineData(55_000)]
    public async Task ATrackFirstSeenInABacklog_IsAddedOnce(long behind)
    {
        var logic = Calls();
        var state = RoundTrip((await logic.ObserveAsync(null, Observation(Sample(T0, "alice")), T0)).State);
        for (var received = T0 + 10_000; received <= T0 + 150_000; received += 10_000)
        {
            var hostNow = received + behind;
            while (state?.Timer is { } timer && timer.DueMs <= hostNow)
                state = RoundTrip((await logic.TickAsync(state, timer.Token, timer.DueMs)).State);
            state = RoundTrip((await logic.ObserveAsync(state, Observation(Sample(received, "alice", track: received >= T0 + 30_000)), hostNow)).State);
        }

        var names = _store.Events.OrderBy(e => e.Timestamp).Select(e => e.Name).ToList();
        Assert.True(names.Count(n => n == CallEventNames.MediaTrackAdded) == 1, string.Join(", ", names));
    }

    [Fact]
    public async Task ALateReorderedSample_DoesNotPostponeItsSilentClientsTimeout()
    {
        // No lag. alice's sample of T0+5 s comes after her T0+10 s one, and after bob moved the clock to T0+25 s.
        var logic = Calls();
        var state = RoundTrip((await logic.ObserveAsync(null, Observation(Sample(T0, "alice", seq: 0), Sample(T0, "bob", seq: 0)), T0)).State);
        state = RoundTrip((await logic.ObserveAsync(state, Observation(Sample(T0 + 10_000, "alice", seq: 2)), T0 + 10_000)).State);
        state = RoundTrip((await logic.ObserveAsync(state, Observation(Sample(T0 + 25_000, "bob", seq: 2)), T0 + 25_000)).State);
        state = RoundTrip((await logic.ObserveAsync(state, Observation(Sample(T0 + 5_000, "alice", seq: 1)), T0 + 26_000)).State);

        Assert.Equal(T0 + 10_000, state!.Call!.Clients.Single(c => c.ClientId == "alice").LastSeenAtMs);
    }

    [Fact]
    public async Task AnOldBatchOfAnEarlierSessionsClient_DoesNotSetTheLag()
    {
        var logic = Calls(TimeSpan.FromMinutes(10));
        var state = RoundTrip((await logic.ObserveAsync(null, Observation(Sample(T0, "alice")), T0)).State);
        while (state?.Timer is { } timer && state.Call!.Live)
            state = RoundTrip((await logic.TickAsync(state, timer.Token, timer.DueMs)).State);
        state = RoundTrip((await logic.ObserveAsync(state, Observation(Sample(T0 + 120_000, "bob")), T0 + 120_000)).State);
        Assert.Equal(0, state!.ClockLagMs);

        // alice's batch of T0 comes again at T0+125 s: late for this session, and no news.
        var step = await logic.ObserveAsync(state, Observation(Sample(T0, "alice")), T0 + 125_000);

        Assert.Equal(0, step.State!.ClockLagMs);
    }

    [Theory]
    [InlineData(40_000)]
    [InlineData(55_000)]
    public async Task AnSfuInABacklog_LeavesAtMostOnce(long behind)
    {
        var logic = new SfuEntityLogic(new SfuTracker(new SfuTrackerOptions()), new ReportDispatcher(_store, null, new ReportSinkOptions()),
            new EntityOptions { EndedStateRetention = TimeSpan.FromSeconds(60) });
        static SfuObservation Sfu(long received) => new()
        {
            SfuId = "sfu-1",
            Samples =
            [
                new SfuSampleView
                {
                    Origin = new SampleOrigin("svc", "mu", received), SfuId = "sfu-1", TimestampMs = received,
                    Transports = [new SfuTransportView("tr1", false, false)],
                    RtpPads = [new SfuRtpPadView("pad1", "tr1", TrackDirection.Inbound, "st1", null, 1, MediaKind.Audio, false, null, null, null)],
                },
            ],
        };
        var state = RoundTrip((await logic.ObserveAsync(null, Sfu(T0), T0)).State);
        for (var received = T0 + 10_000; received <= T0 + 150_000; received += 10_000)
        {
            var hostNow = received + behind;
            while (state?.Timer is { } timer && timer.DueMs <= hostNow)
                state = RoundTrip((await logic.TickAsync(state, timer.Token, timer.DueMs)).State);
            state = RoundTrip((await logic.ObserveAsync(state, Sfu(received), hostNow)).State);
        }

        var names = _store.Reports.Select(r => r.Payload).OfType<SfuEventReport>().OrderBy(e => e.Timestamp).Select(e => e.Name).ToList();
        Assert.True(names.Count(n => n == SfuEventNames.SfuLeft) <= 1, string.Join(", ", names));
        Assert.True(names.Count(n => n == SfuEventNames.RtpPadAdded) <= 2, string.Join(", ", names));
    }
}
