using System.Text.Json;
using ObserveRtc.Core.Calls;
using ObserveRtc.Core.Reports;
using ObserveRtc.Core.Samples;
using static ObserveRtc.Tests.Calls.Samples;

namespace ObserveRtc.Tests.Calls;

/// <summary>Duplicates, late samples and rejoins.</summary>
public class IdempotenceTests
{
    private static readonly CallTracker Tracker = new(new CallTrackerOptions());

    [Fact]
    public void DuplicateSample_ChangesNothingAndEmitsNothing()
    {
        var alice = new Client("alice");
        var sample = alice.At(0, Pc("pc-a"), Out("pc-a", "a-mic", MediaKind.Audio, 1, 10), Ev("MUTED", value: "true"), Issue("cpu-limitation"));
        var first = Tracker.Observe(null, "call-1", [sample], Sec(0.1));
        var before = JsonSerializer.Serialize(first.State);

        var again = Tracker.Observe(first.State, "call-1", [sample, sample], Sec(0.1)); // redelivered: same receive time

        Assert.Empty(again.Events);
        Assert.Equal(before, JsonSerializer.Serialize(again.State));
        Assert.Single(first.Events, e => ((CallEventReport)e.Payload).Name == "MUTED");
    }

    [Fact]
    public void DuplicateWithinOneBatch_EmitsOnce()
    {
        var alice = new Client("alice");
        var sample = alice.At(0, Pc("pc-a"), Ev("MUTED"));

        var result = Tracker.Observe(null, "call-1", [sample, sample, sample], Sec(0.1));

        Assert.Single(result.Events, e => ((CallEventReport)e.Payload).Name == "MUTED");
        Assert.Single(result.Events, e => ((CallEventReport)e.Payload).Name == "PEER_CONNECTION_OPENED");
    }

    [Fact]
    public void LateOldSample_DoesNotResurrectARemovedTrackNorMoveLastSeenBack()
    {
        var alice = new Client("alice");
        var bob = new Client("bob");
        var old = alice.At(8, Pc("pc-a"), Out("pc-a", "a-screen", MediaKind.Video, 5, 80));
        var r = Tracker.Observe(null, "call-1", [alice.At(0, Pc("pc-a"), Out("pc-a", "a-screen", MediaKind.Video, 5, 10)), bob.At(0, Pc("pc-b"))], Sec(0.1));
        r = Tracker.Observe(r.State, "call-1", [alice.At(10, Pc("pc-a"), Ev("MEDIA_TRACK_REMOVED", 10, "pc-a", "a-screen")), bob.At(10, Pc("pc-b"))], Sec(10.1));
        Assert.Single(r.Events);
        var lastSeen = r.State.Clients[0].LastSampleTs;

        var late = Tracker.Observe(r.State, "call-1", [old], Sec(12));

        Assert.Empty(late.Events);
        Assert.Equal(lastSeen, late.State.Clients[0].LastSampleTs);
        Assert.Empty(late.State.Clients[0].PeerConnections[0].Tracks);
    }

    [Fact]
    public void LateSampleAfterAnExplicitLeave_DoesNotRejoin()
    {
        var alice = new Client("alice");
        var bob = new Client("bob");
        var old = alice.At(4, Pc("pc-a"));
        var r = Tracker.Observe(null, "call-1", [alice.At(0, Pc("pc-a")), bob.At(0, Pc("pc-b"))], Sec(0.1));
        r = Tracker.Observe(r.State, "call-1", [alice.At(5, Ev("CLIENT_LEFT")), bob.At(5, Pc("pc-b"))], Sec(5.1));

        var late = Tracker.Observe(r.State, "call-1", [old], Sec(6));

        Assert.Empty(late.Events);
        Assert.True(late.State.Clients.Single(c => c.ClientId == "alice").Left);
    }

