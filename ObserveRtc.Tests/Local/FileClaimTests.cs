using ObserveRtc.Local.Replay;
using ObserveRtc.Local.Storage;

namespace ObserveRtc.Tests.Local;

/// <summary>Output files claimed through lock files: one holder at a time, and a replay that loses the race truncates nothing.</summary>
public class FileClaimTests
{
    // README: "When another observer holds any of the three files ... the replay stops with exit 1 before
    // truncating any of them." A second observer claims events.jsonl at the moment the replay starts
    // (was: the replay let its probe claims go before the stores claimed again, and lost reports.jsonl).
    [Fact]
    public async Task Replay_EventsClaimedByAnotherObserverDuringStart_DoesNotTruncateReports()
    {
        var truncatedAndFailed = 0;
        var raced = 0;
        for (var attempt = 0; attempt < 20 && truncatedAndFailed == 0; attempt++)
        {
            var dir = Path.Combine(Path.GetTempPath(), "rev-g-race-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(dir);
            var reports = Path.Combine(dir, "reports.jsonl");
            var events = Path.Combine(dir, "events.jsonl");
            await File.WriteAllTextAsync(reports, "{\"kept\":true}\n");
            FileClaim? other = null;
            using var stop = new CancellationTokenSource();
            var watcher = Task.Run(() =>
            {
                // The other observer starts at the moment the replay does.
                while (!File.Exists(reports + ".lock") && !stop.IsCancellationRequested) { }
                while (!stop.IsCancellationRequested)
                {
                    try { other = FileClaim.Take(events); return; }
                    catch (IOException) { }
                }
            });
            var exit = await ReplayCommand.RunAsync([Recording.PathOf("p2p-1to1.schema2.jsonl"), "--out", dir], new StringWriter(), new StringWriter(), CancellationToken.None);
            stop.Cancel();
            await watcher;
            other?.Dispose();
            var kept = await File.ReadAllTextAsync(reports) == "{\"kept\":true}\n";
            if (exit == 1) raced++;
            if (exit == 1 && !kept) truncatedAndFailed++;
            Directory.Delete(dir, recursive: true);
        }
        Assert.True(truncatedAndFailed == 0, $"{truncatedAndFailed} replay(s) exited 1 after truncating reports.jsonl (raced {raced})");
    }

    // Mutual exclusion under churn (the lock file is deleted when let go), and a held lock is always reported as
    // held (was: a holder letting go between the failed lock and a File.Exists check gave a plain IOException).
    [Fact]
    public void FileClaim_UnderChurn_NeverTwoHolders()
    {
        var dir = Path.Combine(Path.GetTempPath(), "rev-g-churn-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        var path = Path.Combine(dir, "events.jsonl");
        int holders = 0, max = 0, taken = 0, other = 0; var kinds = new System.Collections.Concurrent.ConcurrentDictionary<string, int>();
        var deadline = DateTime.UtcNow.AddSeconds(2);
        var threads = Enumerable.Range(0, 4).Select(_ => new Thread(() =>
        {
            while (DateTime.UtcNow < deadline)
            {
                FileClaim c;
                try { c = FileClaim.Take(path); }
                catch (FileHeldException) { continue; }
                catch (Exception e) { Interlocked.Increment(ref other); kinds.AddOrUpdate(e.GetType().Name + ": " + e.Message, 1, (_, n) => n + 1); continue; }
                var h = Interlocked.Increment(ref holders);
                int m; while ((m = max) < h && Interlocked.CompareExchange(ref max, h, m) != m) { }
                Interlocked.Increment(ref taken);
                Thread.SpinWait(50);
                Interlocked.Decrement(ref holders);
                c.Dispose();
            }
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());
        Directory.Delete(dir, true);
        Assert.True(max == 1 && other == 0, $"max concurrent holders {max}, taken {taken}, non-held failures {other}: {string.Join("; ", kinds.Select(k => k.Key + " x" + k.Value))}");
    }
}
