using System.Text.Json;
using ObserveRtc.Core.Calls;
using ObserveRtc.Core.Entities;
using ObserveRtc.Core.Ingest;
using ObserveRtc.Core.Options;
using ObserveRtc.Core.Reports;
using ObserveRtc.Core.Samples;

namespace ObserveRtc.Tests.Pipeline;

/// <summary>The call entity's operation logic, driven through fakes, state round-tripped through JSON between operations.</summary>
public class CallEntityLogicTests
{
    private const long T0 = 1_756_000_000_000;
    private static readonly JsonSerializerOptions EntityJson = ObserveRtc.Core.Pipeline.ObserverPipeline.EntityJson; // the Functions worker's options, as the pipeline uses them

    private readonly FakeReportStore _store = new();
    private readonly FlakyRoomRegistry _registry = new();
    private readonly CallEntityLogic _logic;

    public CallEntityLogicTests()
    {
        _logic = new CallEntityLogic(new CallTracker(new CallTrackerOptions()), new ReportDispatcher(_store, null, new ReportSinkOptions()), _registry,
            new EntityOptions { RetryInitialDelay = TimeSpan.FromSeconds(1), EndedStateRetention = TimeSpan.FromSeconds(60) });
    }

    private static CallObservation Observation(long ts, string client = "alice", string? callId = "call-1") => new()
    {
        CallId = callId ?? "call-1",
        Samples =
        [
            new ClientSampleView
            {
                Origin = new SampleOrigin("svc", "mu", ts), SchemaVersion = "2.x", ClientId = client, CallId = callId, RoomId = "room", TimestampMs = ts,
            },
        ],
    };

    private static CallEntityState? RoundTrip(CallEntityState? state) =>
        state is null ? null : JsonSerializer.Deserialize<CallEntityState>(JsonSerializer.Serialize(state, EntityJson), EntityJson);

    [Fact]
    public async Task AStoreTimeout_IsADeliveryFailure_NotAThrow()
    {
        // Nobody cancelled: the storage SDK reports a request timeout as a TaskCanceledException.
        _store.TimesOut = true;

        var step = await _logic.ObserveAsync(null, Observation(T0), T0);

        Assert.Equal(0, step.Delivered);
        Assert.Equal(2, step.Pending); // kept in the outbox, retried from the timer
        Assert.NotNull(step.Timer);

        _store.TimesOut = false;
        var retry = await _logic.TickAsync(RoundTrip(step.State), step.Timer!.Token, step.Timer.DueMs);
        Assert.Equal(2, retry.Delivered);
        Assert.Equal(new[] { CallEventNames.CallStarted, CallEventNames.ClientJoined }, _store.Events.Select(e => e.Name!).Order().ToArray());
    }

    [Fact]
    public async Task Observe_FirstSample_DeliversStartAndJoinAndArmsOneTimer()
    {
        var step = await _logic.ObserveAsync(null, Observation(T0), T0);

        Assert.Equal(2, step.Delivered);
        Assert.Equal(0, step.Pending);
        Assert.NotNull(step.Timer);
        Assert.Equal(step.State!.Timer!.Token, step.Timer!.Token);
        Assert.Equal(new[] { CallEventNames.CallStarted, CallEventNames.ClientJoined }, _store.Events.Select(e => e.Name!).Order().ToArray());

        // A later sample moves the deadline later: the pending timer stays (it re-arms when it fires).
        var second = await _logic.ObserveAsync(RoundTrip(step.State), Observation(T0 + 5_000), T0 + 5_000);
        Assert.Null(second.Timer);
        Assert.Equal(step.Timer.Token, second.State!.Timer!.Token);
    }

    [Fact]
    public async Task TrackerFailure_OnATick_ComesBackAfterTheRetryDelay_NotAtOnce()
    {
        var step = await _logic.ObserveAsync(null, Observation(T0), T0);
        var timer = step.Timer!;
        var state = RoundTrip(step.State)!;
        state.Call!.Clients[0].PeerConnections = null!; // a bug of ours, as the tracker would meet it

        var failed = await _logic.TickAsync(state, timer.Token, timer.DueMs);

        Assert.Contains(failed.Errors, e => e.StartsWith("tracker failed: ", StringComparison.Ordinal));
        Assert.NotNull(failed.State);
        // The deadline that was due would fire again at once and fail again: the next tick is later.
        Assert.Equal(timer.DueMs + 1_000, failed.Timer!.DueMs);
        Assert.Null(failed.State!.RetryAtMs); // delivery is not held back by the tracker's failure
    }

