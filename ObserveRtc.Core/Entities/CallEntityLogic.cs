using System.Text.Json.Serialization;
using ObserveRtc.Core.Calls;
using ObserveRtc.Core.Ingest;
using ObserveRtc.Core.Reports;

namespace ObserveRtc.Core.Entities;

/// <summary>The operation names of the call entity (and of the local host's call actor).</summary>
public static class CallEntityOperations
{
    /// <summary>Input: a <see cref="CallObservation"/>.</summary>
    public const string Observe = "observe";
    /// <summary>Input: the timer token (string).</summary>
    public const string Tick = "tick";
}

/// <summary>The state of one call's entity: the tracker's state, the outbox and the timer.</summary>
public sealed class CallEntityState : OutboxState
{
    /// <summary>The tracker's state of the call.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public CallState? Call { get; set; }
    /// <summary>A room registry entry to remove once the call's end is delivered.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public RoomEntry? RoomToRelease { get; set; }
    /// <summary>Observer time of the call's end (its state is let go <see cref="EntityOptions.EndedStateRetention"/> later).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public long? EndedAtMs { get; set; }
}

/// <summary>
/// Everything the call entity decides, host-free (the Functions <c>TaskEntity</c> and the local
/// host's actor only pass time and input in, and apply the step). Each operation runs the tracker,
/// appends its events to the outbox, tries delivery (Tables, then Event Grid), releases the room after
/// the call's end is delivered, arms at most one timer, and lets the state go once the call has ended,
/// everything is delivered and the retention is over. No operation throws (but for cancellation): an
/// unexpected exception is caught, reported in the step, and retried from a timer.
/// </summary>
public sealed class CallEntityLogic : EntityLogic<CallEntityState>
{
    private readonly CallTracker _tracker;
    private readonly IRoomRegistry _registry;

    /// <summary>Creates the logic; options are validated here.</summary>
    public CallEntityLogic(CallTracker tracker, ReportDispatcher dispatcher, IRoomRegistry registry, EntityOptions options)
        : base(dispatcher, options)
    {
        _tracker = tracker;
        _registry = registry;
    }

    /// <summary>The <see cref="CallEntityOperations.Observe"/> operation (the tracker runs at the samples' latest receive time, at most <paramref name="nowMs"/>).</summary>
    public Task<EntityStep<CallEntityState>> ObserveAsync(CallEntityState? state, CallObservation observation, long nowMs, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(observation);
        var receivedAtMs = observation.Samples.Count == 0 ? nowMs : observation.Samples.Max(x => x.Origin.ReceivedAtMs);
        return ObserveCoreAsync(state, nowMs, receivedAtMs, (s, t) =>
        {
            var result = _tracker.Observe(s.Call, observation.CallId, observation.Samples, t);
            if (result.NewestSampleReceivedAtMs is { } newest) SetClockLag(s, nowMs, newest);
            Apply(s, result, nowMs);
        }, cancellationToken);
    }

    /// <summary>The <see cref="CallEntityOperations.Tick"/> operation: a stale token does nothing.</summary>
    public Task<EntityStep<CallEntityState>> TickAsync(CallEntityState? state, string? token, long nowMs, CancellationToken cancellationToken = default) =>
        TickCoreAsync(state, token, nowMs, (s, t) => Apply(s, _tracker.Tick(s.Call!, t), nowMs), cancellationToken);

    /// <summary>A state that holds nothing: no call, no outbox, no timer, no room to release (a fresh one).</summary>
    public static bool IsEmpty(CallEntityState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        return state.Call is null && state.Outbox.Count == 0 && state.Timer is null && state.RoomToRelease is null;
    }

    private protected override bool HoldsNothing(CallEntityState state) => IsEmpty(state);

    private protected override bool IsLive(CallEntityState state) => state.Call is { Live: true };

    private protected override long? EndedAtMs(CallEntityState state) => state.EndedAtMs;

    private protected override bool HasOtherWork(CallEntityState state) => state.RoomToRelease is not null;

    /// <summary>Applies the tracker's result; <paramref name="nowMs"/> is the host's clock (the retention runs on it).</summary>
    private static void Apply(CallEntityState state, CallTrackerResult result, long nowMs)
    {
        state.Call = result.State;
        foreach (var report in result.Events) state.Outbox.Add(OutboxItem.From(report));
        state.TrackerDeadlineMs = result.NextDeadlineMs;
        if (result.RoomEntryToRemove is { } room) state.RoomToRelease = room;
        if (result.CallEnded) state.EndedAtMs = nowMs;
        else if (state.Call is { Live: true })
        {
            // Live again before its end was delivered (the room still named this call, so a room-only
            // sample came back here): the room is this call's again and must not be released.
            state.EndedAtMs = null;
            state.RoomToRelease = null;
        }
    }

    /// <summary>Removes the room's registry entry once the call's end has been delivered (so the next sample opens a new call only after subscribers heard of this one's end).</summary>
    private protected override async Task AfterDeliveryAsync(CallEntityState state, long nowMs, List<string> errors, CancellationToken cancellationToken)
    {
        if (state.RoomToRelease is not { } room || state.Outbox.Count > 0 || state.Call is { Live: true }) return;
        // After a failure, only when its back-off is over: straggler observations of the ended call must
        // not spend the attempts (they gave the release up within seconds of a short registry outage).
        if (state.RetryAtMs > nowMs) return;
        try
        {
            await _registry.RemoveAsync(room.ServiceId, room.RoomId, room.CallId, cancellationToken);
            state.RoomToRelease = null;
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            state.FailedDeliveries++;
            if (state.FailedDeliveries >= Outbox.Options.MaxDeliveryAttempts)
            {
                // Given up as a report is: retrying for ever kept the ended call's state and timer alive
                // for good (and a replay's drain never ended).
                errors.Add($"room {room.RoomId} not released after {state.FailedDeliveries} attempts, given up: {ex.Message}. " +
                    $"Its registry entry still names the ended call {room.CallId}: the room's next samples without a callId join that call id again.");
                state.RoomToRelease = null;
                state.FailedDeliveries = 0;
                state.RetryAtMs = null;
                return;
            }
            errors.Add($"room {room.RoomId} not released yet ({state.FailedDeliveries} attempts): {ex.Message}");
            state.RetryAtMs = nowMs + Outbox.Backoff(state.FailedDeliveries);
        }
    }
}
