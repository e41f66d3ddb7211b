using ObserveRtc.Core.Calls;
using ObserveRtc.Core.Ingest;
using ObserveRtc.Core.Reports;

namespace ObserveRtc.Core.Entities;

/// <summary>The operation names of the SFU entity.</summary>
public static class SfuEntityOperations
{
    /// <summary>Input: an <see cref="SfuObservation"/>.</summary>
    public const string Observe = "observe";
    /// <summary>Input: the timer token (string).</summary>
    public const string Tick = "tick";
}

/// <summary>The state of one SFU's entity.</summary>
public sealed class SfuEntityState : OutboxState
{
    /// <summary>The SFU tracker's state.</summary>
    public SfuState? Sfu { get; set; }
    /// <summary>Observer time when the SFU left.</summary>
    public long? LeftAtMs { get; set; }
}

/// <summary>The SFU entity's decisions: as <see cref="CallEntityLogic"/>, with the SFU tracker and no room.</summary>
public sealed class SfuEntityLogic
{
    private readonly SfuTracker _tracker;
    private readonly OutboxRunner _outbox;

    /// <summary>Creates the logic; options are validated here.</summary>
    public SfuEntityLogic(SfuTracker tracker, ReportDispatcher dispatcher, EntityOptions options)
    {
        _tracker = tracker;
        _outbox = new OutboxRunner(dispatcher, options.Validate());
    }

    /// <summary>The <see cref="SfuEntityOperations.Observe"/> operation.</summary>
    public Task<EntityStep<SfuEntityState>> ObserveAsync(SfuEntityState? state, SfuObservation observation, long nowMs, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(observation);
        state ??= new SfuEntityState();
        return RunAsync(state, nowMs, s => Apply(s, _tracker.Observe(s.Sfu, observation.Samples, nowMs), nowMs), cancellationToken);
    }

    /// <summary>The <see cref="SfuEntityOperations.Tick"/> operation: a stale token does nothing.</summary>
    public Task<EntityStep<SfuEntityState>> TickAsync(SfuEntityState? state, string? token, long nowMs, CancellationToken cancellationToken = default)
    {
        // No state, or a fresh never-observed one (as a Durable TaskEntity initializes it): nothing to keep.
        if (state is null || IsEmpty(state)) return Task.FromResult(new EntityStep<SfuEntityState> { State = null, StaleSignal = true });
        if (!OutboxRunner.Consume(state, token))
            return Task.FromResult(new EntityStep<SfuEntityState> { State = state, StaleSignal = true, Pending = state.Outbox.Count });
        return RunAsync(state, nowMs, s =>
        {
            if (s.Sfu is { Live: true } && s.TrackerDeadlineMs <= nowMs) Apply(s, _tracker.Tick(s.Sfu, nowMs), nowMs);
        }, cancellationToken);
    }

    /// <summary>A state that holds nothing: no SFU, no outbox, no timer (a fresh one).</summary>
    public static bool IsEmpty(SfuEntityState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        return state.Sfu is null && state.Outbox.Count == 0 && state.Timer is null;
    }

    private static void Apply(SfuEntityState state, SfuTrackerResult result, long nowMs)
    {
        state.Sfu = result.State;
        foreach (var report in result.Events) state.Outbox.Add(OutboxItem.From(report));
        state.TrackerDeadlineMs = result.NextDeadlineMs;
        if (result.SfuLeft) state.LeftAtMs = nowMs;
        else if (state.Sfu is { Live: true }) state.LeftAtMs = null;
    }

    private async Task<EntityStep<SfuEntityState>> RunAsync(SfuEntityState state, long nowMs, Action<SfuEntityState> transition, CancellationToken cancellationToken)
    {
        var errors = new List<string>();
        try
        {
            transition(state);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            errors.Add($"SFU tracker failed: {ex.GetType().Name}: {ex.Message}");
            state.RetryAtMs ??= nowMs + _outbox.Backoff(1);
        }
        var (delivered, dropped) = await _outbox.DeliverAsync(state, nowMs, errors, cancellationToken);
        var retention = state.LeftAtMs is { } left && state.Sfu is not { Live: true } ? left + (long)_outbox.Options.EndedStateRetention.TotalMilliseconds : (long?)null;
        if (retention <= nowMs && state.Outbox.Count == 0)
            return new EntityStep<SfuEntityState> { State = null, Delivered = delivered, Dropped = dropped, Errors = errors };
        var retry = state.Outbox.Count > 0 ? state.RetryAtMs : null;
        var tracker = state.Sfu is { Live: true } ? state.TrackerDeadlineMs : null;
        var timer = OutboxRunner.Arm(state, OutboxRunner.Earliest(tracker, retry, retention));
        return new EntityStep<SfuEntityState> { State = state, Timer = timer, Delivered = delivered, Dropped = dropped, Pending = state.Outbox.Count, Errors = errors };
    }
}
