using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using ObserveRtc.Core.Calls;
using ObserveRtc.Core.Ingest;
using ObserveRtc.Core.Options;
using ObserveRtc.Core.Pipeline;
using ObserveRtc.Core.Samples;

namespace ObserveRtc.Benchmarks;

/// <summary>
/// The one-run report: throughput against the <see cref="JsonDocument.Parse(ReadOnlyMemory{byte}, JsonDocumentOptions)"/>
/// floor on the same bytes (single thread, same process), allocations per sample, call-state sizes,
/// memory per concurrent call, and the Azure cost per call counted by the pipeline. Prints a table and
/// writes the same figures as JSON (BenchmarkDotNet.Artifacts/bench-results.json).
/// Options: <c>--throughput-calls N</c> (400), <c>--rounds N</c> (5), <c>--cost-calls N</c> (2000),
/// <c>--batch N</c> (100), <c>--memory K1,K2,…</c> (1000,2000,4000,8000; <c>none</c> to skip), <c>--out PATH</c>.
/// </summary>
public static class BenchReport
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static async Task<int> RunAsync(string[] args)
    {
        var throughputCalls = Option(args, "--throughput-calls", 400);
        var rounds = Option(args, "--rounds", 5);
        var costCalls = Option(args, "--cost-calls", 2000);
        var batchSize = Option(args, "--batch", 100);
        var memoryArg = OptionText(args, "--memory", "1000,2000,4000,8000");
        var outPath = OptionText(args, "--out", Path.Combine("BenchmarkDotNet.Artifacts", "bench-results.json"));
        var memoryCalls = memoryArg == "none" ? [] : memoryArg.Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();

        var results = new Dictionary<string, object>
        {
            ["machine"] = Machine(),
            ["startedUtc"] = DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
            ["loadAverageAtStart"] = LoadAverage(),
        };
        Console.WriteLine($"ObserveRtc benchmark report — {results["startedUtc"]}, load {results["loadAverageAtStart"]}");
        Console.WriteLine(Machine());
        Console.WriteLine();

        results["throughput"] = await ThroughputAsync(throughputCalls, rounds, batchSize);
        results["cost"] = await CostAsync(costCalls, batchSize);
        if (memoryCalls.Length > 0) results["memory"] = await MemoryAsync(memoryCalls);
        results["loadAverageAtEnd"] = LoadAverage();
        Console.WriteLine($"load at end: {results["loadAverageAtEnd"]}");

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(outPath))!);
        await File.WriteAllTextAsync(outPath, JsonSerializer.Serialize(results, Indented));
        Console.WriteLine($"written: {Path.GetFullPath(outPath)}");
        return 0;
    }

    // ---------------------------------------------------------------- throughput

    private static async Task<Dictionary<string, object>> ThroughputAsync(int calls, int rounds, int batchSize)
    {
        var corpus = new ScaledCorpus(calls);
        var batches = corpus.Batches(batchSize).Select(b => b.ConvertAll(e => e.Event)).ToList();
        var events = batches.SelectMany(b => b).ToList();
        var bytes = events.Sum(e => (long)e.Body.Length);
        Console.WriteLine($"== Throughput: {calls} calls, {events.Count:N0} samples, {bytes / 1e6:N1} MB, batches of {batchSize}, single thread, {rounds} rounds after 1 warm-up (medians)");

        // The entity side in parts, on the observations the ingest stage makes of the same batches.
        var observations = new List<CallObservation>();
        var ingest = NewIngestStage();
        foreach (var batch in batches) observations.AddRange((await ingest.IngestAsync(batch)).Calls);

        var bodies = events.ConvertAll(e => e.Body);
        using var bounds = new ReaderBounds();
        var stages = new (string Name, Func<Task<long>> Run)[]
        {
            ("JsonDocument.Parse (floor)", () => { Floor(events); return Task.FromResult((long)events.Count); }),
            ("decode", () => Task.FromResult(Decode(events))),
            ("ingest (decode+resolve+sample reports)", () => IngestAsync(batches)),
            ("pipeline (ingest+entities+event reports)", () => PipelineAsync(batches)),
            ("  part: signal input JSON round trip", () => Task.FromResult(SignalRoundTrips(observations))),
            ("  part: tracker, state as objects", () => Task.FromResult(Track(observations, stateAsJson: false))),
            ("  part: tracker, state load+save as JSON", () => Task.FromResult(Track(observations, stateAsJson: true))),
            ("  bound: reader token loop only", () => Task.FromResult(ReaderBounds.Tokens(bodies))),
            ("  bound: every value read once", () => Task.FromResult(bounds.Values(bodies))),
            ("  bound: every value read and written once", () => Task.FromResult(bounds.ReadAndWrite(bodies))),
            ("  bound: every value copied as written", () => Task.FromResult(bounds.CopyAsWritten(bodies))),
        };
        var seconds = stages.Select(_ => new List<double>()).ToArray();
        var allocated = stages.Select(_ => new List<double>()).ToArray();
        var counted = new long[stages.Length];
        for (var round = 0; round <= rounds; round++)
        {
            for (var s = 0; s < stages.Length; s++)
            {
                GC.Collect(2, GCCollectionMode.Forced, blocking: true);
                var before = GC.GetAllocatedBytesForCurrentThread();
                var sw = Stopwatch.StartNew();
                counted[s] = await stages[s].Run();
                sw.Stop();
                var after = GC.GetAllocatedBytesForCurrentThread();
                if (round == 0) continue; // warm-up
                seconds[s].Add(sw.Elapsed.TotalSeconds);
                allocated[s].Add((after - before) / (double)events.Count);
            }
        }

        var floorRates = seconds[0].Select(t => events.Count / t).ToList();
        var rows = new List<Dictionary<string, object>>();
        Console.WriteLine($"{"stage",-44} {"samples/s",12} {"MB/s",8} {"× floor",8} {"alloc B/sample",15}");
        for (var s = 0; s < stages.Length; s++)
        {
            var rates = seconds[s].Select(t => events.Count / t).ToList();
            // Ratio per round (same moment, same noise), then the median.
            var ratio = Median(rates.Select((r, i) => r / floorRates[i]).ToList());
            var rate = Median(rates);
            var alloc = Median(allocated[s]);
            Console.WriteLine($"{stages[s].Name,-44} {rate,12:N0} {rate * bytes / events.Count / 1e6,8:N1} {ratio,8:N3} {alloc,15:N0}");
            rows.Add(new Dictionary<string, object>
            {
                ["stage"] = stages[s].Name,
                ["samplesPerSecond"] = Math.Round(rate),
                ["megabytesPerSecond"] = Math.Round(rate * bytes / events.Count / 1e6, 1),
                ["ratioToFloor"] = Math.Round(ratio, 3),
                ["allocatedBytesPerSample"] = Math.Round(alloc),
                ["roundsSeconds"] = seconds[s].Select(x => Math.Round(x, 3)).ToList(),
                ["counted"] = counted[s], // samples (stages, parts), tokens or bytes (bounds): what the run returned, so it cannot be optimized away
            });
        }
        var pipeline = rows.Single(r => (string)r["stage"] == stages[3].Name);
        Console.WriteLine($"goal pipeline ≥ 0.5 × floor: {((double)pipeline["ratioToFloor"] >= 0.5 ? "MET" : "NOT MET")}");
        Console.WriteLine();
        return new Dictionary<string, object>
        {
            ["calls"] = calls,
            ["samples"] = events.Count,
            ["bytes"] = bytes,
            ["batchSize"] = batchSize,
            ["rounds"] = rounds,
            ["stages"] = rows,
        };
    }

    private static void Floor(List<IngestEvent> events)
    {
        foreach (var e in events)
        {
            using var doc = JsonDocument.Parse(e.Body);
        }
    }

    private static long Decode(List<IngestEvent> events)
    {
        var decoder = new SampleDecoder();
        long accepted = 0;
        foreach (var e in events) accepted += decoder.Decode(e.Body.Span, e.Context).ClientSamples.Count;
        return accepted;
    }

    private static async Task<long> IngestAsync(List<List<IngestEvent>> batches)
    {
        var ingest = NewIngestStage();
        long accepted = 0;
        foreach (var batch in batches) accepted += (await ingest.IngestAsync(batch)).AcceptedSamples;
        return accepted;
    }

    /// <summary>The serializer options of the pipeline's entity state and signal input (what the parts measure).</summary>
    private static readonly JsonSerializerOptions EntityJson = ObserverPipeline.EntityJson;

    private static IngestStage NewIngestStage() => new ObserverParts(new ObserverSettings(), new NullReportStore(), null, new InMemoryRoomRegistry()).Ingest;

    private static long SignalRoundTrips(List<CallObservation> observations)
    {
        long samples = 0;
        foreach (var o in observations)
            samples += JsonSerializer.Deserialize<CallObservation>(JsonSerializer.SerializeToUtf8Bytes(o, EntityJson), EntityJson)!.Samples.Count;
        return samples;
    }

    /// <summary>The tracker on every observation in order (no timers, no delivery), its state kept as objects or round-tripped as a Durable entity's is.</summary>
    private static long Track(List<CallObservation> observations, bool stateAsJson)
    {
        var tracker = new CallTracker(new CallTrackerOptions());
        var objects = new Dictionary<string, CallState>(StringComparer.Ordinal);
        var json = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        long samples = 0;
        foreach (var o in observations)
        {
            CallState? state = stateAsJson
                ? json.TryGetValue(o.CallId, out var bytes) ? JsonSerializer.Deserialize<CallState>(bytes, EntityJson) : null
                : objects.GetValueOrDefault(o.CallId);
            var result = tracker.Observe(state, o.CallId, o.Samples, o.Samples[^1].Origin.ReceivedAtMs);
            if (stateAsJson) json[o.CallId] = JsonSerializer.SerializeToUtf8Bytes(result.State, EntityJson);
            else objects[o.CallId] = result.State;
            samples += o.Samples.Count;
        }
        return samples;
    }

    private static async Task<long> PipelineAsync(List<List<IngestEvent>> batches)
    {
        using var h = new Harness(countCost: false);
        foreach (var batch in batches) await h.IngestAsync(batch);
        await h.Pipeline.DrainAsync();
        if (h.Pipeline.LiveEntities != 0) throw new InvalidOperationException("the replay did not end every call");
        return h.Counters.AcceptedSamples;
    }

    // ---------------------------------------------------------------- cost

    private static async Task<Dictionary<string, object>> CostAsync(int calls, int batchSize)
    {
        var corpus = new ScaledCorpus(calls);
        Console.WriteLine($"== Azure cost per call: {calls} calls, batches of {batchSize} events (the Event Hubs trigger's batch), counted by the pipeline's cost counters");
        using var h = new Harness(countCost: true);
        var callOf = new Dictionary<string, int>(StringComparer.Ordinal);
        var mapped = new bool[calls];
        var largestState = new int[calls];
        long pairs = 0, samples = 0, batches = 0;
        var sw = Stopwatch.StartNew();
        foreach (var batch in corpus.Batches(batchSize))
        {
            await h.IngestAsync(batch.ConvertAll(e => e.Event));
            pairs += batch.Select(e => e.Call).Distinct().Count();
            samples += batch.Count;
            batches++;
            if (batches % 5 != 0) continue;
            // Call-state sizes while the calls are live (largest per call over its life).
            var now = h.Pipeline.ClockMs;
            for (var c = 0; c < calls; c++)
            {
                if (mapped[c] || corpus.StartOf(c) > now) continue;
                var room = corpus.TemplateOf(c).RoomOf(c);
                if (room is not null && h.Rooms.Find(batch[0].Event.Context.Origin.ServiceId, room) is { } callId)
                {
                    callOf[callId] = c;
                    mapped[c] = true;
                }
            }
            foreach (var (callId, size) in h.Pipeline.CallStateSizes)
            {
                if (callOf.TryGetValue(callId, out var c)) largestState[c] = Math.Max(largestState[c], size);
            }
        }
        await h.Pipeline.DrainAsync();
        sw.Stop();
        var k = h.Counters;
        var perCall = (double x) => x / calls;
        var sizes = new Dictionary<string, object>();
        foreach (var parties in new[] { 2, 3 })
        {
            var s = Enumerable.Range(0, calls).Where(c => corpus.TemplateOf(c).Parties == parties && largestState[c] > 0).Select(c => (double)largestState[c]).ToList();
            sizes[parties == 2 ? "oneToOne" : "threeParty"] = new Dictionary<string, object>
            {
                ["calls"] = s.Count,
                ["medianBytes"] = s.Count == 0 ? 0 : Median(s),
                ["largestBytes"] = s.Count == 0 ? 0 : s.Max(),
            };
        }
        var rowsPerTx = k.TableTransactions == 0 ? 0 : (double)k.TableRows / k.TableTransactions;
        var egPerPair = (double)k.EventGridRequests / pairs;
        var result = new Dictionary<string, object>
        {
            ["calls"] = calls,
            ["callsSeen"] = k.Calls.Count,
            ["samples"] = samples,
            ["acceptedSamples"] = k.AcceptedSamples,
            ["batches"] = batches,
            ["batchSize"] = batchSize,
            ["callBatchPairs"] = pairs,
            ["observationSignals"] = k.ObservationSignals,
            ["timerSignals"] = k.TimerSignals,
            ["staleTimerSignals"] = k.StaleSignals,
            ["maxSignalsPerCallPerBatch"] = k.MaxSignalsPerEntityPerBatch,
            ["signalInputBytes"] = k.SignalInputBytes,
            ["largestSignalInputBytes"] = k.LargestSignalInputBytes,
            ["largeSignalInputs"] = k.LargeSignalInputs,
            ["tableTransactions"] = k.TableTransactions,
            ["tableRows"] = k.TableRows,
            ["tableRowsPerTransaction"] = Math.Round(rowsPerTx, 2),
            ["tableTransactionsByTable"] = k.TableTransactionsByTable,
            ["tableRowsByTable"] = k.TableRowsByTable,
            ["eventGridRequests"] = k.EventGridRequests,
            ["eventGridEvents"] = k.EventGridEvents,
            ["eventGridRequestsPerCallBatch"] = Math.Round(egPerPair, 3),
            ["reportsByType"] = k.ReportsByType,
            ["callStateBytes"] = sizes,
            ["largestEntityStateBytes"] = k.LargestStateBytes,
            ["seconds"] = Math.Round(sw.Elapsed.TotalSeconds, 1),
        };

        Console.WriteLine($"{"",-40} {"total",12} {"per call",10}");
        void Line(string name, double total) => Console.WriteLine($"{name,-40} {total,12:N0} {perCall(total),10:N2}");
        Line("samples", samples);
        Line("ingest batches with the call (call×batch)", pairs);
        Line("entity signals: observation", k.ObservationSignals);
        Line("entity signals: timer", k.TimerSignals);
        Line("observation signal input bytes", k.SignalInputBytes);
        Console.WriteLine($"observation signal input: mean {(double)k.SignalInputBytes / Math.Max(1, k.ObservationSignals):N0} B, largest {k.LargestSignalInputBytes:N0} B, {k.LargeSignalInputs:N0} over the Azure Storage backend's 45 KiB queue limit");
        Line("Table transactions", k.TableTransactions);
        foreach (var (table, n) in k.TableTransactionsByTable) Line($"  of which {table}", n);
        Line("Table rows", k.TableRows);
        foreach (var (table, n) in k.TableRowsByTable) Line($"  of which {table} ({(double)n / k.TableTransactionsByTable[table]:N1} rows/transaction)", n);
        Line("Event Grid requests", k.EventGridRequests);
        Line("Event Grid events", k.EventGridEvents);
        Console.WriteLine($"max observation signals per call per batch: {k.MaxSignalsPerEntityPerBatch} (goal ≤ 1: {(k.MaxSignalsPerEntityPerBatch <= 1 ? "MET" : "NOT MET")})");
        Console.WriteLine($"Table rows per transaction: {rowsPerTx:N2} (goal ≥ 20: {(rowsPerTx >= 20 ? "MET" : "NOT MET")})");
        Console.WriteLine($"Event Grid requests per call per batch: {egPerPair:N3} (goal ≤ 1: {(egPerPair <= 1 ? "MET" : "NOT MET")})");
        foreach (var (name, value) in sizes)
        {
            var d = (Dictionary<string, object>)value;
            Console.WriteLine($"call state ({name}, largest over each call's life): median {d["medianBytes"]:N0} B, largest {d["largestBytes"]:N0} B over {d["calls"]} calls");
        }
        var three = (double)((Dictionary<string, object>)sizes["threeParty"])["largestBytes"];
        Console.WriteLine($"goal 3-party call state ≤ 4 KB (4096 B): {(three <= 4096 ? "MET" : "NOT MET")}");
        Console.WriteLine($"({sw.Elapsed.TotalSeconds:N1} s)");
        Console.WriteLine();
        return result;
    }

    // ---------------------------------------------------------------- memory

    private static async Task<Dictionary<string, object>> MemoryAsync(int[] callCounts)
    {
        Console.WriteLine("== Memory: K concurrent calls replayed in a fresh process each; 'idle' = after every call's last sample, all calls live and waiting for their timeouts");
        var points = new List<MemoryPoint>();
        foreach (var k in callCounts)
        {
            var point = await RunChildAsync(k);
            points.Add(point);
        }
        Console.WriteLine($"{"calls",7} {"samples",9} {"live",6} {"heap base MB",13} {"heap idle MB",13} {"WS base MB",11} {"WS idle MB",11} {"WS peak MB",11} {"heap/call KB",13} {"peakWS/call KB",15}");
        foreach (var p in points)
        {
            Console.WriteLine($"{p.Calls,7} {p.Samples,9:N0} {p.LiveEntitiesAtIdle,6} {p.BaselineHeapBytes / 1e6,13:N1} {p.IdleHeapBytes / 1e6,13:N1} {p.BaselineWorkingSetBytes / 1e6,11:N1} {p.IdleWorkingSetBytes / 1e6,11:N1} {p.PeakWorkingSetBytes / 1e6,11:N1} {(p.IdleHeapBytes - p.BaselineHeapBytes) / 1024.0 / p.Calls,13:N2} {(p.PeakWorkingSetBytes - p.BaselineWorkingSetBytes) / 1024.0 / p.Calls,15:N2}");
        }
        var heapSlope = Slope(points.Select(p => ((double)p.Calls, (double)(p.IdleHeapBytes - p.BaselineHeapBytes))).ToList());
        var idleWsSlope = Slope(points.Select(p => ((double)p.Calls, (double)(p.IdleWorkingSetBytes - p.BaselineWorkingSetBytes))).ToList());
        var peakSlope = Slope(points.Select(p => ((double)p.Calls, (double)(p.PeakWorkingSetBytes - p.BaselineWorkingSetBytes))).ToList());
        Console.WriteLine($"linear fit (bytes per call beyond the baseline): heap at idle {heapSlope.Slope / 1024:N2} KB/call (R² {heapSlope.R2:N3}), working set at idle {idleWsSlope.Slope / 1024:N2} KB/call (R² {idleWsSlope.R2:N3}), peak working set {peakSlope.Slope / 1024:N2} KB/call (R² {peakSlope.R2:N3})");
        // The working set at idle is not a per-call figure: the GC keeps freed segments committed after
        // the replay's garbage. The retained heap is what each idle call holds; the peak working set is
        // what the host must be sized for. Both are judged.
        Console.WriteLine($"goal ≤ 10 KB per idle-waiting call: retained heap {(heapSlope.Slope <= 10 * 1024 ? "MET" : "NOT MET")}, peak working set {(peakSlope.Slope <= 10 * 1024 ? "MET" : "NOT MET")}");
        Console.WriteLine();
        return new Dictionary<string, object>
        {
            ["points"] = points,
            ["heapBytesPerIdleCall"] = Math.Round(heapSlope.Slope),
            ["heapFitR2"] = Math.Round(heapSlope.R2, 4),
            ["workingSetBytesPerIdleCall"] = Math.Round(idleWsSlope.Slope),
            ["workingSetFitR2"] = Math.Round(idleWsSlope.R2, 4),
            ["peakWorkingSetBytesPerCall"] = Math.Round(peakSlope.Slope),
            ["peakWorkingSetFitR2"] = Math.Round(peakSlope.R2, 4),
        };
    }

    private static async Task<MemoryPoint> RunChildAsync(int calls)
    {
        var self = Environment.ProcessPath!;
        var start = new ProcessStartInfo(self) { RedirectStandardOutput = true, UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(self) == "dotnet") start.ArgumentList.Add(typeof(Program).Assembly.Location);
        start.ArgumentList.Add("memory");
        start.ArgumentList.Add(calls.ToString(CultureInfo.InvariantCulture));
        using var child = Process.Start(start)!;
        var output = await child.StandardOutput.ReadToEndAsync();
        await child.WaitForExitAsync();
        if (child.ExitCode != 0) throw new InvalidOperationException($"memory {calls} failed ({child.ExitCode}): {output}");
        var last = output.Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1];
        return JsonSerializer.Deserialize<MemoryPoint>(last)!;
    }

    // ---------------------------------------------------------------- helpers

    private static (double Slope, double R2) Slope(List<(double X, double Y)> points)
    {
        if (points.Count < 2) return (points.Count == 1 ? points[0].Y / points[0].X : 0, 1);
        var mx = points.Average(p => p.X);
        var my = points.Average(p => p.Y);
        var sxy = points.Sum(p => (p.X - mx) * (p.Y - my));
        var sxx = points.Sum(p => (p.X - mx) * (p.X - mx));
        var syy = points.Sum(p => (p.Y - my) * (p.Y - my));
        var slope = sxy / sxx;
        return (slope, syy == 0 ? 1 : sxy * sxy / (sxx * syy));
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        var n = sorted.Count;
        return n == 0 ? 0 : n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static int Option(string[] args, string name, int fallback) =>
        int.Parse(OptionText(args, name, fallback.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);

    private static string OptionText(string[] args, string name, string fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
    }

    private static string LoadAverage()
    {
        try
        {
            return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (IOException)
        {
            return "n/a";
        }
    }

    private static string Machine()
    {
        string model = "n/a";
        long memKb = 0;
        try
        {
            model = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? model;
            var mem = File.ReadLines("/proc/meminfo").FirstOrDefault(l => l.StartsWith("MemTotal", StringComparison.Ordinal));
            if (mem is not null) memKb = long.Parse(mem.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
        }
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"{Environment.ProcessorCount} cores, {model}, {memKb / 1024.0 / 1024.0:N1} GiB RAM, {RuntimeInformation.FrameworkDescription}, {RuntimeInformation.OSDescription}");
        sb.Append(CultureInfo.InvariantCulture, $", GC {(System.Runtime.GCSettings.IsServerGC ? "server" : "workstation")}");
        return sb.ToString();
    }
}
