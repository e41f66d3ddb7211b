using System.Text.Json;
using ObserveRtc.Core.Calls;
using ObserveRtc.Core.Reports;
using ObserveRtc.Core.Samples;
using static ObserveRtc.Tests.Calls.Samples;

namespace ObserveRtc.Tests.Calls;

public class SfuTrackerTests
{
    private static readonly JsonSerializerOptions EntityJson = ObserveRtc.Core.Pipeline.ObserverPipeline.EntityJson; // the Functions worker's options, as the pipeline uses them

    private static SfuSampleView Sfu(double atSec, params object[] parts) => new()
    {
        Origin = new SampleOrigin("svc", "sfu-unit", Sec(atSec) + Lag),
        SfuId = "sfu-1",
        TimestampMs = Sec(atSec),
        Transports = [.. parts.OfType<SfuTransportView>()],
        RtpPads = [.. parts.OfType<SfuRtpPadView>()],
        SctpStreams = [.. parts.OfType<SfuSctpStreamView>()],
        Events = [.. parts.OfType<SfuEventView>()],
    };

    private static SfuTransportView Transport(string id, bool closed = false) => new(id, false, closed);

    private static SfuRtpPadView InPad(string id, string transport, string stream, long ssrc) =>
        new(id, transport, TrackDirection.Inbound, stream, null, ssrc, MediaKind.Video, false, null, null, null);

    private static SfuRtpPadView OutPad(string id, string transport, string stream, string sink, long ssrc) =>
        new(id, transport, TrackDirection.Outbound, stream, sink, ssrc, MediaKind.Video, false, "call-1", "sub", "t-remote");

    /// <summary>Runs the batches with the state round-tripped through JSON between steps, then drains the deadlines.</summary>
    private static List<Report> Run(bool roundTrip, params (double NowSec, SfuSampleView[] Samples)[] steps)
    {
        var tracker = new SfuTracker(new SfuTrackerOptions());
        SfuState? state = null;
        var events = new List<Report>();
        SfuTrackerResult? last = null;
        foreach (var (now, samples) in steps)
        {
            if (roundTrip && state is not null) state = JsonSerializer.Deserialize<SfuState>(JsonSerializer.Serialize(state, EntityJson), EntityJson);
            last = tracker.Observe(state, samples, Sec(now));
            state = last.State;
            events.AddRange(last.Events);
        }
        while (last!.NextDeadlineMs is { } next)
        {
            if (roundTrip) state = JsonSerializer.Deserialize<SfuState>(JsonSerializer.Serialize(state, EntityJson), EntityJson);
            last = tracker.Tick(state!, next);
            state = last.State;
            events.AddRange(last.Events);
        }
        return events;
    }

    private static List<string> Lines(IEnumerable<Report> events) =>
        [.. events.Select(e => (SfuEventReport)e.Payload).Select(e => string.Join(' ', new[] { e.Name, e.TransportId, e.RtpPadId, e.SctpStreamId }.Where(x => x is not null)))];

    private static (double, SfuSampleView[])[] Scenario() =>
    [
        (0.5, [Sfu(0, Transport("t-pub"), InPad("pad-in", "t-pub", "stream-1", 5001), new SfuSctpStreamView("ch-1", "t-pub", "st-1"))]),
        (5.5, [Sfu(5, Transport("t-pub"), InPad("pad-in", "t-pub", "stream-1", 5001), new SfuSctpStreamView("ch-1", "t-pub", "st-1"),
            Transport("t-sub"), OutPad("pad-out", "t-sub", "stream-1", "sink-7", 9001),
            new SfuEventView("PRODUCER_PAUSED", null, "t-pub", "stream-1", null, "paused", null, null))]),
        (10.5, [Sfu(10, Transport("t-pub"), InPad("pad-in", "t-pub", "stream-1", 5001), Transport("t-sub", closed: true))]),
        (15.5, [Sfu(15, Transport("t-pub"), InPad("pad-in", "t-pub", "stream-1", 5001), Transport("t-sub", closed: true), OutPad("pad-out", "t-sub", "stream-1", "sink-7", 9001))]),
        (20.5, [Sfu(20, Transport("t-pub"), InPad("pad-in", "t-pub", "stream-1", 5001))]),
    ];

