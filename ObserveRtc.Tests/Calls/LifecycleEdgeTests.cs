using ObserveRtc.Core.Calls;
using ObserveRtc.Core.Publishing;
using ObserveRtc.Core.Reports;
using ObserveRtc.Core.Samples;
using static ObserveRtc.Tests.Calls.Samples;

namespace ObserveRtc.Tests.Calls;

/// <summary>
/// Lifecycle edge cases found in a review (each failed before its fix): explicit events dated before the
/// first sample, a call that restarts, a rejoin after a timeout, an SFU batch out of order, the client's own
/// MEDIA_TRACK_ADDED data, a publisher's sfuStreamId learned late.
/// </summary>
public class LifecycleEdgeTests
{
    private static string Dump(Outcome o) => "\n" + string.Join("\n", o.CallEvents.Select(e =>
        $"{Outcome.Line(e)} ts={(e.Timestamp - T0) / 1000.0}s obs={(e.ObservedAt - T0) / 1000.0}s"));

    // an explicit PEER_CONNECTION_OPENED dated before the first sample opens the PC before the call starts
    // and before its client joins (events are sorted by timestamp).
    [Fact]
    public void ExplicitPcOpenedEarlierThanTheFirstSample_DoesNotPrecedeCallStartedAndClientJoined()
    {
        var alice = new Client("alice");
        var outcome = new Script()
            .Feed(10.1, alice.At(10, Pc("pc-a"), Ev("PEER_CONNECTION_OPENED", 8, pc: "pc-a")))
            .Play();

        Assert.Equal(["CALL_STARTED", "CLIENT_JOINED alice", "PEER_CONNECTION_OPENED alice pc-a"], outcome.Lines.Take(3));
        // The start and the join are the first sample (design §4); the peer connection opens at the join, not before.
        Assert.All(outcome.CallEvents.Take(3), e => Assert.Equal(Sec(10), e.Timestamp));
    }

    // after CALL_ENDED the call restarts under the same callId; once a former client is back, a late sample of
    // its previous session (at-least-once redelivery) reopens a peer connection that session closed.
    [Fact]
    public void LateSampleOfThePreviousSession_AfterTheClientJoinedTheRestartedCall_ResurrectsNothing()
    {
        var alice = new Client("alice");
        var s0 = alice.At(0, Pc("pc-old"), Out("pc-old", "old-mic", MediaKind.Audio, 1, 100));
        var s3 = alice.AtReceived(3, 301, Pc("pc-old"), Out("pc-old", "old-mic", MediaKind.Audio, 1, 150)); // delivered late
        var s5 = alice.At(5, Pc("pc-old"), Out("pc-old", "old-mic", MediaKind.Audio, 1, 200));
        var alice2 = new Client("alice"); // she comes back later (a new monitor)
        var outcome = new Script()
            .Feed(0.1, s0).Feed(5.1, s5)
            .Tick(200) // everything times out, CALL_ENDED
            .Feed(300.1, alice2.At(300, Pc("pc-new"), Out("pc-new", "new-mic", MediaKind.Audio, 2, 100)))
            .Feed(301, s3)
            .Play();

        Assert.True(outcome.All("PEER_CONNECTION_OPENED").Count(e => e.PeerConnectionId == "pc-old") == 1, Dump(outcome));
        Assert.Single(outcome.All("MEDIA_TRACK_ADDED"), e => e.MediaTrackId == "old-mic");
    }

    // a leave clears the client's tombstones; after CLIENT_REJOINED, a peer connection closed before the leave
    // (empty shell = closed, design §4) that is still listed as a shell is opened again and never closes.
    [Fact]
    public void RejoinAfterATimeoutLeave_DoesNotReopenAPeerConnectionClosedBeforeTheLeave()
    {
        var alice = new Client("alice");
        var bob = new Client("bob");
        var script = new Script()
            .Feed(0.1, alice.At(0, Pc("pc-1"), Pc("pc-2")), bob.At(0, Pc("pc-b")))
            .Feed(5.1, alice.At(5, Pc("pc-1"), Shell("pc-2")), bob.At(5, Pc("pc-b"))); // pc-2 closed: an empty shell
        for (var t = 10; t <= 60; t += 10) script.Feed(t + 0.1, bob.At(t, Pc("pc-b")));
        // alice was silent for 55 s (left by timeout at 35.1 s); her browser still lists pc-2 as a shell
        script.Feed(60.2, alice.At(60, Pc("pc-1"), Shell("pc-2")));
        var outcome = script.Play();

        Assert.Single(outcome.All("CLIENT_REJOINED"));
        Assert.True(outcome.All("PEER_CONNECTION_OPENED").Count(e => e.PeerConnectionId == "pc-2") == 1, Dump(outcome));
    }

