using System.Text.Json;
using ObserveRtc.Core.Calls;
using ObserveRtc.Core.Reports;
using ObserveRtc.Core.Samples;
using static ObserveRtc.Tests.Calls.Samples;

namespace ObserveRtc.Tests.Calls;

/// <summary>CALL_ENDED, its cascade, CALL_SUMMARY, custom events and issues.</summary>
public class CallEndTests
{
    [Fact]
    public void End_ClosesEverythingStillOpenChildrenBeforeParentsEachOnce()
    {
        var tracker = new CallTracker(new CallTrackerOptions());
        var alice = new Client("alice");
        var bob = new Client("bob");
        var r = tracker.Observe(null, "call-1",
        [
            alice.At(0, Pc("a1"), Out("a1", "mic", MediaKind.Audio, 1, 5), Out("a1", "cam", MediaKind.Video, 2, 5), Pc("a2")),
            bob.At(1, Pc("b1"), In("b1", "r-mic", MediaKind.Audio, 1, 5)),
        ], Sec(2));

        var end = tracker.End(r.State, Sec(3));

        Assert.Equal(
        [
            "MEDIA_TRACK_REMOVED alice a1 mic", "MEDIA_TRACK_REMOVED alice a1 cam", "PEER_CONNECTION_CLOSED alice a1",
            "PEER_CONNECTION_CLOSED alice a2", "CLIENT_LEFT alice",
            "MEDIA_TRACK_REMOVED bob b1 r-mic", "PEER_CONNECTION_CLOSED bob b1", "CLIENT_LEFT bob",
            "CALL_ENDED",
        ], end.Events.Select(e => e.Payload).OfType<CallEventReport>().Select(Outcome.Line));
        Assert.Equal(ReportTypes.CallSummary, end.Events[^1].Type);
        Assert.Equal(Sec(1), ((CallEventReport)end.Events[^2].Payload).Timestamp);
        Assert.True(end.CallEnded);
        Assert.Empty(tracker.End(end.State, Sec(4)).Events); // once
        Assert.Empty(end.State.Clients); // pruned: only barriers are left
        Assert.Equal(2, end.State.PreviousClients.Count);
    }

    [Fact]
    public void Timeouts_CascadeInDeadlineOrderAndEndTheCallInTheSameLateTick()
    {
        var options = new CallTrackerOptions { CallEmptyTimeout = TimeSpan.Zero };
        var tracker = new CallTracker(options);
        var alice = new Client("alice");
        var r = tracker.Observe(null, "call-1", [alice.At(0, Pc("a1"), Out("a1", "mic", MediaKind.Audio, 1, 5))], Sec(0.1));

        var tick = tracker.Tick(r.State, Sec(1000)); // long after every deadline

        Assert.Equal(["MEDIA_TRACK_REMOVED alice a1 mic", "PEER_CONNECTION_CLOSED alice a1", "CLIENT_LEFT alice", "CALL_ENDED"],
            tick.Events.Select(e => e.Payload).OfType<CallEventReport>().Select(Outcome.Line));
        Assert.All(tick.Events.Select(e => e.Payload).OfType<CallEventReport>(), e => Assert.Equal(Sec(30.1), e.ObservedAt));
        Assert.Null(tick.NextDeadlineMs);
    }

    [Fact]
    public void EventsOfOneResult_AreInTimeOrder()
    {
        var outcome = P2PCallTests.OneToOne().Play();
        foreach (var result in outcome.Results)
        {
            var times = result.Events.Select(e => e.TimestampMs).ToList();
            Assert.Equal(times.Order(), times);
        }
    }

