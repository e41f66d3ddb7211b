using System.Collections.Concurrent;

namespace ObserveRtc.Core.Calls;

/// <summary>A thread-safe in-process <see cref="IRoomRegistry"/> (local host, tests): insert-if-absent and compare-and-delete.</summary>
public sealed class InMemoryRoomRegistry : IRoomRegistry
{
    private readonly ConcurrentDictionary<(string ServiceId, string RoomId), string> _rooms = new();

    /// <inheritdoc />
    public ValueTask<RoomCall> GetOrAddAsync(string serviceId, string roomId, string proposedCallId, CancellationToken cancellationToken = default)
    {
        var key = (serviceId, roomId);
        var created = _rooms.TryAdd(key, proposedCallId);
        return ValueTask.FromResult(new RoomCall(created ? proposedCallId : _rooms.GetOrAdd(key, proposedCallId), created));
    }

    /// <inheritdoc />
    public ValueTask<bool> RemoveAsync(string serviceId, string roomId, string callId, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(_rooms.TryRemove(KeyValuePair.Create((serviceId, roomId), callId)));

    /// <summary>The room's current call, if any.</summary>
    public string? Find(string serviceId, string roomId) => _rooms.TryGetValue((serviceId, roomId), out var callId) ? callId : null;
}
