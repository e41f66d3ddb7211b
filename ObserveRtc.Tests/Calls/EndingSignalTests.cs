using ObserveRtc.Core.Samples;
using static ObserveRtc.Tests.Calls.Samples;

namespace ObserveRtc.Tests.Calls;

/// <summary>How real clients signal that a track or a peer connection ended.</summary>
public class EndingSignalTests
{
    public enum ScreenStop { ExplicitEvent, TracklessSender, Vanishes }

    /// <summary>
    /// Alice shares her screen (a second outbound video, ssrc 113) from 10 s to 30 s; Bob receives it
    /// (P2P, ssrc 113). After the stop Bob's receiver keeps reporting it with frozen bytes.
    /// </summary>
    private static Outcome ScreenShare(ScreenStop stop)
    {
        var alice = new Client("alice");
        var bob = new Client("bob");
        var script = new Script();
        for (double t = 0; t <= 60; t += 5)
        {
            var sharing = t is >= 10 and <= 30;
            var bytes = 1000 * (t + 1);
            var screenBytes = 500 * (Math.Min(t, 30) + 1);
            var aParts = new List<object> { Pc("pc-a"), Out("pc-a", "a-cam", MediaKind.Video, 112, bytes) };
            if (sharing) aParts.Add(Out("pc-a", "a-screen", MediaKind.Video, 113, screenBytes));
            else if (t > 30 && stop == ScreenStop.TracklessSender) aParts.Add(Out("pc-a", null, MediaKind.Video, 113, screenBytes));
            if (t == 30 && stop == ScreenStop.ExplicitEvent) aParts.Add(Ev("MEDIA_TRACK_REMOVED", 29.5, "pc-a", "a-screen"));
            if (t == 35 && stop == ScreenStop.TracklessSender) aParts.RemoveAt(aParts.Count - 1); // keep the trackless row below
            if (t == 35 && stop == ScreenStop.TracklessSender) aParts.Add(Out("pc-a", null, MediaKind.Video, 113, screenBytes));
            var bParts = new List<object> { Pc("pc-b"), In("pc-b", "r-cam", MediaKind.Video, 112, bytes) };
            if (t >= 10) bParts.Add(In("pc-b", "r-screen", MediaKind.Video, 113, screenBytes)); // frozen after 30 s
            script.Feed(t + 1, alice.At(t, [.. aParts]), bob.At(t + 0.2, [.. bParts]));
        }
        return script.Play();
    }

    [Fact]
    public void ScreenShare_StartedAndStoppedByExplicitEvent_RemovesAtTheEventTime()
    {
        var outcome = ScreenShare(ScreenStop.ExplicitEvent);

        Assert.Equal(Sec(10), outcome.Single("MEDIA_TRACK_ADDED", "alice", "a-screen").Timestamp);
        var removed = outcome.Single("MEDIA_TRACK_REMOVED", "alice", "a-screen");
        Assert.Equal(Sec(29.5), removed.Timestamp);
        Assert.Equal(Sec(30) + Lag, removed.ObservedAt); // at once, not after a timeout
        Assert.Equal("explicit", Outcome.Attachments(removed).GetProperty("reason").GetString());
        Assert.Equal("video", Outcome.Attachments(removed).GetProperty("kind").GetString());
    }

    [Fact]
    public void ScreenShare_StoppedAsTracklessSenderRow_RemovesAtThatSampleAndNeverReAdds()
    {
        var outcome = ScreenShare(ScreenStop.TracklessSender);

        var removed = outcome.Single("MEDIA_TRACK_REMOVED", "alice", "a-screen");
        Assert.Equal(Sec(35), removed.Timestamp);
        Assert.Equal("sender-without-track", Outcome.Attachments(removed).GetProperty("reason").GetString());
        Assert.Single(outcome.All("MEDIA_TRACK_ADDED"), e => e.MediaTrackId == "a-screen");
        Assert.Equal(2, outcome.All("MEDIA_TRACK_ADDED").Count(e => e.ClientId == "alice"));
    }

