using Azure;
using Azure.Data.Tables;
using ObserveRtc.Core.Calls;

namespace ObserveRtc.Core.Storage;

/// <summary>
/// <see cref="IRoomRegistry"/> on Azure Table Storage: one row per room (PK = service,
/// RK = room, column <c>CallId</c>). Registration is insert-if-absent (<c>AddEntity</c>; a 409 means
/// another writer won, whose row is then read), removal is a delete conditioned on the ETag of a
/// row that was just read and still names the call, so a newer call's row is never removed.
/// Transient failures surface as exceptions after the SDK's retries; the caller retries.
/// </summary>
public sealed class TableRoomRegistry : IRoomRegistry
{
    private const int MaxAttempts = 8;
    private readonly TableStorage _storage;

    /// <summary>Creates the registry on <paramref name="storage"/>.</summary>
    public TableRoomRegistry(TableStorage storage) => _storage = storage;

    /// <inheritdoc />
    public async ValueTask<RoomCall> GetOrAddAsync(string serviceId, string roomId, string proposedCallId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(proposedCallId);
        await _storage.EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        var table = _storage.Table(_storage.RoomsTable);
        var (pk, rk) = Keys(serviceId, roomId);
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var existing = await table.GetEntityIfExistsAsync<TableEntity>(pk, rk, cancellationToken: cancellationToken).ConfigureAwait(false);
            if (existing.HasValue && existing.Value!.GetString("CallId") is { Length: > 0 } current)
            {
                return new RoomCall(current, Created: false);
            }
            var entity = new TableEntity(pk, rk)
            {
                ["ServiceId"] = serviceId,
                ["RoomId"] = roomId,
                ["CallId"] = proposedCallId,
            };
            try
            {
                await table.AddEntityAsync(entity, cancellationToken).ConfigureAwait(false);
                return new RoomCall(proposedCallId, Created: true);
            }
            catch (RequestFailedException e) when (e.Status == 409)
            {
                // Another writer registered the room first: read its call (loop), unless it was removed meanwhile.
            }
        }
        throw new InvalidOperationException($"Room '{roomId}' of service '{serviceId}' kept changing; gave up after {MaxAttempts} attempts.");
    }

    /// <inheritdoc />
    public async ValueTask<bool> RemoveAsync(string serviceId, string roomId, string callId, CancellationToken cancellationToken = default)
    {
        await _storage.EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        var table = _storage.Table(_storage.RoomsTable);
        var (pk, rk) = Keys(serviceId, roomId);
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var existing = await table.GetEntityIfExistsAsync<TableEntity>(pk, rk, cancellationToken: cancellationToken).ConfigureAwait(false);
            if (!existing.HasValue || !string.Equals(existing.Value!.GetString("CallId"), callId, StringComparison.Ordinal))
            {
                return false;
            }
            try
            {
                await table.DeleteEntityAsync(pk, rk, existing.Value.ETag, cancellationToken).ConfigureAwait(false);
                return true;
            }
            catch (RequestFailedException e) when (e.Status is 404 or 412)
            {
                // Removed or replaced since the read: read again.
            }
        }
        return false;
    }

    private static (string PartitionKey, string RowKey) Keys(string serviceId, string roomId) =>
        (TableKeys.Escape(serviceId, TableKeys.MaxKeyChars), TableKeys.Escape(roomId, TableKeys.MaxKeyChars));
}