    [Fact]
    public void Sfu_Lifecycle_JoinsOpensAddsClosesAndLeavesInOrder()
    {
        var events = Run(roundTrip: false, Scenario());

        Assert.Equal(
        [
            "SFU_JOINED", "SFU_TRANSPORT_OPENED t-pub", "SFU_RTP_PAD_ADDED t-pub pad-in", "SFU_SCTP_STREAM_ADDED t-pub st-1",
            "SFU_TRANSPORT_OPENED t-sub", "SFU_RTP_PAD_ADDED t-sub pad-out", "PRODUCER_PAUSED t-pub",
            "SFU_RTP_PAD_REMOVED t-sub pad-out", "SFU_TRANSPORT_CLOSED t-sub",
            "SFU_SCTP_STREAM_REMOVED t-pub st-1",
            "SFU_RTP_PAD_REMOVED t-pub pad-in", "SFU_TRANSPORT_CLOSED t-pub", "SFU_LEFT",
        ], Lines(events));
        Assert.All(events, e => Assert.Equal(ReportTypes.SfuEvent, e.Type));
    }

    [Fact]
    public void Sfu_EventsCarryIdsTimesAndAttachments()
    {
        var events = Run(roundTrip: false, Scenario()).Select(e => (Report: e, Payload: (SfuEventReport)e.Payload)).ToList();

        var outPad = events.Single(e => e.Payload.Name == "SFU_RTP_PAD_ADDED" && e.Payload.RtpPadId == "pad-out");
        Assert.Equal(("sfu-1", "call-1", "stream-1", "sink-7", Sec(5), Sec(5) + Lag),
            (outPad.Payload.SfuId, outPad.Payload.CallId, outPad.Payload.MediaStreamId, outPad.Payload.MediaSinkId, outPad.Payload.Timestamp, outPad.Payload.ObservedAt));
        Assert.Equal("call-1", outPad.Report.CallId);
        using var attachments = JsonDocument.Parse(outPad.Payload.Attachments!);
        Assert.Equal("outbound", attachments.RootElement.GetProperty("direction").GetString());
        Assert.Equal(9001, attachments.RootElement.GetProperty("ssrc").GetInt64());
        Assert.Equal("sub", attachments.RootElement.GetProperty("clientId").GetString());

        var closed = events.Single(e => e.Payload.Name == "SFU_TRANSPORT_CLOSED" && e.Payload.TransportId == "t-sub");
        Assert.Equal((Sec(10), Sec(10) + Lag), (closed.Payload.Timestamp, closed.Payload.ObservedAt)); // at once, from its closed state
        var sctpRemoved = events.Single(e => e.Payload.Name == "SFU_SCTP_STREAM_REMOVED");
        Assert.Equal((Sec(5), Sec(5) + Lag + 30_000), (sctpRemoved.Payload.Timestamp, sctpRemoved.Payload.ObservedAt)); // vanished: timeout
        var left = events.Single(e => e.Payload.Name == "SFU_LEFT");
        Assert.Equal((Sec(20), Sec(20) + Lag + 30_000), (left.Payload.Timestamp, left.Payload.ObservedAt));
        var custom = events.Single(e => e.Payload.Name == "PRODUCER_PAUSED");
        Assert.Equal(("t-pub", "stream-1", "paused", Sec(5)), (custom.Payload.TransportId, custom.Payload.MediaStreamId, custom.Payload.Value, custom.Payload.Timestamp));
    }

    [Fact]
    public void Sfu_StateRoundTripsThroughJson_AndReplaysGiveIdenticalIds()
    {
        var plain = Run(roundTrip: false, Scenario());
        var persisted = Run(roundTrip: true, Scenario());

        Assert.Equal(Script.Describe(plain), Script.Describe(persisted));
        Assert.Equal(plain.Count, plain.Select(e => e.Id).Distinct().Count());
    }

