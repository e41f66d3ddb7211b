namespace ObserveRtc.Local;

/// <summary>
/// The pipeline's timers on the wall clock: once a second it moves the pipeline to now, so idle
/// clients leave, empty calls end and failed deliveries are retried. On shutdown it runs every
/// remaining timer (within the host's shutdown timeout), so the calls still live end and are
/// reported instead of being lost with the in-memory state.
/// </summary>
internal sealed class PipelineClock(ObserverRuntime runtime, TimeProvider time, ILogger<PipelineClock> log) : BackgroundService
{
    public static readonly TimeSpan Period = TimeSpan.FromSeconds(1);

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
                catch (Exception e) when (e is not OperationCanceledException)
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
        await base.StopAsync(cancellationToken);
        var live = runtime.Pipeline.LiveEntities;
        if (live == 0) return;
        log.Draining(live);
        try
        {
            await runtime.Pipeline.DrainAsync(cancellationToken: cancellationToken);
        }
        catch (OperationCanceledException)
        {
            log.DrainTimedOut(runtime.Pipeline.LiveEntities);
        }
    }
}
