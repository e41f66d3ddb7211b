using Azure.Data.Tables;

namespace ObserveRtc.Core.Storage;

/// <summary>One entity to write, with the index of the item (report, rejected sample) it came from.</summary>
/// <param name="Table">The table.</param>
/// <param name="Entity">The row.</param>
/// <param name="ItemIndex">The index of the item (report, rejection) it stores.</param>
/// <param name="Merge">Upsert-merge (keep the columns this write does not set) instead of upsert-replace.</param>
internal sealed record PendingEntity(string Table, TableEntity Entity, int ItemIndex, bool Merge = false);

/// <summary>A group of entities that can go into one entity group transaction.</summary>
internal sealed record TransactionChunk(string Table, string PartitionKey, IReadOnlyList<PendingEntity> Entities);

/// <summary>
/// Splits writes into valid entity group transactions: one table and one PartitionKey per
/// transaction, at most <see cref="EntityLimits.MaxActionsPerTransaction"/> actions, a body under
/// <see cref="EntityLimits.MaxTransactionBytes"/>, and each entity at most once (a later write of
/// the same key replaces an earlier one, as an upsert would).
/// </summary>
internal static class TransactionChunker
{
    public static IReadOnlyList<TransactionChunk> Chunk(
        IEnumerable<PendingEntity> entities,
        int maxActions = EntityLimits.MaxActionsPerTransaction,
        long maxBytes = EntityLimits.MaxTransactionBytes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxActions, 1);
        var chunks = new List<TransactionChunk>();
        var groups = entities
            .GroupBy(e => (e.Table, e.Entity.PartitionKey))
            .OrderBy(g => g.Key.Table, StringComparer.Ordinal)
            .ThenBy(g => g.Key.PartitionKey, StringComparer.Ordinal);
        foreach (var group in groups)
        {
            // Last write of a RowKey wins; the order of first appearance is kept.
            var byRowKey = new Dictionary<string, PendingEntity>(StringComparer.Ordinal);
            var order = new List<string>();
            foreach (var entity in group)
            {
                if (!byRowKey.ContainsKey(entity.Entity.RowKey)) order.Add(entity.Entity.RowKey);
                byRowKey[entity.Entity.RowKey] = entity;
            }

            var current = new List<PendingEntity>();
            long currentBytes = 0;
            foreach (var rowKey in order)
            {
                var entity = byRowKey[rowKey];
                var bytes = EntityLimits.EstimateWireSize(entity.Entity);
                if (current.Count > 0 && (current.Count >= maxActions || currentBytes + bytes >= maxBytes)) // strictly under the limit
                {
                    chunks.Add(new TransactionChunk(group.Key.Table, group.Key.PartitionKey, current));
                    current = [];
                    currentBytes = 0;
                }
                current.Add(entity);
                currentBytes += bytes;
            }
            if (current.Count > 0) chunks.Add(new TransactionChunk(group.Key.Table, group.Key.PartitionKey, current));
        }
        return chunks;
    }
}
