namespace ObserveRtc.Core.Calls;

/// <summary>
/// Timers and bounds of the <see cref="CallTracker"/> (design §4). Every idle decision uses the
/// observer's receive time, never the client's clock. Validate once at start with <see cref="Validate"/>.
/// </summary>
/// <remarks>
/// Sampling periods to keep in mind: client-monitor-js 4.x samples every 8 s by default, 3.x
/// applications often every 1–5 s. An idle timeout should cover at least three missed samples.
/// </remarks>
public sealed class CallTrackerOptions
{
    /// <summary>The configuration section these options bind from, under <c>ObserveRtc</c> (<c>ObserveRtc:Tracker</c>).</summary>
    public const string SectionName = "Tracker";

    /// <summary>
    /// A client that sends no sample for this long has left (<c>CLIENT_LEFT</c>, timestamped with its
    /// last sample). Default 30 s; sensible 15 s – 5 min. Too low: a client sampling every 8 s that
    /// loses one or two batches is reported as left and then rejoined. Too high: <c>CLIENT_LEFT</c> and
    /// <c>CALL_ENDED</c> come late and state is kept longer.
    /// </summary>
    public TimeSpan ClientIdleTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// A peer connection missing from its client's samples for this long is closed (it vanished).
    /// Default 30 s; sensible 15 s – 5 min. Too low: a PC omitted from one or two samples flaps
    /// closed/opened. Too high: vanished PCs are reported closed late.
    /// </summary>
    public TimeSpan PeerConnectionIdleTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// A track missing from its client's samples for this long is removed. Default 30 s; sensible
    /// 15 s – 5 min. Too low: tracks omitted from a sample or two flap removed/added. Too high:
    /// removals without an explicit signal are reported late.
    /// </summary>
    public TimeSpan TrackIdleTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// A call with no live client for this long has ended (<c>CALL_ENDED</c>, then <c>CALL_SUMMARY</c>).
    /// Default 30 s; sensible 0 – 10 min. Too low: a participant who reloads the page after everyone
    /// else left starts a new call. Too high: the call end and its summary come late, and for rooms
    /// without a client-given callId the room stays bound to the old call for that long.
    /// </summary>
    public TimeSpan CallEmptyTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How many recent (sampleSeq, timestamp) keys are remembered per client to drop duplicates.
    /// Default 32 (about 4 min at 8 s sampling); sensible 8 – 256. Too low: a duplicate redelivered
    /// later than the window is processed again (harmless for lifecycle, but its custom events are
    /// re-emitted with the same ids). Too high: larger entity state.
    /// </summary>
    public int DedupWindowSize { get; set; } = 32;

    /// <summary>
    /// How many removed peer connections and tracks are remembered per live client so late samples
    /// cannot resurrect them. Default 64; sensible 16 – 512. Too low: a late sample may re-add an old
    /// track. Too high: larger entity state.
    /// </summary>
    public int MaxTombstonesPerClient { get; set; } = 64;

    /// <summary>
    /// Bound on each per-client list kept for the call summary (peer connection ids, matches, issue
    /// types). Default 64; sensible 8 – 1024. Too low: the summary lists are truncated (counts stay
    /// exact). Too high: larger entity state for long calls.
    /// </summary>
    public int MaxSummaryItemsPerClient { get; set; } = 64;

    /// <summary>The problems with these options, one line each; empty when valid.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        OptionsChecks.Timeout(problems, nameof(ClientIdleTimeout), ClientIdleTimeout, TimeSpan.FromSeconds(1));
        OptionsChecks.Timeout(problems, nameof(PeerConnectionIdleTimeout), PeerConnectionIdleTimeout, TimeSpan.FromSeconds(1));
        OptionsChecks.Timeout(problems, nameof(TrackIdleTimeout), TrackIdleTimeout, TimeSpan.FromSeconds(1));
        OptionsChecks.Timeout(problems, nameof(CallEmptyTimeout), CallEmptyTimeout, TimeSpan.Zero);
        OptionsChecks.Range(problems, nameof(DedupWindowSize), DedupWindowSize, 1, 4096);
        OptionsChecks.Range(problems, nameof(MaxTombstonesPerClient), MaxTombstonesPerClient, 1, 4096);
        OptionsChecks.Range(problems, nameof(MaxSummaryItemsPerClient), MaxSummaryItemsPerClient, 1, 4096);
        return problems;
    }

    /// <summary>Throws an <see cref="ArgumentException"/> listing every bad option.</summary>
    public void Validate() => OptionsChecks.ThrowIfAny(SectionName, Problems());
}

/// <summary>Shared option checks with messages that name the option and the allowed range.</summary>
internal static class OptionsChecks
{
    private static readonly TimeSpan MaxTimeout = TimeSpan.FromDays(1);

    public static void Timeout(List<string> problems, string name, TimeSpan value, TimeSpan min)
    {
        if (value < min || value > MaxTimeout)
            problems.Add($"{name} = {value} is outside [{min}, {MaxTimeout}]");
    }

    public static void Range(List<string> problems, string name, int value, int min, int max)
    {
        if (value < min || value > max)
            problems.Add(FormattableString.Invariant($"{name} = {value} is outside [{min}, {max}]"));
    }

    public static void ThrowIfAny(string section, IReadOnlyList<string> problems)
    {
        if (problems.Count > 0)
            throw new ArgumentException($"Invalid {section} options: {string.Join("; ", problems)}.");
    }
}