    [Fact]
    public async Task ATimerTheHostCouldNotSchedule_IsArmedAgainByTheNextOperation()
    {
        var step = await _logic.ObserveAsync(null, Observation(T0), T0);
        Assert.NotNull(step.Timer);
        var state = RoundTrip(step.State)!;

        state.TimerNotScheduled();
        var next = await _logic.ObserveAsync(RoundTrip(state), Observation(T0 + 5_000), T0 + 5_000);

        Assert.NotNull(next.Timer); // otherwise the pending timer stays and nothing ever fires
        Assert.Equal(next.State!.Timer!.Token, next.Timer!.Token);
    }

    [Fact]
    public async Task Tick_WithAStaleToken_DoesNothing()
    {
        var step = await _logic.ObserveAsync(null, Observation(T0), T0);
        var writes = _store.Writes;

        var stale = await _logic.TickAsync(RoundTrip(step.State), "not-the-token", T0 + 999_999);

        Assert.True(stale.StaleSignal);
        Assert.Null(stale.Timer);
        Assert.Equal(writes, _store.Writes);
        Assert.Equal(step.State!.Timer!.Token, stale.State!.Timer!.Token);
    }

    [Fact]
    public async Task Ticks_EndTheIdleCall_ReleaseTheRoom_AndLetTheStateGoAfterRetention()
    {
        await _registry.Inner.GetOrAddAsync("svc", "room", "call-1");
        var state = RoundTrip((await _logic.ObserveAsync(null, Observation(T0, callId: null), T0)).State);
        var now = T0;
        EntityStep<CallEntityState>? step = null;
        for (var i = 0; i < 10 && state is not null; i++)
        {
            var timer = state.Timer!;
            now = timer.DueMs;
            step = await _logic.TickAsync(state, timer.Token, now);
            state = RoundTrip(step.State);
        }

        Assert.Null(state);
        Assert.Equal(1, _store.Events.Count(e => e.Name == CallEventNames.CallEnded));
        Assert.Equal(1, _store.Events.Count(e => e.Name == CallEventNames.ClientLeft));
        Assert.Single(_store.Reports, r => r.Type == ReportTypes.CallSummary);
        Assert.Null(_registry.Inner.Find("svc", "room"));
    }

    [Fact]
    public async Task StoreDown_KeepsEventsInTheOutbox_AndRetriesWithBackoff()
    {
        _store.Down = true;
        var step = await _logic.ObserveAsync(null, Observation(T0), T0);

        Assert.Equal(0, step.Delivered);
        Assert.Equal(2, step.Pending);
        Assert.NotEmpty(step.Errors);
        Assert.Equal(T0 + 1_000, step.Timer!.DueMs); // the retry comes before the idle deadline

        var retry = await _logic.TickAsync(RoundTrip(step.State), step.Timer.Token, T0 + 1_000);
        Assert.Equal(2, retry.Pending);
        Assert.Equal(T0 + 1_000 + 2_000, retry.Timer!.DueMs); // doubled

        _store.Down = false;
        var ok = await _logic.TickAsync(RoundTrip(retry.State), retry.Timer.Token, T0 + 3_000);
        Assert.Equal(2, ok.Delivered);
        Assert.Equal(0, ok.Pending);
        Assert.Null(ok.State!.RetryAtMs);
    }

    private static CallObservation Received(long receivedAtMs, params string[] clients) => new()
    {
        CallId = "call-1",
        Samples = [.. clients.Select(c => new ClientSampleView
        {
            Origin = new SampleOrigin("svc", "mu", receivedAtMs), SchemaVersion = "2.x", ClientId = c, CallId = "call-1", RoomId = "room", TimestampMs = receivedAtMs,
        })],
    };