    [Fact]
    public void NewerSampleAfterATimeoutLeave_RaisesClientRejoinedAndReopensItsPeerConnection()
    {
        var alice = new Client("alice");
        var bob = new Client("bob");
        var script = new Script();
        for (double t = 0; t <= 100; t += 5)
        {
            var batch = new List<ClientSampleView> { bob.At(t, Pc("pc-b")) };
            if (t <= 10 || t >= 70) batch.Add(alice.At(t, Pc(t < 70 ? "pc-a1" : "pc-a2"), Out(t < 70 ? "pc-a1" : "pc-a2", "a-mic", MediaKind.Audio, t < 70 ? 1 : 2, t)));
            script.Feed(t + 1, [.. batch]);
        }
        var outcome = script.Play();

        Assert.Equal([Sec(10), Sec(100)], outcome.All("CLIENT_LEFT").Where(e => e.ClientId == "alice").Select(e => e.Timestamp));
        var rejoined = outcome.Single("CLIENT_REJOINED", "alice");
        Assert.Equal(Sec(70), rejoined.Timestamp);
        Assert.Single(outcome.All("CLIENT_JOINED"), e => e.ClientId == "alice");
        Assert.Single(outcome.All("PEER_CONNECTION_OPENED"), e => e.PeerConnectionId == "pc-a2");
        var lines = outcome.Lines;
        Assert.True(lines.IndexOf("CLIENT_REJOINED alice") < lines.IndexOf("PEER_CONNECTION_OPENED alice pc-a2"));
        var summary = Assert.Single(outcome.Summary.Clients, c => c.ClientId == "alice");
        Assert.Equal(1, summary.Rejoins);
        Assert.Equal(Sec(0), summary.Joined);
        Assert.Equal(["pc-a1", "pc-a2"], summary.PeerConnectionIds);
    }

    [Fact]
    public void ExplicitLeaveThenNewerSamples_Rejoins()
    {
        var alice = new Client("alice");
        var bob = new Client("bob");
        var outcome = new Script()
            .Feed(1, alice.At(0, Pc("pc-a")), bob.At(0, Pc("pc-b")))
            .Feed(6, alice.At(5, Ev("CLIENT_LEFT", 5)), bob.At(5, Pc("pc-b")))
            .Feed(11, alice.At(10, Pc("pc-a2"), Ev("CLIENT_JOINED", 9.5)), bob.At(10, Pc("pc-b")))
            .Play();

        Assert.Equal(["CALL_STARTED", "CLIENT_JOINED alice", "PEER_CONNECTION_OPENED alice pc-a", "CLIENT_JOINED bob", "PEER_CONNECTION_OPENED bob pc-b",
            "PEER_CONNECTION_CLOSED alice pc-a", "CLIENT_LEFT alice", "CLIENT_REJOINED alice", "PEER_CONNECTION_OPENED alice pc-a2"],
            outcome.Lines.Take(9));
    }

    [Fact]
    public void NewMonitorAfterAnImplicitLeave_SampleSeqStartsOver_LeavesAtTheLastSampleAndRejoins()
    {
        var alice = new Client("alice");
        var bob = new Client("bob");
        var alice2 = new Client("alice"); // the same client id, a new monitor: sampleSeq from 0 again
        var script = new Script();
        for (var t = 0; t <= 5; t++) script.Feed(t + 1, alice.At(t, Pc("pc-a1")), bob.At(t, Pc("pc-b")));
        script.Feed(7, alice.At(6), bob.At(6, Pc("pc-b"))) // her PC vanished, she still samples (2.x)
            .Feed(11, alice2.At(10, Pc("pc-a2")), bob.At(10, Pc("pc-b")))
            .Feed(12, alice.AtReceived(4.5, 12, Pc("pc-a1")), bob.At(11, Pc("pc-b"))) // a late sample of the old monitor
            .Feed(13, alice2.At(12, Pc("pc-a2")), bob.At(12, Pc("pc-b")));
        var outcome = script.Play();

        var left = outcome.All("CLIENT_LEFT").Where(e => e.ClientId == "alice").ToList();
        Assert.Equal(2, left.Count);
        Assert.Equal(Sec(6), left[0].Timestamp); // her old session's last sample
        Assert.Equal(Sec(10) + Lag, left[0].ObservedAt); // seen as soon as the new monitor's sample came
        Assert.Equal(Sec(10), outcome.Single("CLIENT_REJOINED", "alice").Timestamp);
        Assert.Equal(Sec(5), outcome.Single("PEER_CONNECTION_CLOSED", "alice", pcId: "pc-a1").Timestamp);
        Assert.Single(outcome.All("CLIENT_JOINED"), e => e.ClientId == "alice");
        Assert.Single(outcome.All("PEER_CONNECTION_OPENED"), e => e.PeerConnectionId == "pc-a1"); // the late sample reopens nothing
        Assert.Equal(1, outcome.Summary.Clients.Single(c => c.ClientId == "alice").Rejoins);
    }

