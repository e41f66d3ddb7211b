using System;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Client.Entities;
using Microsoft.Extensions.Logging;

namespace ObserveRtc.Functions;

/// <summary>
/// Hourly: removes the empty records that deleted call and SFU entities leave behind on the Azure
/// Storage backend (it does not delete them itself) and releases orphaned locks.
/// </summary>
public sealed class CleanEntityStorage(ILogger<CleanEntityStorage> logger)
{
    [Function(nameof(CleanEntityStorage))]
    public async Task Run([TimerTrigger("0 0 * * * *")] TimerInfo timer, [DurableClient] DurableTaskClient client, CancellationToken cancellationToken)
    {
        try
        {
            var request = new CleanEntityStorageRequest { RemoveEmptyEntities = true, ReleaseOrphanedLocks = true };
            var result = await client.Entities.CleanEntityStorageAsync(request, cancellation: cancellationToken);
            Log.EntityStorageCleaned(logger, result.EmptyEntitiesRemoved, result.OrphanedLocksReleased);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Log.EntityStorageCleanupFailed(logger, e);
        }
    }
}