    // SFU_JOINED takes the first sample in delivery order, not the earliest of the batch (the call side does),
    // so a reordered batch opens transports before the SFU joined.
    [Fact]
    public void SfuJoined_IsTheEarliestSampleOfTheBatch()
    {
        SfuSampleView Sfu(double at, string transport) => new()
        {
            Origin = new SampleOrigin("svc", "sfu-unit", Sec(10) + Lag),
            SfuId = "sfu-1",
            TimestampMs = Sec(at),
            Transports = [new SfuTransportView(transport, false, false)],
        };
        var result = new SfuTracker(new SfuTrackerOptions()).Observe(null, [Sfu(10, "t-new"), Sfu(5, "t-old")], Sec(10.2));

        var names = result.Events.Select(e => ((SfuEventReport)e.Payload).Name).ToList();
        Assert.Equal("SFU_JOINED", names[0]);
        Assert.Equal(Sec(5), ((SfuEventReport)result.Events[0].Payload).Timestamp);
    }

    // design §4: client custom events are passed through as CALL_EVENT; lifecycle-named ones ALSO drive the
    // lifecycle. An explicit MEDIA_TRACK_ADDED (4.x payload: label, settings, ...) raises nothing and is dropped.
    [Fact]
    public void ExplicitMediaTrackAdded_ItsDataRidesOnTheTrackAddedEvent()
    {
        var alice = new Client("alice");
        var added = new ClientEventView("MEDIA_TRACK_ADDED", Sec(0), "pc-a", "a-mic", null, null, "{\"label\":\"Built-in mic\"}");
        var outcome = new Script()
            .Feed(0.1, alice.At(0, Pc("pc-a"), Out("pc-a", "a-mic", MediaKind.Audio, 1, 100), added))
            .Play();

        var trackAdded = outcome.Single("MEDIA_TRACK_ADDED");
        Assert.Equal("a-mic", trackAdded.MediaTrackId);
        Assert.Contains("Built-in mic", trackAdded.Attachments, StringComparison.Ordinal);
    }

    // a publisher's sfuStreamId that shows up after its track was added (mediasoup: produce() resolves after the
    // sender is on the PC) does not mark matching dirty; an inbound track added in between is never matched.
    [Fact]
    public void SfuStreamIdLearnedLater_StillMatchesTheWaitingInboundTrack()
    {
        var alice = new Client("alice", "Alice");
        var bob = new Client("bob", "Bob");
        var script = new Script()
            .Feed(0.1, alice.At(0, Pc("pc-a"), Out("pc-a", "a-mic", MediaKind.Audio, 111, 100)))
            .Feed(1.1, bob.At(1, Pc("pc-b"), In("pc-b", "r-mic", MediaKind.Audio, 900, 100, sfuStream: "s-1")));
        for (var t = 5; t <= 20; t += 5)
            script.Feed(t + 0.1, alice.At(t, Pc("pc-a"), Out("pc-a", "a-mic", MediaKind.Audio, 111, 100 * t, sfuStream: "s-1")),
                bob.At(t + 1, Pc("pc-b"), In("pc-b", "r-mic", MediaKind.Audio, 900, 100 * t, sfuStream: "s-1")));
        var outcome = script.Play();

        Assert.True(outcome.All("MEDIA_TRACK_MATCHED").Count == 1, Dump(outcome));
        Assert.Single(outcome.Summary.Clients.Single(c => c.ClientId == "bob").Matches);
    }

