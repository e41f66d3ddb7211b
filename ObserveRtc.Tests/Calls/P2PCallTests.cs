using ObserveRtc.Core.Calls;
using ObserveRtc.Core.Reports;
using ObserveRtc.Core.Samples;
using static ObserveRtc.Tests.Calls.Samples;

namespace ObserveRtc.Tests.Calls;

public class P2PCallTests
{
    /// <summary>Alice and Bob, one PC each, alice sends mic+cam, bob sends mic; samples every 5 s from 0 to 30 s (bob 1 s later).</summary>
    internal static Script OneToOne(Script? script = null, double until = 30)
    {
        script ??= new Script();
        var alice = new Client("alice", "Alice");
        var bob = new Client("bob", "Bob");
        for (double t = 0; t <= until; t += 5)
        {
            var bytes = 1000 * (t + 1);
            script.Feed(t + 0.5, alice.At(t, Pc("pc-a"),
                Out("pc-a", "a-mic", MediaKind.Audio, 111, bytes), Out("pc-a", "a-cam", MediaKind.Video, 112, bytes),
                In("pc-a", "rb-mic", MediaKind.Audio, 221, bytes)));
            script.Feed(t + 1.5, bob.At(t + 1, Pc("pc-b"),
                Out("pc-b", "b-mic", MediaKind.Audio, 221, bytes),
                In("pc-b", "ra-mic", MediaKind.Audio, 111, bytes), In("pc-b", "ra-cam", MediaKind.Video, 112, bytes)));
        }
        return script;
    }

    [Fact]
    public void OneToOne_RaisesTheWholeLifecycleInOrder()
    {
        var outcome = OneToOne().Play();

        Assert.Equal(
        [
            "CALL_STARTED",
            "CLIENT_JOINED alice", "PEER_CONNECTION_OPENED alice pc-a",
            "MEDIA_TRACK_ADDED alice pc-a a-mic", "MEDIA_TRACK_ADDED alice pc-a a-cam", "MEDIA_TRACK_ADDED alice pc-a rb-mic",
            "CLIENT_JOINED bob", "PEER_CONNECTION_OPENED bob pc-b",
            "MEDIA_TRACK_ADDED bob pc-b b-mic", "MEDIA_TRACK_ADDED bob pc-b ra-mic", "MEDIA_TRACK_ADDED bob pc-b ra-cam",
            "MEDIA_TRACK_MATCHED alice pc-a rb-mic",
            "MEDIA_TRACK_REMOVED alice pc-a a-mic", "MEDIA_TRACK_REMOVED alice pc-a a-cam", "MEDIA_TRACK_REMOVED alice pc-a rb-mic",
            "PEER_CONNECTION_CLOSED alice pc-a", "CLIENT_LEFT alice",
            "MEDIA_TRACK_REMOVED bob pc-b b-mic", "MEDIA_TRACK_REMOVED bob pc-b ra-mic", "MEDIA_TRACK_REMOVED bob pc-b ra-cam",
            "PEER_CONNECTION_CLOSED bob pc-b", "CLIENT_LEFT bob",
            "CALL_ENDED",
        ], outcome.Lines);
        Assert.Equal(ReportTypes.CallSummary, outcome.Events[^1].Type);
    }

    [Fact]
    public void OneToOne_InboundTracksMatchThePublisherBySharedSsrc()
    {
        var outcome = OneToOne().Play();

        var raMic = Outcome.Attachments(outcome.Single("MEDIA_TRACK_ADDED", "bob", "ra-mic"));
        Assert.Equal("alice", raMic.GetProperty("remoteClientId").GetString());
        Assert.Equal("Alice", raMic.GetProperty("remoteUserId").GetString());
        Assert.Equal("pc-a", raMic.GetProperty("remotePeerConnectionId").GetString());
        Assert.Equal("a-mic", raMic.GetProperty("remoteTrackId").GetString());
        Assert.Equal("ssrc", raMic.GetProperty("matchedBy").GetString());
        Assert.Equal("a-cam", Outcome.Attachments(outcome.Single("MEDIA_TRACK_ADDED", "bob", "ra-cam")).GetProperty("remoteTrackId").GetString());

        // Alice's inbound track came before Bob existed: unmatched when added, matched later.
        Assert.False(Outcome.Attachments(outcome.Single("MEDIA_TRACK_ADDED", "alice", "rb-mic")).TryGetProperty("remoteClientId", out _));
        var matched = outcome.Single("MEDIA_TRACK_MATCHED", "alice", "rb-mic");
        Assert.Equal("b-mic", Outcome.Attachments(matched).GetProperty("remoteTrackId").GetString());
        Assert.Equal(Sec(1), matched.Timestamp);
    }

