namespace ObserveRtc.Core.Calls;

/// <summary>
/// The room registry (design §3): which call is live in a room, for samples that carry a roomId but
/// no callId. Entries are created with insert-if-absent so concurrent ingest instances agree on one
/// call, and removed by the call's tracker when the call ends (compare-and-delete), so the next
/// sample of the room opens a new call.
/// </summary>
public interface IRoomRegistry
{
    /// <summary>
    /// Returns the room's current call: the registered one, or <paramref name="proposedCallId"/>
    /// after registering it when the room had none. Concurrent callers get the same answer.
    /// </summary>
    ValueTask<RoomCall> GetOrAddAsync(string serviceId, string roomId, string proposedCallId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Removes the room's entry only if it still names <paramref name="callId"/> (a newer call in the
    /// same room is left alone). Returns whether an entry was removed. Idempotent.
    /// </summary>
    ValueTask<bool> RemoveAsync(string serviceId, string roomId, string callId, CancellationToken cancellationToken = default);
}

/// <summary>The answer of <see cref="IRoomRegistry.GetOrAddAsync"/>.</summary>
/// <param name="CallId">The room's current call.</param>
/// <param name="Created">This call registered it (the proposed id won).</param>
public sealed record RoomCall(string CallId, bool Created);
