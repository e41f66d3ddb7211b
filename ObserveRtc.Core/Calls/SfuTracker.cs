using ObserveRtc.Core.Reports;
using ObserveRtc.Core.Samples;

namespace ObserveRtc.Core.Calls;

/// <summary>
/// The SFU side of the tracker (design §4, last table row), per sfuId: SFU_JOINED/LEFT,
/// SFU_TRANSPORT_OPENED/CLOSED, SFU_RTP_PAD_ADDED/REMOVED, SFU_SCTP_STREAM_ADDED/REMOVED as
/// SFU_EVENT reports, with the same timeout, dedup and late-sample rules as calls; SFU custom
/// events are passed through. Pure: state, samples and time in; state, events and deadline out.
/// </summary>
public sealed class SfuTracker
{
    /// <summary>Creates a tracker; throws <see cref="ArgumentException"/> listing every bad option.</summary>
    public SfuTracker(SfuTrackerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Options = options;
    }

    /// <summary>The options in use.</summary>
    public SfuTrackerOptions Options { get; }

    /// <summary>Applies a batch of one SFU's samples, then ends whatever timed out by <paramref name="nowMs"/>.</summary>
    /// <param name="state">The SFU's state, or null for an SFU not seen before.</param>
    /// <param name="samples">Samples of this one SFU.</param>
    /// <param name="nowMs">The observer's current time, epoch ms.</param>
    public SfuTrackerResult Observe(SfuState? state, IReadOnlyList<SfuSampleView> samples, long nowMs)
    {
        ArgumentNullException.ThrowIfNull(samples);
        if (samples.Count == 0 && state is null) throw new ArgumentException("No state and no samples.", nameof(samples));
        state ??= new SfuState { SfuId = samples[0].SfuId };
        if (samples.FirstOrDefault(s => s.SfuId != state.SfuId) is { } other)
            throw new ArgumentException($"Sample of SFU {other.SfuId} given for SFU {state.SfuId}.", nameof(samples));
        var run = new SfuRun(state, Options);
        run.Prescan(samples);
        foreach (var sample in samples) run.Process(sample);
        run.Advance(nowMs);
        return run.Result();
    }

    /// <summary>Ends everything that timed out by <paramref name="nowMs"/> and returns the next deadline.</summary>
    public SfuTrackerResult Tick(SfuState state, long nowMs)
    {
        ArgumentNullException.ThrowIfNull(state);
        var run = new SfuRun(state, Options);
        run.Advance(nowMs);
        return run.Result();
    }
}

/// <summary>The outcome of one <see cref="SfuTracker"/> operation.</summary>
public sealed class SfuTrackerResult
{
    /// <summary>The SFU's new state (the instance passed in, updated).</summary>
    public required SfuState State { get; init; }
    /// <summary>SFU_EVENT reports to deliver, in time order.</summary>
    public required IReadOnlyList<Report> Events { get; init; }
    /// <summary>When a <see cref="SfuTracker.Tick"/> must come; null when the SFU has left (the host may drop the state after delivery).</summary>
    public long? NextDeadlineMs { get; init; }
    /// <summary>The SFU left in this operation.</summary>
    public bool SfuLeft { get; init; }
    /// <summary>The latest receive time among the samples that were news (not duplicates or late), if any: how far behind its input the host is.</summary>
    public long? NewestSampleReceivedAtMs { get; init; }
}