    [Fact]
    public void OneToOne_TrackEventsCarryDirectionKindAndSsrc()
    {
        var outcome = OneToOne().Play();

        var cam = outcome.Single("MEDIA_TRACK_ADDED", "alice", "a-cam");
        Assert.Equal(112, cam.SSRC);
        Assert.Equal(Sec(0), cam.Timestamp);
        Assert.Equal(Sec(0) + Lag, cam.ObservedAt);
        Assert.Equal(Sec(0), cam.SampleTimestamp);
        Assert.Equal(0, cam.SampleSeq);
        Assert.Equal("svc", cam.ServiceId);
        Assert.Equal("mu-1", cam.MediaUnitId);
        Assert.Equal("room-1", cam.RoomId);
        Assert.Equal("Alice", cam.UserId);
        var attachments = Outcome.Attachments(cam);
        Assert.Equal("outbound", attachments.GetProperty("direction").GetString());
        Assert.Equal("video", attachments.GetProperty("kind").GetString());
        Assert.Equal(112, attachments.GetProperty("ssrcs")[0].GetInt64());
    }

    [Fact]
    public void OneToOne_TimeoutEndsUseLastSampleTimesAndTheCallEndsAfterTheEmptyTimeout()
    {
        var outcome = OneToOne().Play();

        var aliceLeft = outcome.Single("CLIENT_LEFT", "alice");
        Assert.Equal(Sec(30), aliceLeft.Timestamp); // her last sample, client clock
        Assert.Equal(Sec(30) + Lag + 30_000, aliceLeft.ObservedAt); // last receive + ClientIdleTimeout
        Assert.Equal(Sec(30), outcome.Single("MEDIA_TRACK_REMOVED", "alice", "a-cam").Timestamp);
        var ended = outcome.Single("CALL_ENDED");
        Assert.Equal(Sec(31), ended.Timestamp); // Bob's CLIENT_LEFT: the last client's
        Assert.Equal(Sec(31) + Lag + 30_000 + 30_000, ended.ObservedAt);
        var last = outcome.Results[^1];
        Assert.True(last.CallEnded);
        Assert.Null(last.NextDeadlineMs);
        Assert.Equal(new RoomEntry("svc", "room-1", "call-1"), last.RoomEntryToRemove);
    }

    [Fact]
    public void OneToOne_NextDeadlineIsTheEarliestIdleTimeout()
    {
        var outcome = OneToOne().Run(roundTrip: false, drain: false);

        // Alice's last sample was received at 30.1 s: her tracks, PC and herself are due 30 s later.
        Assert.Equal(Sec(30) + Lag + 30_000, outcome.Results[^1].NextDeadlineMs);
        Assert.DoesNotContain(outcome.CallEvents, e => e.Name == "CLIENT_LEFT");
    }

    [Fact]
    public void Tick_BeforeTheDeadline_EndsNothing()
    {
        var tracker = new CallTracker(new CallTrackerOptions());
        var alice = new Client("alice");
        var first = tracker.Observe(null, "call-1", [alice.At(0, Pc("pc-a"))], Sec(0.1));

        var early = tracker.Tick(first.State, first.NextDeadlineMs!.Value - 1);
        Assert.Empty(early.Events);
        var due = tracker.Tick(first.State, first.NextDeadlineMs!.Value);
        Assert.Equal(["PEER_CONNECTION_CLOSED alice pc-a", "CLIENT_LEFT alice"], due.Events.Select(e => Outcome.Line((CallEventReport)e.Payload)));
    }

    [Fact]
    public void Replay_GivesIdenticalIdsAndPayloads()
    {
        var first = OneToOne().Run(roundTrip: false);
        var second = OneToOne().Run(roundTrip: true);

        Assert.Equal(Script.Describe(first.Events), Script.Describe(second.Events));
        Assert.Equal(first.Events.Count, first.Events.Select(e => e.Id).Distinct().Count());
    }
}