    [Fact]
    public void Summary_HasIdsTimesPeakAndPerClientDetails()
    {
        var outcome = P2PCallTests.OneToOne().Play();
        var summary = outcome.Summary;

        Assert.Equal(("svc", "call-1", "room-1"), (summary.ServiceId, summary.CallId, summary.RoomId));
        Assert.Equal(Sec(0), summary.Started);
        Assert.Equal(Sec(31), summary.Ended);
        Assert.Equal(31_000, summary.DurationMs);
        Assert.Equal(2, summary.PeakConcurrentClients);
        var a = Assert.Single(summary.Clients, c => c.ClientId == "alice");
        Assert.Equal(("Alice", Sec(0), Sec(30), 0), (a.UserId, a.Joined, a.Left, a.Rejoins));
        Assert.Equal(1, a.PeerConnectionCount);
        Assert.Equal(["pc-a"], a.PeerConnectionIds);
        Assert.Equal(["audio/outbound=1", "video/outbound=1", "audio/inbound=1"], a.Tracks.Select(t => $"{t.Kind}/{t.Direction}={t.Count}"));
        var match = Assert.Single(a.Matches);
        Assert.Equal(("pc-a", "rb-mic", "bob", "Bob", "pc-b", "b-mic", "ssrc"),
            (match.PeerConnectionId, match.TrackId, match.RemoteClientId, match.RemoteUserId, match.RemotePeerConnectionId, match.RemoteTrackId, match.MatchedBy));
        var b = Assert.Single(summary.Clients, c => c.ClientId == "bob");
        Assert.Equal(2, b.Matches.Count);

        using var json = JsonDocument.Parse(ReportJson.ToUtf8(outcome.Events[^1]));
        Assert.Equal("CALL_SUMMARY", json.RootElement.GetProperty("type").GetString());
        Assert.Equal(2, json.RootElement.GetProperty("payload").GetProperty("peakConcurrentClients").GetInt32());
        Assert.Equal("call-1", outcome.Events[^1].CallId);
    }

    [Fact]
    public void CustomEventsAndIssues_ArePassedThroughOnceWithTheirFields()
    {
        var alice = new Client("alice");
        var outcome = new Script()
            .Feed(1, alice.At(0, Pc("pc-a"),
                Ev("USER_MUTED", 0.5, "pc-a", "a-mic", "true", "muted by user", "{\"by\":\"ui\"}"),
                Ev("CLIENT_ISSUE", 0.6, value: "major", message: "audio glitch"),
                Issue("cpu-limitation", 0.7, "{\"cpu\":0.97}")))
            .Feed(6, alice.At(5, Pc("pc-a"), Issue("cpu-limitation"), Issue("network-congestion")))
            .Play();

        var custom = outcome.Single("USER_MUTED", "alice");
        Assert.Equal((Sec(0.5), "pc-a", "a-mic", "true", "muted by user", "{\"by\":\"ui\"}"),
            (custom.Timestamp, custom.PeerConnectionId, custom.MediaTrackId, custom.Value, custom.Message, custom.Attachments));
        Assert.Equal((Sec(0), 0L, Sec(0) + Lag), (custom.SampleTimestamp, custom.SampleSeq, custom.ObservedAt));
        var issues = outcome.All("CLIENT_ISSUE");
        Assert.Equal(4, issues.Count);
        // A CLIENT_ISSUE custom event keeps its value (severity) and message (description) as sent; its description is its type.
        Assert.Equal(("major", "audio glitch", Sec(0.6)), (issues[0].Value, issues[0].Message, issues[0].Timestamp));
        Assert.Equal(("cpu-limitation", "{\"cpu\":0.97}", Sec(0.7)), (issues[1].Value, issues[1].Attachments, issues[1].Timestamp));
        var summary = Assert.Single(outcome.Summary.Clients);
        Assert.Equal(4, summary.IssueCount);
        Assert.Equal(["audio glitch=1", "cpu-limitation=2", "network-congestion=1"], summary.Issues.Select(i => $"{i.Type}={i.Count}"));
    }

    [Fact]
    public void ClientIssueCustomEvent_WithoutListedIssues_BecomesAnIssue()
    {
        var alice = new Client("alice");
        var outcome = new Script().Feed(1, alice.At(0, Ev("CLIENT_ISSUE", value: "audio-glitch", attachments: "{}"))).Play();

        var issue = outcome.Single("CLIENT_ISSUE", "alice");
        Assert.Equal(("audio-glitch", "{}"), (issue.Value, issue.Attachments));
    }

