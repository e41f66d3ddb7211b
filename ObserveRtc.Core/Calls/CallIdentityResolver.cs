using ObserveRtc.Core.Samples;
using ObserveRtc.Core.Reports;

namespace ObserveRtc.Core.Calls;

/// <summary>
/// Decides which call a sample belongs to (design §3), for the ingest stage: the sample's callId when
/// it has one; else the room's current call from the <see cref="IRoomRegistry"/>, proposing a callId
/// derived from (serviceId, roomId, first sample timestamp) so a replay gives the same ids.
/// </summary>
public sealed class CallIdentityResolver(IRoomRegistry registry)
{
    /// <summary>The call of one sample; null when it has neither callId nor roomId (reject it as <c>missing-call-identity</c>).</summary>
    public async ValueTask<string?> ResolveAsync(ClientSampleView sample, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sample);
        var resolved = await ResolveAllAsync([sample], cancellationToken);
        return resolved[0];
    }

    /// <summary>
    /// The calls of a batch, aligned with <paramref name="samples"/>. One registry call per room; the
    /// proposed id of a room uses the earliest timestamp among the batch's samples of that room.
    /// </summary>
    public async ValueTask<IReadOnlyList<string?>> ResolveAllAsync(IReadOnlyList<ClientSampleView> samples, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(samples);
        var result = new string?[samples.Count];
        var rooms = new Dictionary<(string ServiceId, string RoomId), long>();
        for (var i = 0; i < samples.Count; i++)
        {
            var sample = samples[i];
            if (sample.CallId is { Length: > 0 } callId) result[i] = callId;
            else if (sample.RoomId is { Length: > 0 } roomId)
            {
                var key = (sample.Origin.ServiceId, roomId);
                rooms[key] = rooms.TryGetValue(key, out var earliest) ? Math.Min(earliest, sample.TimestampMs) : sample.TimestampMs;
            }
        }
        var calls = new Dictionary<(string ServiceId, string RoomId), string>();
        foreach (var ((serviceId, roomId), firstTs) in rooms)
        {
            var room = await registry.GetOrAddAsync(serviceId, roomId, DeriveCallId(serviceId, roomId, firstTs), cancellationToken);
            calls[(serviceId, roomId)] = room.CallId;
        }
        for (var i = 0; i < samples.Count; i++)
        {
            if (result[i] is null && samples[i].RoomId is { Length: > 0 } roomId)
                result[i] = calls[(samples[i].Origin.ServiceId, roomId)];
        }
        return result;
    }

    /// <summary>The callId a room's new call gets: a name-based UUID (SHA-256) of (serviceId, roomId, first sample timestamp).</summary>
    public static string DeriveCallId(string serviceId, string roomId, long firstSampleTimestampMs) =>
        ReportIds.Uuid("observertc-call", serviceId, roomId, CallEventBuilder.Invariant(firstSampleTimestampMs));
}