    [Fact]
    public void ScreenShare_StoppedByVanishing_RemovesAfterTheTrackTimeoutAtItsLastSighting()
    {
        var outcome = ScreenShare(ScreenStop.Vanishes);

        var removed = outcome.Single("MEDIA_TRACK_REMOVED", "alice", "a-screen");
        Assert.Equal(Sec(30), removed.Timestamp);
        Assert.Equal(Sec(30) + Lag + 30_000, removed.ObservedAt); // its last receive + TrackIdleTimeout
        Assert.Equal("timeout", Outcome.Attachments(removed).GetProperty("reason").GetString());
    }

    [Theory]
    [InlineData(ScreenStop.ExplicitEvent)]
    [InlineData(ScreenStop.TracklessSender)]
    [InlineData(ScreenStop.Vanishes)]
    public void ScreenShare_ReceiverWithFrozenBytes_IsRemovedOnceThePublisherTrackIsGone(ScreenStop stop)
    {
        var outcome = ScreenShare(stop);

        var matched = Outcome.Attachments(outcome.Single("MEDIA_TRACK_ADDED", "bob", "r-screen"));
        Assert.Equal("a-screen", matched.GetProperty("remoteTrackId").GetString());
        var removed = outcome.Single("MEDIA_TRACK_REMOVED", "bob", "r-screen");
        Assert.Equal("publisher-removed", Outcome.Attachments(removed).GetProperty("reason").GetString());
        Assert.True(removed.ObservedAt < outcome.Single("CLIENT_LEFT", "bob").ObservedAt);
        var publisherRemoved = outcome.Single("MEDIA_TRACK_REMOVED", "alice", "a-screen");
        Assert.True(removed.ObservedAt >= publisherRemoved.ObservedAt);
        Assert.Single(outcome.All("MEDIA_TRACK_ADDED"), e => e.MediaTrackId == "r-screen"); // frozen rows never re-add it
        Assert.Contains(outcome.All("MEDIA_TRACK_REMOVED"), e => e.MediaTrackId == "r-cam"); // the camera stays until the end
    }

    [Theory]
    [InlineData(ScreenStop.ExplicitEvent)]
    [InlineData(ScreenStop.TracklessSender)]
    [InlineData(ScreenStop.Vanishes)]
    public void ScreenShare_ReceiverWithFrozenBytes_EndsAtTheSampleThatFirstShowedItsFinalCount(ScreenStop stop)
    {
        var outcome = ScreenShare(stop);

        // Bob's 30.2 s sample has the last bytes (the share stopped at 30 s); 35.2 s is the first frozen one.
        Assert.Equal(Sec(30.2), outcome.Single("MEDIA_TRACK_REMOVED", "bob", "r-screen").Timestamp);
    }

    [Fact]
    public void PeerConnectionReportingClosed_TracksListedInThatSampleEndThereAndNoNewTrackStarts()
    {
        var alice = new Client("alice");
        var outcome = new Script()
            .Feed(1, alice.At(0, Pc("pc-1"), Out("pc-1", "a-mic", MediaKind.Audio, 1, 10), In("pc-1", "r-mic", MediaKind.Audio, 9, 10)))
            .Feed(6, alice.At(5, Pc("pc-1", closed: true), Out("pc-1", "a-mic", MediaKind.Audio, 1, 20), In("pc-1", "r-cam", MediaKind.Video, 8, 5)))
            .Play();

        var closed = outcome.Single("PEER_CONNECTION_CLOSED", "alice", pcId: "pc-1");
        Assert.Equal(Sec(5), closed.Timestamp);
        Assert.Equal(Sec(5), outcome.Single("MEDIA_TRACK_REMOVED", "alice", "a-mic").Timestamp); // listed in the closing sample
        Assert.Equal(Sec(0), outcome.Single("MEDIA_TRACK_REMOVED", "alice", "r-mic").Timestamp); // last listed before it
        Assert.DoesNotContain(outcome.CallEvents, e => e.MediaTrackId == "r-cam");
    }