    [Fact]
    public void Sfu_DuplicateAndLateSamples_EmitNothing()
    {
        var tracker = new SfuTracker(new SfuTrackerOptions());
        var first = Sfu(5, Transport("t"), InPad("p", "t", "s", 1), new SfuEventView("X", null, null, null, null, null, null, null));
        var r = tracker.Observe(null, [Sfu(0, Transport("t")), first], Sec(6));
        r = tracker.Observe(r.State, [Sfu(10, Transport("t", closed: true))], Sec(11));
        Assert.Equal(["SFU_RTP_PAD_REMOVED t p", "SFU_TRANSPORT_CLOSED t"], Lines(r.Events));

        var again = tracker.Observe(r.State, [first, Sfu(7, Transport("t"), InPad("p", "t", "s", 1))], Sec(12));

        Assert.Empty(again.Events);
    }

    [Fact]
    public void Sfu_SampleAfterItLeft_JoinsAgainButLateOnesAreIgnored()
    {
        var tracker = new SfuTracker(new SfuTrackerOptions());
        var r = tracker.Observe(null, [Sfu(0, Transport("t"))], Sec(0.1));
        r = tracker.Tick(r.State, Sec(100));
        Assert.True(r.SfuLeft);
        Assert.Null(r.NextDeadlineMs);

        Assert.Empty(tracker.Observe(r.State, [Sfu(-1, Transport("t"))], Sec(101)).Events);
        var back = tracker.Observe(r.State, [Sfu(200, Transport("t"))], Sec(200));
        Assert.Equal(["SFU_JOINED", "SFU_TRANSPORT_OPENED t"], Lines(back.Events));
    }

    [Fact]
    public void LifecycleNamedCustomEvents_AreNotASecondEvent_AndAnExplicitCloseClosesTheTransport()
    {
        // sfu-monitor-js with createSfuEvents sends SFU_TRANSPORT_OPENED/CLOSED for every transport: they
        // were passed through as a second event of that name (published with the observer's own type).
        static SfuEventView Said(string name, double atSec) => new(name, Sec(atSec), "t-1", null, null, null, null, null);

        var events = Run(false,
            (0.1, [Sfu(0, Transport("t-1"), InPad("p", "t-1", "s", 1), Said(SfuEventNames.TransportOpened, 0))]),
            (5.1, [Sfu(5, Transport("t-1"), InPad("p", "t-1", "s", 1), Said(SfuEventNames.TransportClosed, 5))]),
            (10.1, [Sfu(10, Transport("t-1"), InPad("p", "t-1", "s", 1))])); // a late row cannot reopen it

        Assert.Equal(
            ["SFU_JOINED", "SFU_TRANSPORT_OPENED t-1", "SFU_RTP_PAD_ADDED t-1 p", "SFU_RTP_PAD_REMOVED t-1 p", "SFU_TRANSPORT_CLOSED t-1", "SFU_LEFT"],
            Lines(events));
        var closed = (SfuEventReport)events.Single(e => ((SfuEventReport)e.Payload).Name == SfuEventNames.TransportClosed).Payload;
        Assert.Equal(Sec(5), closed.Timestamp); // at the explicit close, not at the idle timeout
    }

