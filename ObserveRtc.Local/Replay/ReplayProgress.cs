using System.Diagnostics;
using System.Globalization;
using ObserveRtc.Core.Pipeline;

namespace ObserveRtc.Local.Replay;

/// <summary>A progress line on stderr at most once a second: <c>  12,345 / 50,000 lines (24%)  3,210 samples/s</c>.</summary>
internal sealed class ReplayProgress(TextWriter stderr, long totalLines, PipelineCounters counters)
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);
    private readonly Stopwatch _since = Stopwatch.StartNew();
    private long _samplesAtLast;

    public void Tick(long lines, bool force)
    {
        if (!force && _since.Elapsed < Interval) return;
        var samples = counters.AcceptedSamples + counters.RejectedByReason.Values.Sum();
        var rate = (samples - _samplesAtLast) / Math.Max(_since.Elapsed.TotalSeconds, 0.001);
        var percent = totalLines == 0 ? 100 : 100 * lines / totalLines;
        stderr.WriteLine(string.Format(CultureInfo.InvariantCulture, "  {0:N0} / {1:N0} lines ({2}%)  {3:N0} samples/s", lines, totalLines, percent, rate));
        _samplesAtLast = samples;
        _since.Restart();
    }
}
