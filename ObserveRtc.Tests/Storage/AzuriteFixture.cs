using Azure.Data.Tables;
using ObserveRtc.Core.Storage;

namespace ObserveRtc.Tests.Storage;

/// <summary>One Azurite for the tests of the <see cref="AzuriteGroup"/>; each test takes its own table prefix.</summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    internal AzuriteProcess Azurite { get; } = new();

    public Task InitializeAsync() => Azurite.StartAsync();

    public Task DisposeAsync() => Azurite.DisposeAsync().AsTask();

    internal TableStorage NewStorage(Action<TableClientOptions>? configure = null, int maxParallel = 4, string? prefix = null) =>
        NewStorage(Azurite, configure, maxParallel, prefix);

    internal static TableStorage NewStorage(AzuriteProcess azurite, Action<TableClientOptions>? configure = null, int maxParallel = 4, string? prefix = null)
    {
        var options = new TableStorageOptions
        {
            ConnectionString = azurite.ConnectionString,
            TablePrefix = prefix ?? "T" + Guid.NewGuid().ToString("N")[..12],
            MaxRetries = 1,
            RetryDelay = TimeSpan.FromMilliseconds(20),
            MaxRetryDelay = TimeSpan.FromMilliseconds(100),
            NetworkTimeout = TimeSpan.FromSeconds(10),
            MaxParallelTransactions = maxParallel,
        };
        return new TableStorage(options, TableStorage.CreateClient(options, credential: null, configure));
    }

    internal TableClient Table(string name) =>
        new TableServiceClient(Azurite.ConnectionString).GetTableClient(name);
}

[CollectionDefinition(Name)]
public sealed class AzuriteGroup : ICollectionFixture<AzuriteFixture>
{
    public const string Name = "Azurite";
}
