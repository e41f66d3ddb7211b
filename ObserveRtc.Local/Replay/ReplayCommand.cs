using ObserveRtc.Core.Options;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using ObserveRtc.Core.Ingest;
using ObserveRtc.Core.Samples;

namespace ObserveRtc.Local.Replay;

/// <summary>
/// <c>replay &lt;file.jsonl&gt;</c> (design §7): feeds a recording through the pipeline on a virtual
/// clock (receive time = the line's <c>receivedAt</c>, else its sample's timestamp, never backwards),
/// one batch per line, then runs every remaining timer so every call ends and is reported. Progress on
/// stderr, a summary on stdout. Exit code 0 on success, 2 on bad arguments, 1 on failure, 130 on Ctrl-C.
/// </summary>
internal static class ReplayCommand
{
    /// <summary>Lines without a time held back at the start, waiting for the first line that has one.</summary>
    private const int MaxUntimedLines = 1_000;

    /// <summary>
    /// Longest pause before a line with <c>--speed</c>: a longer one (a time far ahead, a tiny N) is cut to
    /// it, said on stderr, and the pacing goes on from that line.
    /// </summary>
    internal static readonly TimeSpan MaxPause = TimeSpan.FromHours(1);

    public const int Ok = 0;
    public const int Failed = 1;
    public const int BadArguments = 2;
    /// <summary>Stopped by Ctrl-C: the live host's code (128 + SIGINT).</summary>
    public const int Cancelled = LocalHost.Interrupted;

    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        var arguments = ReplayArguments.Parse(args, out var error);
        if (arguments is null)
        {
            if (!string.IsNullOrEmpty(error)) await stderr.WriteLineAsync($"replay: {error}");
            await stderr.WriteLineAsync(ReplayArguments.Usage);
            return string.IsNullOrEmpty(error) ? Ok : BadArguments;
        }