    [Fact]
    public void NewMonitorAfterAnImplicitLeave_JoinedEventAfterTheLastSample_LeavesAndRejoins()
    {
        var alice = new Client("alice", numbered: false);
        var bob = new Client("bob", numbered: false);
        var outcome = new Script()
            .Feed(1, alice.At(0, Pc("pc-a1"), Ev("CLIENT_JOINED", -0.5)), bob.At(0, Pc("pc-b")))
            .Feed(6, alice.At(5, Shell("pc-a1")), bob.At(5, Pc("pc-b")))
            .Feed(11, alice.At(10, Pc("pc-a2"), Ev("CLIENT_JOINED", 9.5)), bob.At(10, Pc("pc-b")))
            .Feed(12, alice.AtReceived(0, 12, Pc("pc-a1"), Ev("CLIENT_JOINED", -0.5)), bob.At(11, Pc("pc-b"))) // her first sample again, late
            .Play();

        var left = outcome.All("CLIENT_LEFT").Where(e => e.ClientId == "alice").ToList();
        Assert.Equal(2, left.Count);
        Assert.Equal(Sec(5), left[0].Timestamp);
        Assert.Equal(Sec(10), outcome.Single("CLIENT_REJOINED", "alice").Timestamp);
        Assert.Single(outcome.All("CLIENT_JOINED"), e => e.ClientId == "alice");
        Assert.Single(outcome.All("PEER_CONNECTION_OPENED"), e => e.PeerConnectionId == "pc-a1");
    }

    [Fact]
    public void SampleAfterTheCallEnded_StartsItAgainButLateOnesAreIgnored()
    {
        var alice = new Client("alice");
        var script = new Script()
            .Feed(1, alice.At(0, Pc("pc-a")))
            .Tick(200) // everything times out, the call ends
            .Feed(201, alice.AtReceived(-1, 201, Pc("pc-a"))) // late: older than her last sample before the end
            .Feed(301, alice.AtReceived(300, 301, Pc("pc-a")));
        var outcome = script.Run(roundTrip: true, drain: false);

        Assert.Empty(outcome.Results[2].Events);
        Assert.Equal(2, outcome.All("CALL_STARTED").Count);
        Assert.Equal(Sec(300), outcome.All("CALL_STARTED")[1].Timestamp);
        Assert.Equal(2, outcome.All("CLIENT_JOINED").Count);
        Assert.True(outcome.State!.Live);
    }
}

/// <summary>Leaves repeated by the client, and trackless rows.</summary>
public class RepeatedLeaveTests
{
    [Fact]
    public void NewerSampleRepeatingTheLeave_IsNoRejoin()
    {
        var alice = new Client("alice");
        var bob = new Client("bob");
        var outcome = new Script()
            .Feed(1, alice.At(0, Pc("pc-a")), bob.At(0, Pc("pc-b")))
            .Feed(6, alice.At(5, Ev("CLIENT_LEFT", 5)), bob.At(5, Pc("pc-b")))
            .Feed(7, alice.At(6, Ev("CLIENT_LEFT", 6)), bob.At(6, Pc("pc-b")))
            .Play();

        Assert.Empty(outcome.All("CLIENT_REJOINED"));
        Assert.Single(outcome.All("CLIENT_LEFT"), e => e.ClientId == "alice");
    }

