using System.Diagnostics;
using System.Text.Json;

namespace ObserveRtc.Benchmarks;

/// <summary>What one memory run measured (one process per number of calls, so peaks do not carry over).</summary>
public sealed record MemoryPoint(
    int Calls, long Samples, int LiveEntitiesAtIdle,
    long BaselineHeapBytes, long BaselineWorkingSetBytes,
    long IdleHeapBytes, long IdleWorkingSetBytes, long PeakWorkingSetBytes, double Seconds);

/// <summary>
/// Replays <c>K</c> concurrent calls through the pipeline (no I/O) and measures memory: the baseline
/// after a warm-up, then, once every call has sent its last sample and waits for its idle timeouts
/// (all calls live and idle), the managed heap after a full GC and the working set, and the process's
/// peak working set over the whole replay.
/// </summary>
public static class MemoryProbe
{
    public static async Task<int> RunAsync(int calls)
    {
        var corpus = new ScaledCorpus(calls);
        // Warm-up: JIT, caches, the templates; then let go of it.
        using (var warm = new Harness(countCost: false))
        {
            foreach (var batch in new ScaledCorpus(8).Batches(100)) await warm.IngestAsync(batch.ConvertAll(e => e.Event));
            await warm.Pipeline.DrainAsync();
        }
        var (baselineHeap, baselineWs) = Settle();

        var sw = Stopwatch.StartNew();
        long samples = 0;
        using var h = new Harness(countCost: false);
        foreach (var batch in corpus.Batches(100))
        {
            await h.IngestAsync(batch.ConvertAll(e => e.Event));
            samples += batch.Count;
        }
        sw.Stop();
        var live = h.Pipeline.LiveEntities;
        var (idleHeap, idleWs) = Settle();
        using var self = Process.GetCurrentProcess();
        self.Refresh();
        GC.KeepAlive(h);
        var point = new MemoryPoint(calls, samples, live, baselineHeap, baselineWs, idleHeap, idleWs, self.PeakWorkingSet64, sw.Elapsed.TotalSeconds);
        Console.WriteLine(JsonSerializer.Serialize(point));
        return 0;
    }

    private static (long Heap, long WorkingSet) Settle()
    {
        for (var i = 0; i < 2; i++)
        {
            GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
        }
        return (GC.GetTotalMemory(forceFullCollection: true), Environment.WorkingSet);
    }
}
