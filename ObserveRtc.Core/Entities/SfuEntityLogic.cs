using System.Text.Json.Serialization;
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
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public SfuState? Sfu { get; set; }
    /// <summary>Observer time when the SFU left.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public long? LeftAtMs { get; set; }
}

/// <summary>The SFU entity's decisions: as <see cref="CallEntityLogic"/>, with the SFU tracker and no room.</summary>
public sealed class SfuEntityLogic : EntityLogic<SfuEntityState>
{
    private readonly SfuTracker _tracker;

    /// <summary>Creates the logic; options are validated here.</summary>
    public SfuEntityLogic(SfuTracker tracker, ReportDispatcher dispatcher, EntityOptions options)
        : base(dispatcher, options) => _tracker = tracker;

    /// <summary>The <see cref="SfuEntityOperations.Observe"/> operation (the tracker runs at the samples' latest receive time, at most <paramref name="nowMs"/>).</summary>
    public Task<EntityStep<SfuEntityState>> ObserveAsync(SfuEntityState? state, SfuObservation observation, long nowMs, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(observation);
        var receivedAtMs = observation.Samples.Count == 0 ? nowMs : observation.Samples.Max(x => x.Origin.ReceivedAtMs);
        return ObserveCoreAsync(state, nowMs, receivedAtMs, (s, t) =>
        {
            var result = _tracker.Observe(s.Sfu, observation.Samples, t);
            if (result.NewestSampleReceivedAtMs is { } newest) SetClockLag(s, nowMs, newest);
            Apply(s, result, nowMs);
        }, cancellationToken);
    }

    /// <summary>The <see cref="SfuEntityOperations.Tick"/> operation: a stale token does nothing.</summary>
    public Task<EntityStep<SfuEntityState>> TickAsync(SfuEntityState? state, string? token, long nowMs, CancellationToken cancellationToken = default) =>
        TickCoreAsync(state, token, nowMs, (s, t) => Apply(s, _tracker.Tick(s.Sfu!, t), nowMs), cancellationToken);

    /// <summary>A state that holds nothing: no SFU, no outbox, no timer (a fresh one).</summary>
    public static bool IsEmpty(SfuEntityState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        return state.Sfu is null && state.Outbox.Count == 0 && state.Timer is null;
    }

    private protected override bool HoldsNothing(SfuEntityState state) => IsEmpty(state);

    private protected override bool IsLive(SfuEntityState state) => state.Sfu is { Live: true };

    private protected override long? EndedAtMs(SfuEntityState state) => state.LeftAtMs;

    /// <summary>Applies the tracker's result; <paramref name="nowMs"/> is the host's clock (the retention runs on it).</summary>
    private static void Apply(SfuEntityState state, SfuTrackerResult result, long nowMs)
    {
        state.Sfu = result.State;
        foreach (var report in result.Events) state.Outbox.Add(OutboxItem.From(report));
        state.TrackerDeadlineMs = result.NextDeadlineMs;
        if (result.SfuLeft) state.LeftAtMs = nowMs;
        else if (state.Sfu is { Live: true }) state.LeftAtMs = null;
    }
}
