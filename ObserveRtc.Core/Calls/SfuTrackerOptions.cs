namespace ObserveRtc.Core.Calls;

/// <summary>
/// Timers and bounds of the <see cref="SfuTracker"/>. Idle decisions use the observer's receive time.
/// SFU monitors typically sample every 5–15 s; an idle timeout should cover three missed samples.
/// </summary>
public sealed class SfuTrackerOptions
{
    /// <summary>The configuration section these options bind from, under <c>ObserveRtc</c> (<c>ObserveRtc:Sfu</c>).</summary>
    public const string SectionName = "Sfu";

    /// <summary>
    /// An SFU that sends no sample for this long has left (<c>SFU_LEFT</c>). Default 30 s; sensible
    /// 15 s – 5 min. Too low: an SFU whose monitor skips a beat churns LEFT/JOINED. Too high: a
    /// crashed SFU is reported late.
    /// </summary>
    public TimeSpan SfuIdleTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>A transport missing from the SFU's samples this long is closed. Default 30 s; sensible 15 s – 5 min. Too low: flapping; too high: late closes.</summary>
    public TimeSpan TransportIdleTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>An RTP pad missing from the SFU's samples this long is removed. Default 30 s; sensible 15 s – 5 min. Too low: flapping; too high: late removals.</summary>
    public TimeSpan RtpPadIdleTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>An SCTP stream missing from the SFU's samples this long is removed. Default 30 s; sensible 15 s – 5 min. Too low: flapping; too high: late removals.</summary>
    public TimeSpan SctpStreamIdleTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How many recent sample timestamps are remembered to drop duplicates. Default 32; sensible
    /// 8 – 256. Too low: late duplicates re-emit custom events (same ids). Too high: larger state.
    /// </summary>
    public int DedupWindowSize { get; set; } = 32;

    /// <summary>
    /// How many removed transports, pads and streams are remembered so late samples cannot resurrect
    /// them. Default 256 (an SFU has many pads); sensible 64 – 4096. Too low: a late sample may re-add
    /// an old pad. Too high: larger state.
    /// </summary>
    public int MaxTombstones { get; set; } = 256;

    /// <summary>The problems with these options, one line each; empty when valid.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        var second = TimeSpan.FromSeconds(1);
        OptionsChecks.Timeout(problems, nameof(SfuIdleTimeout), SfuIdleTimeout, second);
        OptionsChecks.Timeout(problems, nameof(TransportIdleTimeout), TransportIdleTimeout, second);
        OptionsChecks.Timeout(problems, nameof(RtpPadIdleTimeout), RtpPadIdleTimeout, second);
        OptionsChecks.Timeout(problems, nameof(SctpStreamIdleTimeout), SctpStreamIdleTimeout, second);
        OptionsChecks.Range(problems, nameof(DedupWindowSize), DedupWindowSize, 1, 4096);
        OptionsChecks.Range(problems, nameof(MaxTombstones), MaxTombstones, 1, 65536);
        return problems;
    }

    /// <summary>Throws an <see cref="ArgumentException"/> listing every bad option.</summary>
    public void Validate() => OptionsChecks.ThrowIfAny(SectionName, Problems());
}