    [Fact]
    public void ATransportKnownOnlyFromItsEvents_IsOpenedAndClosedAtTheirTimes_AndAClosedOneIsNotOpenedByAnOlderSample()
    {
        // A transport that lived between two samples is reported only by sfu-monitor-js's events: both were
        // filtered as a second event of their name, and the close found nothing to close.
        static SfuEventView Said(string name, string transport, double atSec) => new(name, Sec(atSec), transport, null, null, null, null, null);

        var events = Run(false,
            (0.1, [Sfu(0, Transport("t-long"))]),
            (15.1, [Sfu(15, Transport("t-long"), Said(SfuEventNames.TransportOpened, "t-short", 6), Said(SfuEventNames.TransportClosed, "t-short", 11))]),
            (20.1, [Sfu(20, Transport("t-long"), Said(SfuEventNames.TransportClosed, "t-gone", 19))]),
            (20.2, [Sfu(18, Transport("t-long"), Transport("t-gone"))])); // older, delivered after the close

        var shortLived = events.Select(e => (SfuEventReport)e.Payload).Where(e => e.TransportId == "t-short").Select(e => (e.Name, e.Timestamp)).ToList();
        Assert.Equal([(SfuEventNames.TransportOpened, Sec(6)), (SfuEventNames.TransportClosed, Sec(11))], shortLived);
        Assert.DoesNotContain(events, e => ((SfuEventReport)e.Payload).TransportId == "t-gone");
    }

    [Fact]
    public void AnExplicitOpen_IsNotDatedBeforeTheSfuJoined_NorBeforeItsLastLeave()
    {
        // The first sample announces a transport opened (and closed) before it: it came out before SFU_JOINED.
        // After a leave and a rejoin, an open dated inside the previous run opened a transport there.
        static SfuEventView Said(string name, string transport, double atSec) => new(name, Sec(atSec), transport, null, null, null, null, null);

        var events = Run(false,
            (15.1, [Sfu(15, Transport("t-long"), Said(SfuEventNames.TransportOpened, "t-early", 6), Said(SfuEventNames.TransportClosed, "t-early", 9))]),
            (20.1, [Sfu(20, Transport("t-long"))]),
            (100, []),
            (200.1, [Sfu(200, Transport("t-b"), Said(SfuEventNames.TransportOpened, "t-old", 10))]));

        var lines = events.Select(e => (SfuEventReport)e.Payload).Select(e => (e.Name, e.TransportId, Ts: e.Timestamp!.Value)).ToList();
        Assert.Equal((SfuEventNames.SfuJoined, null, Sec(15)), lines[0]);
        Assert.Contains((SfuEventNames.TransportOpened, "t-early", Sec(15)), lines);
        var rejoined = lines.FindLastIndex(l => l.Name == SfuEventNames.SfuJoined);
        Assert.Equal(Sec(200), lines[rejoined].Ts);
        Assert.Equal(Sec(200), lines.Single(l => l.Name == SfuEventNames.TransportOpened && l.TransportId == "t-old").Ts);
        Assert.True(lines.FindIndex(l => l.TransportId == "t-old") > rejoined);
    }

    [Fact]
    public void ALateSampleOfALiveSfu_StillPassesItsCustomEventsThrough_Once()
    {
        var tracker = new SfuTracker(new SfuTrackerOptions());
        var r = tracker.Observe(null, [Sfu(0, Transport("t"))], Sec(0.1));
        r = tracker.Observe(r.State, [Sfu(5, Transport("t"))], Sec(5.1));
        r = tracker.Tick(r.State, Sec(100)); // SFU_LEFT: what is older than 5 s is late from now on
        Assert.True(r.SfuLeft);
        r = tracker.Observe(r.State, [Sfu(200, Transport("t2"))], Sec(200.1));
        var late = Sfu(4, Transport("t"), new SfuEventView("PRODUCER_PAUSED", null, "t", "s", null, "paused", null, null));

        var first = tracker.Observe(r.State, [late], Sec(201));
        var again = tracker.Observe(first.State, [late], Sec(202));

        Assert.Equal(["PRODUCER_PAUSED"], first.Events.Select(e => ((SfuEventReport)e.Payload).Name));
        Assert.Empty(again.Events);
        Assert.DoesNotContain(first.State.Objects, o => o.Id == "t"); // and the late row reopened nothing
    }
}