    [Fact]
    public void TracklessRowWithAnUnknownSsrc_CreatesNothingAndRemovesNothing()
    {
        var alice = new Client("alice");
        var outcome = new Script()
            .Feed(1, alice.At(0, Pc("pc-a"), Out("pc-a", "a-mic", MediaKind.Audio, 1, 10), Out("pc-a", null, MediaKind.Video, 77, 10)))
            .Feed(6, alice.At(5, Pc("pc-a"), Out("pc-a", "a-mic", MediaKind.Audio, 1, 20), Out("pc-a", null, MediaKind.Video, 77, 20)))
            .Play();

        Assert.Single(outcome.All("MEDIA_TRACK_ADDED"));
        Assert.Equal(Sec(5), outcome.Single("MEDIA_TRACK_REMOVED", "alice", "a-mic").Timestamp); // only at the end, by timeout
    }
}

/// <summary>Late samples of a client that left still deliver what the client reported.</summary>
public class LateCustomEventTests
{
    [Fact]
    public void LateSampleOfALeftClient_PassesItsCustomEventsThroughOnceButChangesNoLifecycle()
    {
        var alice = new Client("alice");
        var bob = new Client("bob");
        var early = alice.At(4, Pc("pc-a"), Ev("FEEDBACK", 4, value: "5"), Issue("audio-glitch"));
        var outcome = new Script()
            .Feed(1, alice.At(0, Pc("pc-a")), bob.At(0, Pc("pc-b")))
            .Feed(6, alice.At(5, Ev("CLIENT_LEFT", 5)), bob.At(5, Pc("pc-b")))
            .Feed(7, early, bob.At(6, Pc("pc-b")))
            .Feed(8, early)
            .Play();

        Assert.Single(outcome.All("FEEDBACK"));
        Assert.Single(outcome.All("CLIENT_ISSUE"));
        Assert.Empty(outcome.All("CLIENT_REJOINED"));
        Assert.Single(outcome.All("PEER_CONNECTION_OPENED"), e => e.ClientId == "alice");
    }

    [Fact]
    public void ANumberedSampleDeliveredAgainAfterItsDedupWindow_DoesNotCountItsIssuesTwice()
    {
        // Its CLIENT_ISSUE kept its id, but the summary counted the issue again.
        var alice = new Client("alice");
        var samples = Enumerable.Range(0, 40).Select(i => i == 3 ? alice.At(i * 5, Pc("pc-a"), Issue("cpu-limitation")) : alice.At(i * 5, Pc("pc-a"))).ToList();
        var script = new Script();
        foreach (var s in samples) script.Feed((s.TimestampMs - Sec(0)) / 1000.0 + 0.1, s);
        var outcome = script.Feed(200.2, samples[3]).Play(); // 36 newer samples later

        var issues = outcome.All("CLIENT_ISSUE");
        Assert.Equal(2, issues.Count); Assert.Single(issues.Select(i => i.Timestamp).Distinct()); // the same event, delivered again
        var client = Assert.Single(outcome.Summary.Clients);
        Assert.Equal(1, client.IssueCount);
        Assert.Equal(["cpu-limitation=1"], client.Issues.Select(i => $"{i.Type}={i.Count}"));
    }

    [Theory]
    [InlineData(true)]  // numbered: a newer sequence number is news, whatever its timestamp says
    [InlineData(false)] // 3.x, no sampleSeq: older than the window may be new, so its issues count
    public void AClientWhoseClockStepsBack_StillCountsItsNewIssues(bool numbered)
    {
        var alice = new Client("alice", numbered: numbered);
        var script = new Script();
        for (var i = 0; i < 35; i++) script.Feed(i * 5 + 0.1, alice.At(i * 5, Pc("pc-a")));
        var outcome = script.Feed(180, alice.AtReceived(10, 180, Pc("pc-a"), Issue("cpu-limitation"))).Play();

        Assert.Equal(1, Assert.Single(outcome.Summary.Clients).IssueCount);
    }
}
