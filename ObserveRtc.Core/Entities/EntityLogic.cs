using ObserveRtc.Core.Reports;

namespace ObserveRtc.Core.Entities;

/// <summary>
/// The operation skeleton shared by the call and SFU entities: run the tracker's transition (never
/// letting an exception out), deliver the outbox, do the entity's own follow-up (the call releases its
/// room), let the state go once the tracked thing has ended, everything is delivered and the retention
/// is over, and otherwise arm at most one timer for the earliest of the tracker's deadline, the next
/// retry and the end of the retention.
/// </summary>
/// <typeparam name="TState">The entity's state.</typeparam>
public abstract class EntityLogic<TState>
    where TState : OutboxState, new()
{
    private protected EntityLogic(ReportDispatcher dispatcher, EntityOptions options) =>
        Outbox = new OutboxRunner(dispatcher, options.Validate());

    private protected OutboxRunner Outbox { get; }

    /// <summary>The tracked call or SFU is live.</summary>
    private protected abstract bool IsLive(TState state);

    /// <summary>Observer time of its end, if it has ended.</summary>
    private protected abstract long? EndedAtMs(TState state);

    /// <summary>A state that holds nothing (a fresh one, as a Durable <c>TaskEntity</c> initializes it).</summary>
    private protected abstract bool HoldsNothing(TState state);

    /// <summary>Work besides the outbox that keeps the state (and a retry timer) alive.</summary>
    private protected virtual bool HasOtherWork(TState state) => false;

    /// <summary>Follow-up after delivery (e.g. releasing a room); sets the retry on failure.</summary>
    private protected virtual Task AfterDeliveryAsync(TState state, long nowMs, List<string> errors, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>
    /// An observation: the tracker runs at the latest receive time of its samples, not at
    /// <paramref name="nowMs"/>, the time the host got to it. A host behind its input (a backlog after
    /// a restart, a first start that reads the hub from its start, a slow queue) would otherwise see
    /// every client it has just heard from as idle for as long as it is behind. How far behind it is
    /// (<see cref="OutboxState.ClockLagMs"/>) is kept for the timers, which run on the host's clock.
    /// </summary>
    private protected Task<EntityStep<TState>> ObserveCoreAsync(TState? state, long nowMs, long receivedAtMs, Action<TState, long> transition, CancellationToken cancellationToken) =>
        RunAsync(state ?? new TState(), nowMs, Math.Min(nowMs, receivedAtMs), transition, cancellationToken);

    /// <summary>
    /// Sets <see cref="OutboxState.ClockLagMs"/> from the latest receive time of the samples that were
    /// news to the tracker: an old batch delivered again (duplicates) says nothing about how far behind
    /// the host is now. In whole seconds: the spread of one batch (a few hundred ms) changes nothing, so
    /// the timer the tracker's deadline asks for does not move back and forth with it.
    /// </summary>
    private protected static void SetClockLag(OutboxState state, long nowMs, long newestReceivedAtMs)
    {
        var lagMs = nowMs - Math.Min(nowMs, newestReceivedAtMs);
        state.ClockLagMs = lagMs - (lagMs % 1000);
    }

    /// <summary>
    /// A timer signal: <paramref name="tick"/> (the tracker's timeouts) runs only while the tracked thing
    /// is live and its deadline is due; otherwise the signal is for delivery retries or the retention.
    /// The tracker's time is the host's less the lag of the last observation.
    /// </summary>
    private protected Task<EntityStep<TState>> TickCoreAsync(TState? state, string? token, long nowMs, Action<TState, long> tick, CancellationToken cancellationToken)
    {
        // A signal to an entity whose state is gone (or never held anything): nothing to do, nothing to keep.
        if (state is null || HoldsNothing(state)) return Task.FromResult(new EntityStep<TState> { State = null, StaleSignal = true });
        if (!OutboxRunner.Consume(state, token))
            return Task.FromResult(new EntityStep<TState> { State = state, StaleSignal = true, Pending = state.Outbox.Count });
        return RunAsync(state, nowMs, nowMs - state.ClockLagMs, (s, trackerNowMs) =>
        {
            if (IsLive(s) && s.TrackerDeadlineMs <= trackerNowMs) tick(s, trackerNowMs);
        }, cancellationToken);
    }

    private async Task<EntityStep<TState>> RunAsync(TState state, long nowMs, long trackerNowMs, Action<TState, long> transition, CancellationToken cancellationToken)
    {
        var errors = new List<string>();
        try
        {
            transition(state, trackerNowMs);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            // A bug of ours. Throwing would roll the state back and drop the signal; instead keep what
            // we have (the outbox is intact and still delivered now) and try the tracker again later:
            // its deadline moves on by the retry delay, so a tick whose transition fails does not fire
            // again at once (a deadline already due would, and would fail again, for ever).
            errors.Add($"tracker failed: {ex.GetType().Name}: {ex.Message}");
            state.TrackerDeadlineMs = trackerNowMs + Outbox.Backoff(1);
        }

        var failuresBefore = state.FailedDeliveries;
        var (delivered, dropped) = await Outbox.DeliverAsync(state, nowMs, errors, cancellationToken);
        await AfterDeliveryAsync(state, nowMs, errors, cancellationToken);
        var leftForRetry = state.FailedDeliveries > failuresBefore;

        var live = IsLive(state);
        var retention = !live && EndedAtMs(state) is { } ended ? ended + (long)Outbox.Options.EndedStateRetention.TotalMilliseconds : (long?)null;
        var busy = state.Outbox.Count > 0 || HasOtherWork(state);
        if (retention <= nowMs && !busy)
            return new EntityStep<TState> { State = null, Delivered = delivered, Dropped = dropped, Errors = errors };

        // The tracker's deadline is on its clock; the timer is on the host's. While delivery is busy the
        // retention cannot end anything (the state stays until it is done), so only the retry counts:
        // a retention already past would arm a timer in the past, again at every tick.
        var timer = OutboxRunner.Arm(state, OutboxRunner.Earliest(live ? state.TrackerDeadlineMs + state.ClockLagMs : null, busy ? state.RetryAtMs : null, busy ? null : retention));
        return new EntityStep<TState> { State = state, Timer = timer, Delivered = delivered, Dropped = dropped, Pending = state.Outbox.Count, LeftForRetry = leftForRetry, Errors = errors };
    }
}
