namespace ObserveRtc.Local;

/// <summary>Creates the tables at start (<c>TableStorage.EnsureCreatedAsync</c>), failing the start with a clear message when storage is unreachable.</summary>
internal sealed class StorageStartup(ObserverRuntime runtime, ILogger<StorageStartup> log) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await runtime.EnsureStorageAsync("Start Azurite (./run.sh starts it) or set ObserveRtc:Storage:ConnectionString.", cancellationToken);
        log.SinksReady(runtime.Describe(), runtime.DescribeEvents());
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

/// <summary>The host cannot start: its storage does not answer.</summary>
internal sealed class StorageUnreachableException(string message, Exception inner) : Exception(message, inner);
