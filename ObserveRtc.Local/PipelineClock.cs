namespace ObserveRtc.Local;

/// <summary>
/// The pipeline's timers on the wall clock: once a second it moves the pipeline to now, so idle
/// clients leave, empty calls end and failed deliveries are retried. On shutdown it runs every
/// remaining timer (within the host's shutdown timeout), so the calls still live end and are
/// reported instead of being lost with the in-memory state, tries once more to deliver the sample
/// reports and rejected samples waiting for a store, and logs what is lost.
/// </summary>
internal sealed class PipelineClock(ObserverRuntime runtime, TimeProvider time, ILogger<PipelineClock> log) : BackgroundService
{
    public static readonly TimeSpan Period = TimeSpan.FromSeconds(1);

    /// <summary>Longest the shutdown drain may take on the wall clock (a sink that is down must not hold the process).</summary>
    public static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(15);

    /// <summary>
    /// How far the shutdown drain may move the pipeline clock: every idle timeout and the ended-state
    /// retention fit in it many times, so calls end; delivery retries beyond it are given up.
    /// </summary>
    public static readonly TimeSpan DrainHorizon = TimeSpan.FromHours(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Period, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    // Not cancelled midway: a timer taken from the queue is always run.
                    await runtime.Pipeline.AdvanceAsync(time.GetUtcNow().ToUnixTimeMilliseconds(), CancellationToken.None);
                }
                catch (Exception e) // not cancellable (above): a TaskCanceledException here is a storage timeout
                {
                    log.AdvanceFailed(e, Period);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        // One bound for the running tick (a delivery to a sink that is down can take long) and the drain.
        using var bound = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bound.CancelAfter(DrainTimeout);
        await base.StopAsync(bound.Token);
        var pipeline = runtime.Pipeline;
        var live = pipeline.LiveEntities;
        if (live > 0) log.Draining(live);
        try
        {
            if (live > 0)
            {
                await pipeline.DrainAsync(time.GetUtcNow().Add(DrainHorizon).ToUnixTimeMilliseconds(), bound.Token);
                if (pipeline.LiveEntities > 0) log.DrainTimedOut(pipeline.LiveEntities);
            }
            // What waits for a store (no entity holds it, and a drain without timers tries nothing): one more try.
            if (pipeline.PendingSampleReports > 0 || pipeline.PendingRejectedSamples > 0)
                await pipeline.AdvanceAsync(time.GetUtcNow().ToUnixTimeMilliseconds(), bound.Token);
        }
        catch (OperationCanceledException)
        {
            if (pipeline.LiveEntities > 0) log.DrainTimedOut(pipeline.LiveEntities);
        }
        if (pipeline.PendingSampleReports > 0 || pipeline.PendingRejectedSamples > 0)
            log.UndeliveredLost(pipeline.PendingSampleReports, pipeline.PendingRejectedSamples);
    }
}