    // A reloaded page (new monitor: sampleSeq restarts) whose app names its peer connection as before.
    // The old session closed "pc-pub" explicitly (final tombstone), then left. The new session's pc-pub,
    // with transport and RTP, must open (design §4: first sight of a peerConnectionId in the new session).
    [Fact]
    public void NewSessionAfterLeave_ReusingAPeerConnectionIdClosedInTheOldSession_Opens()
    {
        var alice = new Client("alice");
        var bob = new Client("bob");
        var script = new Script()
            .Feed(0.1, alice.At(0, Pc("pc-pub"), Out("pc-pub", "mic-1", MediaKind.Audio, 11, 100)), bob.At(0, Pc("pc-b")))
            .Feed(5.1, alice.At(5, Pc("pc-pub"), Out("pc-pub", "mic-1", MediaKind.Audio, 11, 500),
                Ev("PEER_CONNECTION_CLOSED", 5, pc: "pc-pub"), Ev("CLIENT_LEFT", 5)));
        var alice2 = new Client("alice"); // page reload: a new monitor, same (app-given) clientId
        for (var t = 10; t <= 40; t += 5)
            script.Feed(t + 0.1, t < 20 ? [bob.At(t, Pc("pc-b"))]
                : [bob.At(t, Pc("pc-b")), alice2.At(t, Pc("pc-pub"), Out("pc-pub", "mic-2", MediaKind.Audio, 22, 100 * t))]);
        var outcome = script.Play();

        Assert.Single(outcome.All("CLIENT_REJOINED"));
        Assert.True(outcome.All("PEER_CONNECTION_OPENED").Count(e => e.PeerConnectionId == "pc-pub") == 2, Dump(outcome));
        Assert.Single(outcome.All("MEDIA_TRACK_ADDED"), e => e.MediaTrackId == "mic-2");
    }

    // design §4: CALL_STARTED = earliest sample or explicit *join*. A PEER_CONNECTION_OPENED event dated a day
    // before its sample (the decoder lets it through: after 2000, not after its sample) opens at the join.
    [Fact]
    public void PcOpenedEventADayBeforeItsSample_DoesNotDateTheCallADayBack()
    {
        var alice = new Client("alice");
        var outcome = new Script()
            .Feed(10.1, alice.At(10, Pc("pc-a"), Ev("PEER_CONNECTION_OPENED", 10 - 86_400, pc: "pc-a")))
            .Feed(15.1, alice.At(15, Pc("pc-a")))
            .Play();

        Assert.True(outcome.Single("CALL_STARTED").Timestamp >= Sec(10) - 60_000, Dump(outcome));
        Assert.True(outcome.Summary.DurationMs < 3_600_000, $"duration {outcome.Summary.DurationMs} ms");
    }

    // The call ended and restarts; alice (same clientId) joins it with a sample just after her old barrier
    // (10 s), then her clock steps back 40 s while she keeps sending every 5 s. She is live and sending;
    // idle decisions use the receive time (design §4), so she must not be timed out.
    [Fact]
    public void ClientOfARestartedCall_WhoseClockStepsBack_IsNotTimedOutWhileSending()
    {
        var alice = new Client("alice");
        var script = new Script();
        for (var t = 0; t <= 10; t += 5) script.Feed(t + 0.1, alice.At(t, Pc("pc-1")));
        script.Tick(100); // left at ~40 s, CALL_ENDED at ~70 s; barrier = 10 s
        var alice2 = new Client("alice");
        script.Feed(100.1, alice2.AtReceived(10.5, 100.1, Pc("pc-2")));
        for (var i = 1; i <= 8; i++) script.Feed(100.1 + 5 * i, alice2.AtReceived(10.5 - 40 + 5 * i, 100.1 + 5 * i, Pc("pc-2")));
        script.Feed(145.1, alice2.AtReceived(15.5, 145.1, Pc("pc-2")));
        var outcome = script.Play();

        Assert.True(outcome.All("CLIENT_LEFT").Count == 2 && outcome.All("CLIENT_REJOINED").Count == 0, Dump(outcome));
    }