    [Fact]
    public async Task AnObservationTheHostGetsTo40sLate_DoesNotEndTheClientsItJustSaw()
    {
        // Enqueued at T0, run 40 s later (a backlog after a restart; the Functions host passes its wall clock).
        var step = await _logic.ObserveAsync(null, Received(T0, "alice"), T0 + 40_000);

        Assert.Equal(new[] { CallEventNames.CallStarted, CallEventNames.ClientJoined }, _store.Events.Select(e => e.Name!).Order().ToArray());
        Assert.Equal(40_000, step.State!.ClockLagMs);
        // The idle deadline is 30 s after the sample on the tracker's clock, so 30 s + the lag on the host's.
        Assert.Equal(T0 + 30_000 + 40_000, step.Timer!.DueMs);
    }

    [Fact]
    public async Task ABatchsOwnSpread_IsNoLag_SoTheTimerDoesNotMove()
    {
        // The sample arrived 300 ms before the batch it is in was processed.
        var step = await _logic.ObserveAsync(null, Received(T0, "alice"), T0 + 300);

        Assert.Equal(0, step.State!.ClockLagMs);
        Assert.Equal(T0 + 30_000, step.Timer!.DueMs);
        var next = await _logic.ObserveAsync(RoundTrip(step.State), Received(T0 + 1_000, "alice"), T0 + 1_900);
        Assert.Null(next.Timer); // the pending timer stays; it re-arms for the later deadline when it fires
    }

    [Fact]
    public async Task ABacklogWorkedThrough40sLate_GivesNoLeaveAndRejoin_AndTheIdleClientStillLeaves()
    {
        // A client sends every 10 s for two minutes; the host works through them 40 s late, and every
        // timer fires when the host asked for it.
        CallEntityState? state = null;
        for (var received = T0; received <= T0 + 120_000; received += 10_000)
        {
            var hostNow = received + 40_000;
            while (state?.Timer is { } timer && timer.DueMs <= hostNow)
                state = RoundTrip((await _logic.TickAsync(state, timer.Token, timer.DueMs)).State);
            state = RoundTrip((await _logic.ObserveAsync(state, Received(received, "alice"), hostNow)).State);
        }
        Assert.DoesNotContain(_store.Events, e => e.Name is CallEventNames.ClientLeft or CallEventNames.ClientRejoined);

        // The samples stop: 30 s after the last one (on the tracker's clock) the client leaves.
        var last = T0 + 120_000;
        for (var i = 0; i < 10 && state is { Call.Live: true }; i++)
            state = RoundTrip((await _logic.TickAsync(state, state.Timer!.Token, state.Timer.DueMs)).State);
        var left = Assert.Single(_store.Events, e => e.Name == CallEventNames.ClientLeft);
        Assert.Equal(last, left.Timestamp);
        Assert.Single(_store.Events, e => e.Name == CallEventNames.CallEnded);
    }

    [Fact]
    public async Task ACallLiveAgainBeforeItsEndIsDelivered_KeepsItsRoom()
    {
        await _registry.Inner.GetOrAddAsync("svc", "room", "call-1");
        var state = RoundTrip((await _logic.ObserveAsync(null, Observation(T0, callId: null), T0)).State)!;
        _store.Down = true; // the end cannot be delivered, so the room is not released yet
        var now = T0;
        for (var i = 0; i < 50 && state.RoomToRelease is null; i++)
        {
            now = state.Timer!.DueMs;
            state = RoundTrip((await _logic.TickAsync(state, state.Timer.Token, now)).State)!;
        }
        Assert.NotNull(state.RoomToRelease);

        // The registry still names call-1 for the room, so the room's next sample comes back here.
        now += 500;
        state = RoundTrip((await _logic.ObserveAsync(state, Observation(now, callId: null), now)).State)!;
        Assert.True(state.Call!.Live);
        Assert.Null(state.RoomToRelease);

        _store.Down = false;
        state = RoundTrip((await _logic.TickAsync(state, state.Timer!.Token, Math.Max(state.Timer.DueMs, now + 1))).State)!;
        Assert.Equal("call-1", _registry.Inner.Find("svc", "room"));
    }