        ObserverSettings settings;
        try
        {
            var configuration = new ConfigurationBuilder()
                .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true)
                .AddEnvironmentVariables()
                .AddCommandLine([.. arguments.ConfigArgs])
                .Build();
            settings = ObserverSettings.Load(configuration, requireStorage: arguments.OutDir is null);
        }
        catch (ObserverSettingsException e)
        {
            await stderr.WriteLineAsync(e.Message);
            return BadArguments;
        }

        var log = new List<string>();
        ObserverRuntime created;
        try
        {
            created = arguments.OutDir is { } dir
                ? ObserverRuntime.ForJsonLines(settings, dir, line => { lock (log) log.Add(line); })
                : ObserverRuntime.ForTables(settings, line => { lock (log) log.Add(line); }, countCosts: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The output files are held by another replay or host, or cannot be created.
            await stderr.WriteLineAsync($"replay: cannot write to {arguments.OutDir}: {e.Message}");
            return Failed;
        }
        using var runtime = created;
        try
        {
            await runtime.EnsureStorageAsync("Start Azurite (./run.sh starts it) or write to files with --out DIR.", cancellationToken);
        }
        catch (StorageUnreachableException e)
        {
            await stderr.WriteLineAsync($"replay: {e.Message}");
            return Failed;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await stderr.WriteLineAsync($"replay: cancelled while waiting for {runtime.Describe()}; nothing was replayed");
            return Cancelled;
        }

        try
        {
            var run = await ReplayAsync(arguments, runtime, stderr, cancellationToken);
            string[] warnings;
            lock (log) warnings = [.. log.Distinct().Take(10)];
            foreach (var w in warnings) await stderr.WriteLineAsync("warning: " + w);
            await stdout.WriteAsync(ReplaySummary.Format(run, runtime));
            return runtime.Pipeline.Counters.DroppedReports > 0 || runtime.Pipeline.Counters.DroppedRejectedSamples > 0 || runtime.Pipeline.LiveEntities > 0 ? Failed : Ok;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await stderr.WriteLineAsync("replay: cancelled");
            return Cancelled;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            await stderr.WriteLineAsync($"replay: {e.Message}");
            return Failed;
        }
    }

    /// <summary>What the replay saw, for the summary.</summary>
    internal sealed record Run(string File, long Bodies, long? FirstMs, long? LastMs, long DrainedToMs, TimeSpan Wall);

    private static async Task<Run> ReplayAsync(ReplayArguments arguments, ObserverRuntime runtime, TextWriter stderr, CancellationToken cancellationToken)
    {
        var pipeline = runtime.Pipeline;
        var name = Path.GetFileName(arguments.File);
        var total = CountLines(arguments.File);
        var progress = new ReplayProgress(stderr, total, pipeline.Counters);
        var wall = Stopwatch.StartNew();
        long lineNumber = 0, clock = 0;
        long? first = null;
        (long Recorded, TimeSpan Wall)? pace = null; // with --speed: the line time and wall time the pauses count from

        // Lines with no time of their own (garbage, a controls-only envelope) before the first line that has
        // one wait for it, so the clock starts on the recording, not on the wall clock (it never goes back).
        var untimed = new List<(ReplayLine Line, long Number)>();
        async Task IngestAsync(ReplayLine line, long number)
        {
            var origin = runtime.Settings.IngestDefaults.Origin(arguments.ServiceId ?? line.ServiceId, line.MediaUnitId, clock);
            await pipeline.IngestAsync([new IngestEvent(line.Body, new DecodeContext(origin), $"replay:{name}:{number}", line.Problem)], clock, cancellationToken);
            progress.Tick(pipeline.Counters.Bodies, force: false);
        }
        async Task FlushUntimedAsync()
        {
            first ??= clock;
            foreach (var (line, number) in untimed) await IngestAsync(line, number);
            untimed.Clear();
        }

        using var reader = new StreamReader(arguments.File, Encoding.UTF8);
        while (await reader.ReadLineAsync(cancellationToken) is { } text)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(text)) continue;
            var line = ReplayLine.Parse(Encoding.UTF8.GetBytes(text));
            var recorded = line.RecordedAtMs;
            if (recorded is null && first is null)
            {
                untimed.Add((line, lineNumber));
                if (untimed.Count < MaxUntimedLines) continue;
                clock = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(); // so many lines without a time: the wall clock
                await FlushUntimedAsync();
                continue;
            }
            clock = Math.Max(clock, recorded ?? clock); // never backwards; a line without a time takes the clock as it is
            await FlushUntimedAsync();
            if (arguments.Speed is { } speed && recorded is { } at)
            {
                pace ??= (at, wall.Elapsed);
                var dueMs = (at - pace.Value.Recorded) / speed - (wall.Elapsed - pace.Value.Wall).TotalMilliseconds;
                if (dueMs > MaxPause.TotalMilliseconds)
                {
                    // Task.Delay takes at most 49.7 days, and no one waits for a gap that long.
                    await stderr.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                        $"replay: line {lineNumber} would wait {dueMs / 86_400_000:N1} days at --speed {speed}; waiting {MaxPause.TotalMinutes:N0} min instead"));
                    await Task.Delay(MaxPause, cancellationToken);
                    pace = (at, wall.Elapsed);
                }
                else if (dueMs > 0)
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(dueMs), cancellationToken);
                }
            }
            await IngestAsync(line, lineNumber);
        }
        if (untimed.Count > 0)
        {
            clock = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            await FlushUntimedAsync();
        }
        progress.Tick(pipeline.Counters.Bodies, force: true);
        var drainedTo = await pipeline.DrainAsync(cancellationToken: cancellationToken);
        return new Run(arguments.File, pipeline.Counters.Bodies, first, first is null ? null : clock, drainedTo, wall.Elapsed);
    }

    private static long CountLines(string file)
    {
        long n = 0;
        foreach (var line in File.ReadLines(file))
        {
            if (!string.IsNullOrWhiteSpace(line)) n++;
        }
        return n;
    }
}
