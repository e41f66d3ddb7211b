using Azure;
using Azure.Data.Tables;

namespace ObserveRtc.Core.Storage;

/// <summary>
/// Writes entities with <c>UpsertReplace</c> (<c>UpsertMerge</c> where <see cref="PendingEntity.Merge"/> says so) in entity group transactions (see <see cref="TransactionChunker"/>)
/// and turns every failure into a per-item <see cref="WriteFailure{T}"/>: an item fails when any of its
/// entities fails. Only cancellation of <c>cancellationToken</c> throws.
/// </summary>
internal static class TableBatchWriter
{
    public static async Task<WriteResult<T>> WriteAsync<T>(
        TableStorage storage,
        IReadOnlyList<T> items,
        IReadOnlyList<PendingEntity> entities,
        IReadOnlyDictionary<int, string> refused,
        CancellationToken cancellationToken)
    {
        var failures = new Dictionary<int, WriteFailure<T>>();
        foreach (var (index, error) in refused) failures[index] = new WriteFailure<T>(items[index], error, Retryable: false);

        var chunks = TransactionChunker.Chunk(entities.Where(e => !refused.ContainsKey(e.ItemIndex)));
        if (chunks.Count > 0)
        {
            try
            {
                await storage.EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                var retryable = IsRetryable(e);
                foreach (var chunk in chunks) Fail(failures, items, chunk, Describe(e), retryable);
                return Result(items, failures);
            }

            var parallel = new ParallelOptions { MaxDegreeOfParallelism = storage.Options.MaxParallelTransactions, CancellationToken = cancellationToken };
            await Parallel.ForEachAsync(chunks, parallel, async (chunk, ct) =>
            {
                var failed = await SubmitAsync(storage, chunk, ct).ConfigureAwait(false);
                lock (failures)
                {
                    foreach (var (entity, message, retryable) in failed)
                    {
                        // A refused entity fails its item for good, whatever else happens to the item.
                        if (failures.TryGetValue(entity.ItemIndex, out var existing) && !existing.Retryable) continue;
                        failures[entity.ItemIndex] = new WriteFailure<T>(items[entity.ItemIndex], message, retryable);
                    }
                }
            }).ConfigureAwait(false);
        }
        return Result(items, failures);
    }

    private static WriteResult<T> Result<T>(IReadOnlyList<T> items, Dictionary<int, WriteFailure<T>> failures) =>
        new(items.Count - failures.Count, failures.OrderBy(f => f.Key).Select(f => f.Value).ToList());

    private static void Fail<T>(Dictionary<int, WriteFailure<T>> failures, IReadOnlyList<T> items, TransactionChunk chunk, string error, bool retryable)
    {
        foreach (var entity in chunk.Entities) failures.TryAdd(entity.ItemIndex, new WriteFailure<T>(items[entity.ItemIndex], error, retryable));
    }

    /// <summary>
    /// Submits one chunk. When the service refuses one action for good (a 4xx naming the action), the
    /// transaction was rolled back: that entity fails and the rest are submitted again without it.
    /// </summary>
    private static async Task<List<(PendingEntity Entity, string Message, bool Retryable)>> SubmitAsync(TableStorage storage, TransactionChunk chunk, CancellationToken cancellationToken)
    {
        var failed = new List<(PendingEntity, string, bool)>();
        var pending = chunk.Entities.ToList();
        var recreated = false;
        while (pending.Count > 0)
        {
            try
            {
                var actions = pending.Select(e => new TableTransactionAction(e.Merge ? TableTransactionActionType.UpsertMerge : TableTransactionActionType.UpsertReplace, e.Entity));
                await storage.Table(chunk.Table).SubmitTransactionAsync(actions, cancellationToken).ConfigureAwait(false);
                break;
            }
            catch (RequestFailedException e) when (!recreated && TableStorage.IsTableNotFound(e))
            {
                // The table went away (deleted, or an in-memory emulator restarted): create it again, once.
                recreated = true;
                storage.InvalidateCreated();
                try
                {
                    await storage.EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (Exception inner) when (!cancellationToken.IsCancellationRequested)
                {
                    failed.AddRange(pending.Select(p => (p, Describe(inner), IsRetryable(inner))));
                    break;
                }
            }
            catch (TableTransactionFailedException e) when (!cancellationToken.IsCancellationRequested && !IsRetryable(e)
                && e.FailedTransactionActionIndex is int index && index >= 0 && index < pending.Count)
            {
                failed.Add((pending[index], Describe(e), false));
                pending.RemoveAt(index);
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                failed.AddRange(pending.Select(p => (p, Describe(e), IsRetryable(e))));
                break;
            }
        }
        return failed;
    }

    /// <summary>
    /// Whether a retry later can succeed: transport errors, timeouts, throttling, server errors and
    /// refused access (401, 403: a key or role assignment is fixed without touching the data) are
    /// transient; other 4xx answers (invalid input, too large) refuse the data itself.
    /// </summary>
    internal static bool IsRetryable(Exception e) => e switch
    {
        RequestFailedException { Status: 0 or 401 or 403 or 404 or 408 or 409 or 412 or 429 or >= 500 } => true,
        RequestFailedException => false,
        EntityLimitException or ArgumentException => false,
        _ => true,
    };

    internal static string Describe(Exception e) => WriteErrors.Describe(e);
}
