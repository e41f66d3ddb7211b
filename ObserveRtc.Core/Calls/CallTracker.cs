using ObserveRtc.Core.Reports;
using ObserveRtc.Core.Samples;

namespace ObserveRtc.Core.Calls;

/// <summary>
/// The call tracker (design §4): a pure state machine. State, samples and the current time go in;
/// the new state, the events (CALL_EVENT reports and the CALL_SUMMARY, in time order) and the next
/// deadline come out. It has no clock and does no I/O.
/// </summary>
/// <remarks>
/// A host: (1) calls <see cref="Observe"/> with each batch of a call's samples and the receive time;
/// (2) stores the returned state and delivers <see cref="CallTrackerResult.Events"/> (ids are
/// deterministic, so redelivery is harmless); (3) arranges a <see cref="Tick"/> at
/// <see cref="CallTrackerResult.NextDeadlineMs"/>; (4) when <see cref="CallTrackerResult.RoomEntryToRemove"/>
/// is set, calls <see cref="IRoomRegistry.RemoveAsync"/> with it. The state object passed in is
/// updated in place and returned; keep a copy if the old state is needed.
/// </remarks>
public sealed class CallTracker
{
    /// <summary>Creates a tracker; throws <see cref="ArgumentException"/> listing every bad option.</summary>
    public CallTracker(CallTrackerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Options = options;
    }

    /// <summary>The options in use.</summary>
    public CallTrackerOptions Options { get; }

    /// <summary>
    /// Applies a batch of one call's samples (in delivery order), then ends whatever timed out by
    /// <paramref name="nowMs"/>. Explicit signals in the samples act before timeouts.
    /// </summary>
    /// <param name="state">The call's state, or null for a call not seen before.</param>
    /// <param name="callId">The call (as resolved by <see cref="CallIdentityResolver"/>).</param>
    /// <param name="samples">The samples; <see cref="SampleOrigin.ReceivedAtMs"/> drives idle decisions.</param>
    /// <param name="nowMs">The observer's current time, epoch ms.</param>
    public CallTrackerResult Observe(CallState? state, string callId, IReadOnlyList<ClientSampleView> samples, long nowMs)
    {
        ArgumentException.ThrowIfNullOrEmpty(callId);
        ArgumentNullException.ThrowIfNull(samples);
        state ??= new CallState { CallId = callId };
        if (state.CallId != callId) throw new ArgumentException($"State of call {state.CallId} given for call {callId}.", nameof(state));
        var run = new CallRun(state, Options);
        run.Observe(samples, nowMs);
        return run.Result();
    }

    /// <summary>Ends everything that timed out by <paramref name="nowMs"/> (in deadline order) and returns the next deadline.</summary>
    public CallTrackerResult Tick(CallState state, long nowMs)
    {
        ArgumentNullException.ThrowIfNull(state);
        var run = new CallRun(state, Options);
        run.Advance(nowMs);
        return run.Result();
    }

    /// <summary>
    /// Ends a live call now, whatever its timers say (an operator action, or a host shutting a call
    /// down): every open track, peer connection and client is ended first, then CALL_ENDED and CALL_SUMMARY.
    /// </summary>
    public CallTrackerResult End(CallState state, long nowMs)
    {
        ArgumentNullException.ThrowIfNull(state);
        var run = new CallRun(state, Options);
        run.Advance(nowMs);
        run.EndCall(new Cause(nowMs, null, null, "ended"));
        return run.Result();
    }
}

/// <summary>The outcome of one <see cref="CallTracker"/> operation.</summary>
public sealed class CallTrackerResult
{
    /// <summary>The call's new state (the same instance that was passed in, updated).</summary>
    public required CallState State { get; init; }

    /// <summary>Events to deliver, in time order: CALL_EVENT reports and, at the end, the CALL_SUMMARY report.</summary>
    public required IReadOnlyList<Report> Events { get; init; }

    /// <summary>When a <see cref="CallTracker.Tick"/> must come (epoch ms, observer clock); null when nothing can time out (the call ended).</summary>
    public long? NextDeadlineMs { get; init; }

    /// <summary>The call ended in this operation (CALL_ENDED is among <see cref="Events"/>).</summary>
    public bool CallEnded { get; init; }

    /// <summary>Set when the call ended and has a room: the host removes this room entry (compare-and-delete).</summary>
    public RoomEntry? RoomEntryToRemove { get; init; }

    /// <summary>The latest receive time among the samples that were news (not duplicates), if any: how far behind its input the host is.</summary>
    public long? NewestSampleReceivedAtMs { get; init; }
}

/// <summary>A room registry entry to remove with <see cref="IRoomRegistry.RemoveAsync"/>.</summary>
/// <param name="ServiceId">The service.</param>
/// <param name="RoomId">The room.</param>
/// <param name="CallId">The call the entry must still name.</param>
public sealed record RoomEntry(string ServiceId, string RoomId, string CallId);
