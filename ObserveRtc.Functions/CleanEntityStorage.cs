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
/// Storage backend (it does not delete them itself) and releases orphaned locks. Page by page, for at
/// most <see cref="Budget"/>: one call scanning a large task hub to the end could outlast the
/// function timeout (host.json, 10 minutes), and the host would be recycled under the ingest.
/// </summary>
public sealed class CleanEntityStorage(TimeProvider time, ILogger<CleanEntityStorage> logger)
{
    /// <summary>How long one run may clean; what is left waits for the next hour.</summary>
    public static readonly TimeSpan Budget = TimeSpan.FromMinutes(5);

    [Function(nameof(CleanEntityStorage))]
    public async Task Run([TimerTrigger("0 0 * * * *")] TimerInfo timer, [DurableClient] DurableTaskClient client, CancellationToken cancellationToken)
    {
        try
        {
            var request = new CleanEntityStorageRequest { RemoveEmptyEntities = true, ReleaseOrphanedLocks = true };
            var stopAt = time.GetUtcNow() + Budget;
            int removed = 0, released = 0;
            do
            {
                var page = await client.Entities.CleanEntityStorageAsync(request, continueUntilComplete: false, cancellation: cancellationToken);
                removed += page.EmptyEntitiesRemoved;
                released += page.OrphanedLocksReleased;
                request = request with { ContinuationToken = page.ContinuationToken };
            }
            while (request.ContinuationToken is not null && time.GetUtcNow() < stopAt);
            Log.EntityStorageCleaned(logger, removed, released, request.ContinuationToken is null);
        }
        // Only the host's shutdown cancels the run: a storage timeout arrives as TaskCanceledException too.
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            Log.EntityStorageCleanupFailed(logger, e);
        }
    }
}
