namespace ObserveRtc.Local;

/// <summary>Creates the tables at start (<c>TableStorage.EnsureCreatedAsync</c>), failing the start with a clear message when storage is unreachable.</summary>
internal sealed class StorageStartup(ObserverRuntime runtime, ILogger<StorageStartup> log) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (runtime.Tables is not { } tables) return;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        try
        {
            await tables.EnsureCreatedAsync(timeout.Token);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new StorageUnreachableException(
                $"Table Storage at {ObserverRuntime.StorageEndpoint(runtime.Settings.Storage)} is not reachable ({e.Message}). " +
                "Start Azurite (./run.sh starts it) or set ObserveRtc:Storage:ConnectionString.", e);
        }
        log.SinksReady(runtime.Describe(),
            runtime.Settings.Publishing is { } p ? $" and Event Grid at {p.Endpoint}" : string.Empty);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

/// <summary>The host cannot start: its storage does not answer.</summary>
internal sealed class StorageUnreachableException(string message, Exception inner) : Exception(message, inner);