    public enum PcEnd { ExplicitEvent, ReportsClosed, EmptyShell, Vanishes }

    /// <summary>Alice has pc-1 (audio) from 0 s and ends it at 20 s in the given way; her other PC and Bob keep going to 60 s.</summary>
    private static Outcome ClosedPc(PcEnd end)
    {
        var alice = new Client("alice");
        var bob = new Client("bob");
        var script = new Script();
        for (double t = 0; t <= 60; t += 5)
        {
            var parts = new List<object> { Pc("pc-2"), Out("pc-2", "a-cam", MediaKind.Video, 2, t + 1) };
            if (t < 20) parts.AddRange([Pc("pc-1"), Out("pc-1", "a-mic", MediaKind.Audio, 1, t + 1), In("pc-1", "r-mic", MediaKind.Audio, 9, t + 1)]);
            else if (end == PcEnd.ExplicitEvent && t == 20) parts.AddRange([Pc("pc-1"), Out("pc-1", "a-mic", MediaKind.Audio, 1, t + 1), Ev("PEER_CONNECTION_CLOSED", 19.5, "pc-1")]);
            else if (end == PcEnd.ExplicitEvent) parts.Add(Shell("pc-1"));
            else if (end == PcEnd.ReportsClosed) parts.AddRange([Pc("pc-1", closed: true), Out("pc-1", "a-mic", MediaKind.Audio, 1, 21)]);
            else if (end == PcEnd.EmptyShell) parts.Add(Shell("pc-1"));
            script.Feed(t + 1, alice.At(t, [.. parts]), bob.At(t, Pc("pc-b")));
        }
        return script.Play();
    }

    [Theory]
    [InlineData(PcEnd.ExplicitEvent, 19.5, 20.1)]
    [InlineData(PcEnd.ReportsClosed, 20, 20.1)]
    [InlineData(PcEnd.EmptyShell, 20, 20.1)]
    [InlineData(PcEnd.Vanishes, 15, 15.1 + 30)]
    public void ClosedPeerConnection_ClosesOnceWithItsTracksFirstAndNeverReopens(PcEnd end, double closedAtSec, double observedAtSec)
    {
        var outcome = ClosedPc(end);

        var closed = outcome.Single("PEER_CONNECTION_CLOSED", "alice", pcId: "pc-1");
        Assert.Equal(Sec(closedAtSec), closed.Timestamp);
        Assert.Equal(Sec(observedAtSec), closed.ObservedAt);
        Assert.Single(outcome.All("PEER_CONNECTION_OPENED"), e => e.PeerConnectionId == "pc-1");
        var lines = outcome.Lines;
        var closedAt = lines.IndexOf("PEER_CONNECTION_CLOSED alice pc-1");
        Assert.InRange(lines.IndexOf("MEDIA_TRACK_REMOVED alice pc-1 a-mic"), 0, closedAt - 1);
        Assert.InRange(lines.IndexOf("MEDIA_TRACK_REMOVED alice pc-1 r-mic"), 0, closedAt - 1);
        Assert.True(outcome.Single("MEDIA_TRACK_REMOVED", "alice", "a-mic").Timestamp <= closed.Timestamp);
        // The other PC lives on until Alice leaves.
        Assert.True(outcome.Single("PEER_CONNECTION_CLOSED", "alice", pcId: "pc-2").Timestamp == Sec(60));
    }