    [Fact]
    public async Task ALongStoreOutage_KeepsTheOutboxWithinItsCap_ClientEventsGoingFirst()
    {
        var store = new FakeReportStore { Down = true };
        var logic = new CallEntityLogic(new CallTracker(new CallTrackerOptions()), new ReportDispatcher(store, null, new ReportSinkOptions()), new InMemoryRoomRegistry(),
            new EntityOptions { MaxOutboxReports = 50 });
        CallEntityState? state = null;
        long dropped = 0;
        for (var i = 0; i < 200; i++)
        {
            var now = T0 + (i * 1_000);
            var observation = new CallObservation
            {
                CallId = "call-1",
                Samples =
                [
                    new ClientSampleView
                    {
                        Origin = new SampleOrigin("svc", "mu", now), SchemaVersion = "2.x", ClientId = "alice", CallId = "call-1", TimestampMs = now, SampleSeq = i,
                        Events = [new ClientEventView("app-event-" + i, now, null, null, null, null, null)],
                    },
                    new ClientSampleView { Origin = new SampleOrigin("svc", "mu", now), SchemaVersion = "2.x", ClientId = "guest-" + i, CallId = "call-1", TimestampMs = now },
                ],
            };
            var step = await logic.ObserveAsync(state, observation, now);
            dropped += step.Dropped;
            state = RoundTrip(step.State);
            Assert.InRange(state!.Outbox.Count, 1, 50 + 3); // the cap, plus what one operation adds
        }

        Assert.Equal(dropped, state!.DroppedReports);
        Assert.True(dropped > 300, $"dropped {dropped}");
        // The client's own events went first: what is left is nearly all the observer's lifecycle events.
        Assert.DoesNotContain(state.Outbox.Take(40), i => i.ClientSent);
        Assert.Contains(state.Outbox, i => i.Type == ReportTypes.CallEvent && !i.ClientSent);

        store.Down = false;
        var delivered = 0;
        for (var i = 0; i < 1_000 && state is { Outbox.Count: > 0 }; i++) // the guests leave one by one until the retry is due
        {
            var step = await logic.TickAsync(state, state.Timer!.Token, state.Timer.DueMs);
            delivered += step.Delivered;
            state = RoundTrip(step.State);
        }
        Assert.True(delivered >= 50, $"delivered {delivered}");
        Assert.Empty(state?.Outbox ?? []);
    }

    [Theory]
    [InlineData(40_000)]
    [InlineData(55_000)] // longer than the idle timeout: queued samples older than the leave
    public async Task ABacklogThatStartsAfterTheLastObservation_LeavesAndRejoinsOnce_NotOverAndOver(long behind)
    {
        // The host keeps up, then falls behind while alice goes on sending every 10 s: the timer
        // armed without lag fires on the host's clock before her queued samples are processed. That
        // one leave cannot be helped; what must not happen is a leave and rejoin for every queued sample.
        var state = RoundTrip((await _logic.ObserveAsync(null, Received(T0, "alice"), T0)).State);
        for (var received = T0 + 10_000; received <= T0 + 150_000; received += 10_000)
        {
            var hostNow = received + behind;
            while (state?.Timer is { } timer && timer.DueMs <= hostNow)
                state = RoundTrip((await _logic.TickAsync(state, timer.Token, timer.DueMs)).State);
            state = RoundTrip((await _logic.ObserveAsync(state, Received(received, "alice"), hostNow)).State);
        }

        var names = _store.Events.OrderBy(e => e.Timestamp).Select(e => e.Name).ToList();
        Assert.True(names.Count(n => n == CallEventNames.ClientLeft) <= 1, string.Join(", ", names));
        Assert.True(names.Count(n => n == CallEventNames.ClientRejoined) <= 1, string.Join(", ", names));
        Assert.True(state!.Call!.Live);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(300_000)] // a host 5 min behind its input
    public async Task AnEndedCall_KeepsItsStateForTheRetention_WhateverTheLag(long lag)
    {
        var state = RoundTrip((await _logic.ObserveAsync(null, Received(T0, "alice"), T0 + lag)).State);
        var now = T0 + lag;
        for (var i = 0; i < 20 && state is { EndedAtMs: null }; i++)
        {
            now = state.Timer!.DueMs;
            state = RoundTrip((await _logic.TickAsync(state, state.Timer.Token, now)).State);
        }

        Assert.Single(_store.Events, e => e.Name == CallEventNames.CallEnded);
        Assert.NotNull(state); // kept for the retention (on the host's clock), so a straggler is recognised
        Assert.Equal(now, state.EndedAtMs);
        Assert.Equal(now + 60_000, state.Timer!.DueMs);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(300_000)]
    public async Task AStoreDownPastTheRetention_NeverArmsATimerInThePast(long lag)
    {
        var state = RoundTrip((await _logic.ObserveAsync(null, Received(T0, "alice"), T0 + lag)).State);
        _store.Down = true;
        var now = T0 + lag;
        var past = 0;
        for (var i = 0; i < 200 && state is not null; i++)
        {
            now = Math.Max(now, state.Timer!.DueMs);
            var step = await _logic.TickAsync(state, state.Timer.Token, now);
            if (step.Timer is { } timer && timer.DueMs <= now) past++;
            state = RoundTrip(step.State);
            if (i == 25) _store.Down = false; // well past the retention, before the attempts run out
        }

        Assert.Equal(0, past); // each would fire at once, find nothing due, and arm the same again
        Assert.Null(state); // once delivered, the state goes: the retention is long over
        Assert.Single(_store.Events, e => e.Name == CallEventNames.CallEnded);
    }

