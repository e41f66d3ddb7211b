namespace ObserveRtc.Local;

/// <summary>Creates the tables at start (<c>TableStorage.EnsureCreatedAsync</c>), failing the start with a clear message when storage is unreachable.</summary>
internal sealed class StorageStartup(ObserverRuntime runtime, ILogger<StorageStartup> log) : IHostedService
{
    /// <summary>What to do when the storage does not answer.</summary>
    public const string Hint = "Start Azurite (./run.sh starts it) or set ObserveRtc:Storage:ConnectionString.";

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await runtime.EnsureStorageAsync(Hint, cancellationToken); // at once when LocalHost.RunAsync created the tables
        log.SinksReady(runtime.Describe(), runtime.DescribeEvents());
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

/// <summary>The host cannot start: its storage does not answer.</summary>
internal sealed class StorageUnreachableException(string message, Exception inner) : Exception(message, inner);