    // A page reload (2.x: sampleSeq restarts; the new monitor says CLIENT_JOINED at creation and
    // PEER_CONNECTION_OPENED before its first sample), its PEER_CONNECTION_OPENED in the rejoining sample or in
    // a later tracker operation (its own entity signal): never reported before CLIENT_REJOINED.
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Reload_PcOpenedEventDatedBeforeTheRejoin_IsNotReportedBeforeClientRejoined(bool inALaterOperation)
    {
        var alice = new Client("alice");
        var bob = new Client("bob");
        var alice2 = new Client("alice"); // new monitor: seq from 0 again
        var script = new Script()
            .Feed(0.1, alice.At(0, Pc("pc-a")), bob.At(0, Pc("pc-b")))
            .Feed(5.1, alice.At(5, Pc("pc-a")), bob.At(5, Pc("pc-b")))
            .Feed(10.1, bob.At(10, Pc("pc-b")));
        if (inALaterOperation)
            script.Feed(15.1, bob.At(15, Pc("pc-b")), alice2.At(15, Ev("CLIENT_JOINED", 12)))
                .Feed(20.1, bob.At(20, Pc("pc-b")), alice2.At(20, Pc("pc-a2"), Ev("PEER_CONNECTION_OPENED", 13, pc: "pc-a2")));
        else
            script.Feed(15.1, bob.At(15, Pc("pc-b")), alice2.At(15, Pc("pc-a2"), Ev("CLIENT_JOINED", 12), Ev("PEER_CONNECTION_OPENED", 13, pc: "pc-a2")));
        var outcome = script.Play();

        var rejoined = outcome.Single("CLIENT_REJOINED", "alice");
        var opened = outcome.Single("PEER_CONNECTION_OPENED", "alice", pcId: "pc-a2");
        Assert.True(opened.Timestamp >= rejoined.Timestamp, Dump(outcome));
    }

    // The same after an explicit CLIENT_LEFT, with a PEER_CONNECTION_OPENED dated before the leave.
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ExplicitLeaveThenNewSession_PcOpenedEventDatedBeforeTheLeave_IsNotReportedInsideTheAbsence(bool inALaterOperation)
    {
        var alice = new Client("alice");
        var bob = new Client("bob");
        var alice2 = new Client("alice");
        var script = new Script()
            .Feed(0.1, alice.At(0, Pc("pc-a")), bob.At(0, Pc("pc-b")))
            .Feed(5.1, alice.At(5, Pc("pc-a"), Ev("CLIENT_LEFT", 5)), bob.At(5, Pc("pc-b")));
        if (inALaterOperation)
            script.Feed(20.1, bob.At(20, Pc("pc-b")), alice2.At(20))
                .Feed(25.1, bob.At(25, Pc("pc-b")), alice2.At(25, Pc("pc-a2"), Ev("PEER_CONNECTION_OPENED", 1, pc: "pc-a2")));
        else
            script.Feed(20.1, bob.At(20, Pc("pc-b")), alice2.At(20, Pc("pc-a2"), Ev("PEER_CONNECTION_OPENED", 1, pc: "pc-a2")));
        var outcome = script.Play();

        var rejoined = outcome.Single("CLIENT_REJOINED", "alice");
        var opened = outcome.Single("PEER_CONNECTION_OPENED", "alice", pcId: "pc-a2");
        Assert.True(opened.Timestamp >= rejoined.Timestamp, Dump(outcome));
    }

    // 2.x, ONE monitor session (sampleSeq keeps counting: not a new session per README). It closes pc-1
    // explicitly and says CLIENT_LEFT in the same sample; its next sample still lists pc-1.
    [Fact]
    public void SameSession_AfterExplicitLeave_ExplicitlyClosedPcDoesNotReopen()
    {
        var alice = new Client("alice");
        var bob = new Client("bob");
        var outcome = new Script()
            .Feed(0.1, alice.At(0, Pc("pc-1")), bob.At(0, Pc("pc-b")))
            .Feed(5.1, alice.At(5, Pc("pc-1"), Ev("PEER_CONNECTION_CLOSED", 5, pc: "pc-1"), Ev("CLIENT_LEFT", 5)), bob.At(5, Pc("pc-b")))
            .Feed(10.1, alice.At(10, Pc("pc-1")), bob.At(10, Pc("pc-b")))
            .Play();
        Assert.True(outcome.All("PEER_CONNECTION_OPENED").Count(e => e.PeerConnectionId == "pc-1") == 1, Dump(outcome));
    }