    [Fact]
    public async Task AnOldBatchDeliveredAgain_DoesNotPostponeTheLiveCallsTimeouts()
    {
        CallEntityState? state = null;
        var last = T0 + 3_660_000;
        for (var t = T0 + 3_600_000; t <= last; t += 10_000)
            state = RoundTrip((await _logic.ObserveAsync(state, Received(t, "alice"), t)).State);
        // A batch enqueued an hour ago comes again (a checkpoint lost): its samples are older than the tracker's clock.
        state = RoundTrip((await _logic.ObserveAsync(state, Received(T0, "alice"), last + 1_000)).State);
        Assert.Equal(0, state!.ClockLagMs);

        var now = last + 1_000;
        for (var i = 0; i < 20 && state is { Call.Live: true }; i++)
        {
            now = Math.Max(now, state.Timer!.DueMs);
            state = RoundTrip((await _logic.TickAsync(state, state.Timer.Token, now)).State);
        }
        Assert.InRange(now, last + 30_000, last + 90_000);
    }

    [Fact]
    public async Task OneOperationWithMoreEventsThanTheCap_DropsNothing_WhenTheStoreIsUp()
    {
        var logic = new CallEntityLogic(new CallTracker(new CallTrackerOptions()), new ReportDispatcher(_store, null, new ReportSinkOptions()), new InMemoryRoomRegistry(),
            new EntityOptions { MaxOutboxReports = 10 });

        var step = await logic.ObserveAsync(null, Received(T0, [.. Enumerable.Range(0, 20).Select(i => "c" + i)]), T0);

        Assert.Equal(0, step.Dropped);
        Assert.Equal(21, _store.Events.Count()); // CALL_STARTED and 20 joins
    }

    [Fact]
    public async Task RegistryDown_AtTheEnd_RetriesTheRoomReleaseBeforeLettingGo()
    {
        await _registry.Inner.GetOrAddAsync("svc", "room", "call-1");
        var state = RoundTrip((await _logic.ObserveAsync(null, Observation(T0, callId: null), T0)).State);
        _registry.Down = true;
        var sawPendingRelease = false;
        for (var i = 0; i < 20 && state is not null; i++)
        {
            var timer = state.Timer!;
            if (state.RoomToRelease is not null)
            {
                sawPendingRelease = true;
                _registry.Down = false;
            }
            state = RoundTrip((await _logic.TickAsync(state, timer.Token, timer.DueMs)).State);
        }

        Assert.True(sawPendingRelease);
        Assert.Null(state);
        Assert.Null(_registry.Inner.Find("svc", "room"));
    }