    [Fact]
    public void ExplicitLeave_ActsAtOnceWithTheEventTimeAndClosesEverythingFirst()
    {
        var alice = new Client("alice");
        var bob = new Client("bob");
        var script = new Script()
            .Feed(1, alice.At(0, Pc("pc-a"), Out("pc-a", "a-mic", MediaKind.Audio, 1, 10)), bob.At(0, Pc("pc-b")))
            .Feed(6, alice.At(5, Pc("pc-a"), Out("pc-a", "a-mic", MediaKind.Audio, 1, 20), Ev("CLIENT_LEFT", 4.8, value: "bye", message: "user hung up")), bob.At(5, Pc("pc-b")));
        var outcome = script.Run(roundTrip: true, drain: false);

        var left = outcome.Single("CLIENT_LEFT", "alice");
        Assert.Equal(Sec(4.8), left.Timestamp);
        Assert.Equal(Sec(5) + Lag, left.ObservedAt);
        Assert.Equal(("bye", "user hung up"), (left.Value, left.Message));
        Assert.Equal(["MEDIA_TRACK_REMOVED alice pc-a a-mic", "PEER_CONNECTION_CLOSED alice pc-a", "CLIENT_LEFT alice"],
            outcome.Results[^1].Events.Select(e => e.Payload).OfType<ObserveRtc.Core.Reports.CallEventReport>().Select(Outcome.Line));
        Assert.Equal(Sec(4.8), outcome.Single("PEER_CONNECTION_CLOSED", "alice").Timestamp);
        // Not passed through a second time as a custom event.
        Assert.Single(outcome.All("CLIENT_LEFT"));
    }

    [Fact]
    public void TimeoutLeave_ComesOnlyAfterClientIdleTimeoutWithTheLastSampleTime()
    {
        var alice = new Client("alice");
        var bob = new Client("bob");
        var script = new Script()
            .Feed(1, alice.At(0, Pc("pc-a")), bob.At(0, Pc("pc-b")))
            .Feed(11, alice.At(10, Pc("pc-a")), bob.At(10, Pc("pc-b")))
            .Feed(21, bob.At(20, Pc("pc-b")))
            .Feed(31, bob.At(30, Pc("pc-b")))
            .Tick(40.05)
            .Feed(41, bob.At(40, Pc("pc-b")));
        var outcome = script.Run(roundTrip: true, drain: false);

        Assert.DoesNotContain(outcome.Results[^2].Events, e => ((ObserveRtc.Core.Reports.CallEventReport)e.Payload).Name == "CLIENT_LEFT");
        var left = outcome.Single("CLIENT_LEFT", "alice");
        Assert.Equal(Sec(10), left.Timestamp);
        Assert.Equal(Sec(10) + Lag + 30_000, left.ObservedAt); // its deadline, not the late tick's time
        Assert.Contains("timeout", left.Message);
    }
}

/// <summary>A sender whose track is replaced (camera switch).</summary>
public class ReplacedTrackTests
{
    [Fact]
    public void SenderTrackReplaced_RemovesTheOldTrackAtThatSample()
    {
        var alice = new Client("alice");
        var outcome = new Script()
            .Feed(1, alice.At(0, Pc("pc-a"), Out("pc-a", "front-cam", MediaKind.Video, 7, 10)))
            .Feed(6, alice.At(5, Pc("pc-a"), Out("pc-a", "back-cam", MediaKind.Video, 7, 20)))
            .Feed(7, alice.AtReceived(3, 7, Pc("pc-a"), Out("pc-a", "front-cam", MediaKind.Video, 7, 15))) // late
            .Feed(11, alice.At(10, Pc("pc-a"), Out("pc-a", "back-cam", MediaKind.Video, 7, 30)))
            .Play();

        var removed = outcome.Single("MEDIA_TRACK_REMOVED", "alice", "front-cam");
        Assert.Equal((Sec(5), Sec(5) + Lag), (removed.Timestamp, removed.ObservedAt));
        Assert.Equal("sender-track-replaced", Outcome.Attachments(removed).GetProperty("reason").GetString());
        Assert.Single(outcome.All("MEDIA_TRACK_ADDED"), e => e.MediaTrackId == "front-cam");
    }
}