    // Control: the same with a timeout leave instead of CLIENT_LEFT (README: "keeps what it closed for good").
    [Fact]
    public void SameSession_AfterTimeoutLeave_ExplicitlyClosedPcDoesNotReopen()
    {
        var alice = new Client("alice");
        var bob = new Client("bob");
        var script = new Script()
            .Feed(0.1, alice.At(0, Pc("pc-1")), bob.At(0, Pc("pc-b")))
            .Feed(5.1, alice.At(5, Pc("pc-1"), Ev("PEER_CONNECTION_CLOSED", 5, pc: "pc-1")), bob.At(5, Pc("pc-b")));
        for (var t = 10; t <= 45; t += 5) script.Feed(t + 0.1, bob.At(t, Pc("pc-b")));
        var outcome = script.Feed(50.1, alice.At(50, Pc("pc-1")), bob.At(50, Pc("pc-b"))).Play();
        Assert.Single(outcome.All("CLIENT_REJOINED"));
        Assert.True(outcome.All("PEER_CONNECTION_OPENED").Count(e => e.PeerConnectionId == "pc-1") == 1, Dump(outcome));
    }

    // 2.x reload. The old monitor's last sample (seq 2, t=8, CLIENT_LEFT) is delivered late, after the new
    // monitor (seq from 0, t=10) has opened and explicitly closed pc-n. README: "a late sample never resurrects
    // what was removed": it must neither end the new session nor let pc-n reopen.
    [Fact]
    public void LateClientLeftOfThePreviousSession_DoesNotLetTheNewSessionsClosedPcReopen()
    {
        var alice = new Client("alice");
        var bob = new Client("bob");
        var alice2 = new Client("alice");
        var s0 = alice.At(0, Pc("pc-old"));
        var s5 = alice.At(5, Pc("pc-old"));
        var s8 = alice.AtReceived(8, 13.5, Ev("CLIENT_LEFT", 8)); // delayed
        var outcome = new Script()
            .Feed(0.1, s0, bob.At(0, Pc("pc-b")))
            .Feed(5.1, s5, bob.At(5, Pc("pc-b")))
            .Feed(10.1, alice2.At(10, Pc("pc-n")), bob.At(10, Pc("pc-b")))
            .Feed(12.1, alice2.At(12, Pc("pc-n"), Ev("PEER_CONNECTION_CLOSED", 12, pc: "pc-n")))
            .Feed(13.5, s8)
            .Feed(14.1, alice2.At(14, Pc("pc-n")), bob.At(14, Pc("pc-b")))
            .Play();
        Assert.True(outcome.All("PEER_CONNECTION_OPENED").Count(e => e.PeerConnectionId == "pc-n") == 1, Dump(outcome));
        Assert.Single(outcome.All("CLIENT_REJOINED")); // the reload's, not one after a leave by the late sample
    }

    [Theory]
    [InlineData("CALL_ENDED", "org.observertc.call.ended")]
    [InlineData("CALL_STARTED", "org.observertc.call.started")]
    [InlineData("CLIENT_REJOINED", "org.observertc.client.rejoined")]
    [InlineData("MEDIA_TRACK_MATCHED", "org.observertc.track.matched")]
    public void AClientsEventNamedAfterAnObserverEvent_IsNotASecondEventOfThatName(string name, string cloudEventType)
    {
        // It was passed through: a client's CALL_ENDED in a live call went out as org.observertc.call.ended,
        // and a CALL_STARTED wrote a second call index row (listed for ever as live).
        var alice = new Client("alice");
        var bob = new Client("bob");
        var outcome = new Script()
            .Feed(1, alice.At(0, Pc("pc-a")), bob.At(0, Pc("pc-b")))
            .Feed(6, alice.At(5, Pc("pc-a"), Ev(name, 5, value: "x")), bob.At(5, Pc("pc-b")))
            .Feed(11, alice.At(10, Pc("pc-a")), bob.At(10, Pc("pc-b")))
            .Play();

        // Only the observer's own: CALL_STARTED and CALL_ENDED once each, no CLIENT_REJOINED (nobody left),
        // no MEDIA_TRACK_MATCHED (no tracks).
        var expected = name is "CALL_ENDED" or "CALL_STARTED" ? 1 : 0;
        Assert.Equal(expected, outcome.All(name).Count);
        Assert.Equal(expected, outcome.Events.Count(e => CloudEventTypes.For(e) == cloudEventType));
    }
}
