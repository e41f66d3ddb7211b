using System.Globalization;
using System.Text;
using ObserveRtc.Core.Ingest;
using ObserveRtc.Local.Publishing;
using ObserveRtc.Local.Storage;

namespace ObserveRtc.Local.Replay;

/// <summary>The replay's summary, for a person to read at a glance.</summary>
internal static class ReplaySummary
{
    public static string Format(ReplayCommand.Run run, ObserverRuntime runtime)
    {
        var c = runtime.Pipeline.Counters;
        var rejected = c.RejectedByReason.Values.Sum();
        var seconds = Math.Max(run.Wall.TotalSeconds, 0.001);
        var s = new StringBuilder();
        void Line(string label, string value) => s.Append(CultureInfo.InvariantCulture, $"  {label,-15} {value}\n");
        void Counts(string label, IEnumerable<KeyValuePair<string, long>> counts)
        {
            var first = true;
            foreach (var (key, n) in counts)
            {
                Line(first ? label : string.Empty, string.Create(CultureInfo.InvariantCulture, $"{n,9:N0}  {key}"));
                first = false;
            }
            if (first) Line(label, "        0");
        }

        s.Append(CultureInfo.InvariantCulture, $"Replayed {Path.GetFileName(run.File)} in {run.Wall.TotalSeconds:0.0} s\n");
        Line("lines", string.Create(CultureInfo.InvariantCulture, $"{run.Bodies:N0}  ({run.Bodies / seconds:N0} lines/s)"));
        Line("samples", string.Create(CultureInfo.InvariantCulture, $"{c.AcceptedSamples:N0} accepted, {rejected:N0} rejected  ({(c.AcceptedSamples + rejected) / seconds:N0} samples/s)"));
        if (rejected > 0) Counts("  rejected", c.RejectedByReason);
        Line("calls", c.Calls.Count.ToString("N0", CultureInfo.InvariantCulture));
        Line("clients", c.Clients.Count.ToString("N0", CultureInfo.InvariantCulture));
        if (run.FirstMs is { } from && run.LastMs is { } to)
        {
            Line("recording", $"{Time(from)} → {Time(to)} ({Duration(to - from)}), timers drained to {Time(run.DrainedToMs)}");
        }
        Counts("events", c.EventsByName.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal));
        Counts("reports", c.ReportsByType.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal));
        Line("entity signals", string.Create(CultureInfo.InvariantCulture,
            $"{c.ObservationSignals:N0} observations; input {(double)c.SignalInputBytes / Math.Max(1, c.ObservationSignals):N0} B on average, {c.LargestSignalInputBytes:N0} B at most, {c.LargeSignalInputs:N0} over 45 KiB"));
        Line("timer signals", string.Create(CultureInfo.InvariantCulture, $"{c.TimerSignals:N0} ({c.StaleSignals:N0} stale)"));
        var calls = Math.Max(1, c.Calls.Count);
        Line("azure cost", string.Create(CultureInfo.InvariantCulture,
            $"{c.MaxSignalsPerEntityPerBatch} signal(s) per call per batch at most; Tables {c.TableTransactions:N0} transactions, {c.TableRows:N0} rows ({(c.TableTransactions == 0 ? 0 : (double)c.TableRows / c.TableTransactions):N1} rows/transaction); Event Grid {c.EventGridRequests:N0} requests, {c.EventGridEvents:N0} events"));
        Line(string.Empty, string.Create(CultureInfo.InvariantCulture,
            $"per call: {(double)(c.ObservationSignals + c.TimerSignals) / calls:N1} entity signals, {(double)c.TableTransactions / calls:N1} Table transactions, {(double)c.EventGridRequests / calls:N1} Event Grid requests"));
        Line("state", string.Create(CultureInfo.InvariantCulture, $"largest entity state {c.LargestStateBytes:N0} bytes; {runtime.Pipeline.LiveEntities} entities left"));
        if (c.DroppedReports > 0 || c.DeliveryRetries > 0 || c.DroppedRejectedSamples > 0)
            Line("delivery", string.Create(CultureInfo.InvariantCulture, $"{c.DeliveryRetries:N0} retries, {c.DroppedReports:N0} reports DROPPED, {c.DroppedRejectedSamples:N0} rejected samples DROPPED"));
        if (runtime.Reports is JsonLinesReportStore reports && runtime.Rejected is JsonLinesRejectedSampleStore rejections)
        {
            Line("output", string.Create(CultureInfo.InvariantCulture, $"{reports.Path} ({reports.Lines:N0} lines)"));
            Line(string.Empty, string.Create(CultureInfo.InvariantCulture, $"{rejections.Path} ({rejections.Lines:N0} lines)"));
        }
        else
        {
            Line("output", runtime.Describe());
        }
        if (runtime.Publisher is JsonLinesEventPublisher { Path: { } eventsPath } events)
            Line(string.Empty, string.Create(CultureInfo.InvariantCulture, $"{eventsPath} ({events.Lines:N0} lines)"));
        else if (runtime.Settings.Publishing?.Endpoint is { } endpoint)
            Line(string.Empty, $"Event Grid at {endpoint}");
        return s.ToString();
    }

    /// <summary>A time as a date, within what a date can tell (1970 to 9999-12-31: timers can run past a line's time).</summary>
    private static string Time(long ms) =>
        DateTimeOffset.FromUnixTimeMilliseconds(Math.Clamp(ms, 0, ReplayLine.MaxEpochMs)).ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static string Duration(long ms)
    {
        var t = TimeSpan.FromMilliseconds(Math.Clamp(ms, 0, ReplayLine.MaxEpochMs));
        return t.TotalHours >= 1 ? $"{(int)t.TotalHours} h {t.Minutes} min" : t.TotalMinutes >= 1 ? $"{t.Minutes} min {t.Seconds} s" : $"{t.TotalSeconds:0.0} s";
    }
}