    [Fact]
    public void CustomEventIds_AreDistinctPerEventAndStableAcrossRuns()
    {
        var run = () => new Script().Feed(1, new Client("alice").At(0, Ev("X"), Ev("X"), Ev("Y"))).Run(roundTrip: false);
        var first = run();
        var ids = first.Events.Where(e => e.Payload is CallEventReport { Name: "X" or "Y" }).Select(e => e.Id).ToList();

        Assert.Equal(3, ids.Distinct().Count());
        Assert.Equal(Script.Describe(first.Events), Script.Describe(run().Events));
    }

    [Fact]
    public void ExplicitPeerConnectionOpened_BeforeTheFirstSample_OpensAtTheJoinAndIsNotPassedThroughTwice()
    {
        var alice = new Client("alice");
        var outcome = new Script().Feed(1, alice.At(0, Ev("PEER_CONNECTION_OPENED", -0.5, "pc-a", value: "v"), Pc("pc-a"))).Play();

        var opened = outcome.Single("PEER_CONNECTION_OPENED", "alice");
        // Dated before the client's first sample: it opens at the join (never before the client joined), with the client's value.
        Assert.Equal((Sec(0), "v"), (opened.Timestamp, opened.Value));
        Assert.Equal(Sec(0), outcome.Single("CALL_STARTED").Timestamp);
        Assert.Equal(Sec(0), outcome.Single("CLIENT_JOINED", "alice").Timestamp);
    }

    [Fact]
    public void ExplicitJoin_EarlierThanTheFirstSample_DatesTheJoinAndTheStart()
    {
        var alice = new Client("alice");
        var outcome = new Script().Feed(1, alice.At(0, Pc("pc-a"), Ev("CLIENT_JOINED", -2))).Play();

        Assert.Equal(Sec(-2), outcome.Single("CALL_STARTED").Timestamp);
        Assert.Equal(Sec(-2), outcome.Single("CLIENT_JOINED", "alice").Timestamp);
    }
}

/// <summary>The empty-call timer.</summary>
public class EmptyCallTests
{
    [Fact]
    public void NewClientJoiningAnEmptyCallBeforeTheTimeout_KeepsTheCallGoing()
    {
        var alice = new Client("alice");
        var bob = new Client("bob");
        var script = new Script().Feed(1, alice.At(0, Pc("pc-a"), Ev("CLIENT_LEFT", 0.5)));
        for (double t = 10; t <= 100; t += 5) script.Feed(t + 1, bob.At(t, Pc("pc-b")));
        var outcome = script.Play();

        var ended = outcome.Single("CALL_ENDED");
        Assert.Equal(Sec(100), ended.Timestamp);
        Assert.Single(outcome.All("CALL_STARTED"));
    }

    [Fact]
    public void EmptyCall_EndsExactlyCallEmptyTimeoutAfterTheLastLeave()
    {
        var tracker = new ObserveRtc.Core.Calls.CallTracker(new ObserveRtc.Core.Calls.CallTrackerOptions { CallEmptyTimeout = TimeSpan.FromSeconds(10) });
        var alice = new Client("alice");
        var r = tracker.Observe(null, "call-1", [alice.At(0, Pc("pc-a"), Ev("CLIENT_LEFT", 0.5))], Sec(0.1));
        Assert.Equal(Sec(10.1), r.NextDeadlineMs);

        Assert.Empty(tracker.Tick(r.State, Sec(10.09)).Events);
        var end = tracker.Tick(r.State, Sec(10.1));
        Assert.Equal(Sec(0.5), Assert.IsType<ObserveRtc.Core.Reports.CallEventReport>(end.Events[0].Payload).Timestamp);
        Assert.True(end.CallEnded);
    }
}