    [Fact]
    public async Task RoomReleaseThatKeepsFailing_IsGivenUpAfterTheDeliveryAttempts_AndTheStateIsLetGo()
    {
        // It was retried for ever: the ended call's state and its timer stayed, a replay's drain never ended.
        await _registry.Inner.GetOrAddAsync("svc", "room", "call-1");
        var state = RoundTrip((await _logic.ObserveAsync(null, Observation(T0, callId: null), T0)).State);
        _registry.Down = true;
        var errors = new List<string>();
        var ticks = 0;
        for (; ticks < 1_000 && state is not null; ticks++)
        {
            var step = await _logic.TickAsync(state, state.Timer!.Token, state.Timer.DueMs);
            errors.AddRange(step.Errors);
            state = RoundTrip(step.State);
        }

        Assert.Null(state);
        Assert.Single(_store.Events, e => e.Name == CallEventNames.CallEnded);
        Assert.Contains(errors, e => e.Contains("not released after 50 attempts, given up", StringComparison.Ordinal));
        Assert.Equal(50, errors.Count(e => e.StartsWith("room room not released", StringComparison.Ordinal)));
        Assert.NotNull(_registry.Inner.Find("svc", "room")); // what giving up leaves: the entry names the ended call
    }

    [Fact]
    public async Task RoomRelease_StragglerObservations_DoNotSpendItsAttempts()
    {
        // The release was tried in every operation, not only when its back-off was over: 60 redelivered
        // batches of the ended call within 6 s of a short registry outage gave it up.
        await _registry.Inner.GetOrAddAsync("svc", "room", "call-1");
        var state = RoundTrip((await _logic.ObserveAsync(null, Observation(T0, callId: null), T0)).State)!;
        _registry.Down = true;
        var now = T0;
        for (var i = 0; i < 50 && state.RoomToRelease is null; i++)
        {
            now = state.Timer!.DueMs;
            state = RoundTrip((await _logic.TickAsync(state, state.Timer.Token, now)).State)!;
        }
        Assert.NotNull(state.RoomToRelease);
        var failuresAtEnd = state.FailedDeliveries;

        for (var i = 0; i < 60; i++)
        {
            now += 100;
            state = RoundTrip((await _logic.ObserveAsync(state, Observation(T0, callId: "call-1"), now)).State)!;
            Assert.False(state.Call!.Live); // stragglers: the call stays ended
        }

        Assert.NotNull(state.RoomToRelease);
        Assert.InRange(state.FailedDeliveries, failuresAtEnd, failuresAtEnd + 3); // only the back-off's own retries
        _registry.Down = false;
        for (var i = 0; i < 10 && state is not null; i++) state = RoundTrip((await _logic.TickAsync(state, state.Timer!.Token, state.Timer.DueMs)).State);
        Assert.Null(_registry.Inner.Find("svc", "room")); // released once the registry is back
    }

    [Fact]
    public async Task Tick_OnAFreshState_AsATaskEntityInitializesIt_KeepsNothing()
    {
        // TaskEntity<T> hands a never-stored entity a new T(); a stray tick must not store it.
        var step = await _logic.TickAsync(new CallEntityState(), "t1", T0);

        Assert.True(step.StaleSignal);
        Assert.Null(step.State);
        Assert.Null(step.Timer);
        Assert.Equal(0, _store.Writes);
    }

    [Fact]
    public async Task Observe_OnAFreshState_IsTheSameAsOnNoState()
    {
        var fresh = await _logic.ObserveAsync(new CallEntityState(), Observation(T0), T0);

        Assert.NotNull(fresh.State!.Call);
        Assert.NotNull(fresh.Timer);
        Assert.False(CallEntityLogic.IsEmpty(fresh.State));
    }

    [Fact]
    public void Options_OutOfRange_AreRejectedTogether()
    {
        var ex = Assert.Throws<ArgumentException>(() => new EntityOptions { MaxDeliveryAttempts = 0, RetryInitialDelay = TimeSpan.Zero }.Validate());
        Assert.Contains("MaxDeliveryAttempts", ex.Message, StringComparison.Ordinal);
        Assert.Contains("RetryInitialDelay", ex.Message, StringComparison.Ordinal);
    }
}