/// <summary>One SFU call seen from both sides: the clients' samples and the SFU's samples.</summary>
public class SfuCallBothSidesTests
{
    [Fact]
    public void SfuCall_ClientTracksAndSfuPadsAgreeOnStreamAndSink()
    {
        var pub = new Client("pub");
        var sub = new Client("sub");
        var calls = new CallTracker(new CallTrackerOptions());
        var sfus = new SfuTracker(new SfuTrackerOptions());
        var call = calls.Observe(null, "call-1",
        [
            pub.At(0, Pc("p"), Out("p", "cam", MediaKind.Video, 5001, 10, sfuStream: "stream-1")),
            sub.At(0, Pc("s"), In("s", "remote-cam", MediaKind.Video, 9001, 10, sfuStream: "stream-1", sfuSink: "sink-7")),
        ], Sec(0.2));
        var sfu = sfus.Observe(null,
        [
            new SfuSampleView
            {
                Origin = new SampleOrigin("svc", "sfu-unit", Sec(0.1)),
                SfuId = "sfu-1",
                TimestampMs = Sec(0),
                Transports = [new SfuTransportView("t-pub", false, false), new SfuTransportView("t-sub", false, false)],
                RtpPads =
                [
                    new SfuRtpPadView("in-1", "t-pub", TrackDirection.Inbound, "stream-1", null, 5001, MediaKind.Video, false, null, null, null),
                    new SfuRtpPadView("out-1", "t-sub", TrackDirection.Outbound, "stream-1", "sink-7", 9001, MediaKind.Video, false, "call-1", "sub", "remote-cam"),
                ],
            },
        ], Sec(0.2));

        var added = call.Events.Select(e => e.Payload).OfType<CallEventReport>().Single(e => e is { Name: "MEDIA_TRACK_ADDED", MediaTrackId: "remote-cam" });
        using var attachments = JsonDocument.Parse(added.Attachments!);
        Assert.Equal("cam", attachments.RootElement.GetProperty("remoteTrackId").GetString()); // publisher sampled first: matched at once
        Assert.Equal("sfuStreamId", attachments.RootElement.GetProperty("matchedBy").GetString());
        var outPad = sfu.Events.Select(e => (SfuEventReport)e.Payload).Single(e => e is { Name: "SFU_RTP_PAD_ADDED", RtpPadId: "out-1" });
        Assert.Equal((attachments.RootElement.GetProperty("sfuSinkId").GetString(), attachments.RootElement.GetProperty("sfuStreamId").GetString(), "call-1"),
            (outPad.MediaSinkId, outPad.MediaStreamId, outPad.CallId));
        Assert.Equal(4, sfu.Events.Count(e => ((SfuEventReport)e.Payload).Name is "SFU_TRANSPORT_OPENED" or "SFU_RTP_PAD_ADDED"));
    }

    // Was: only an SFU that had left kept its late samples out; once it was back, a late sample of its first
    // session reopened a transport that SFU_LEFT had closed.
    [Fact]
    public void Sfu_LateSampleOfTheFirstSession_AfterTheSfuCameBack_ResurrectsNothing()
    {
        SfuSampleView Sfu(double at, double received, string transport) => new()
        {
            Origin = new SampleOrigin("svc", "sfu-unit", Sec(received)),
            SfuId = "sfu-1",
            TimestampMs = Sec(at),
            Transports = [new SfuTransportView(transport, false, false)],
        };
        var tracker = new SfuTracker(new SfuTrackerOptions());
        var r = tracker.Observe(null, [Sfu(0, 0.1, "t-old")], Sec(0.1));
        r = tracker.Observe(r.State, [Sfu(5, 5.1, "t-old")], Sec(5.1));
        r = tracker.Tick(r.State, Sec(100)); // SFU_LEFT, t-old closed
        Assert.True(r.SfuLeft);
        r = tracker.Observe(r.State, [Sfu(200, 200.1, "t-new")], Sec(200.1)); // back
        var late = tracker.Observe(r.State, [Sfu(3, 201, "t-old")], Sec(201)); // the first session's sample, late

        var names = late.Events.Select(e => (SfuEventReport)e.Payload).Select(e => e.Name + " " + e.TransportId).ToList();
        Assert.True(names.Count == 0, string.Join(", ", names));
    }
}
