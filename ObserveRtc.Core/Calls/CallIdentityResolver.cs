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
    /// <summary>How many rooms are looked up in the registry at once (each lookup is a storage round trip).</summary>
    public const int MaxConcurrentLookups = 8;

    /// <summary>
    /// The calls of a batch, aligned with <paramref name="samples"/>. One registry lookup per room, up
    /// to <see cref="MaxConcurrentLookups"/> at once; the proposed id of a room uses the earliest
    /// timestamp among the batch's samples of that room. A room whose lookup fails (after the
    /// registry's own retries) gives its samples that error and no call; the other rooms' samples are
    /// not affected. Never throws for a registry failure; cancellation ends it.
    /// </summary>
    public async ValueTask<IReadOnlyList<CallResolution>> ResolveAllAsync(IReadOnlyList<ClientSampleView> samples, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(samples);
        var result = new CallResolution[samples.Count];
        var rooms = new Dictionary<(string ServiceId, string RoomId), long>();
        for (var i = 0; i < samples.Count; i++)
        {
            var sample = samples[i];
            if (sample.CallId is { Length: > 0 } callId) result[i] = new CallResolution(callId, null);
            else if (sample.RoomId is { Length: > 0 } roomId)
            {
                var key = (sample.Origin.ServiceId, roomId);
                rooms[key] = rooms.TryGetValue(key, out var earliest) ? Math.Min(earliest, sample.TimestampMs) : sample.TimestampMs;
            }
        }
        if (rooms.Count == 0) return result;

        var calls = new Dictionary<(string ServiceId, string RoomId), CallResolution>(rooms.Count);
        using (var gate = new SemaphoreSlim(MaxConcurrentLookups))
        {
            var lookups = new List<Task>(rooms.Count);
            foreach (var (room, firstTs) in rooms) lookups.Add(LookUpAsync(room, firstTs));
            await Task.WhenAll(lookups);

            async Task LookUpAsync((string ServiceId, string RoomId) room, long firstTs)
            {
                await gate.WaitAsync(cancellationToken);
                CallResolution outcome;
                try
                {
                    var call = await registry.GetOrAddAsync(room.ServiceId, room.RoomId, DeriveCallId(room.ServiceId, room.RoomId, firstTs), cancellationToken);
                    outcome = new CallResolution(call.CallId, null);
                }
                // A cancellation that is not the caller's (the SDK's or HttpClient's timeout after its
                // retries surfaces as TaskCanceledException) is that room's failure like any other.
                catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
                {
                    outcome = new CallResolution(null, ex);
                }
                finally
                {
                    gate.Release();
                }
                lock (calls) calls[room] = outcome;
            }
        }
        for (var i = 0; i < samples.Count; i++)
        {
            if (result[i].CallId is null && samples[i].RoomId is { Length: > 0 } roomId)
                result[i] = calls[(samples[i].Origin.ServiceId, roomId)];
        }
        return result;
    }

    /// <summary>The callId a room's new call gets: a name-based UUID (SHA-256) of (serviceId, roomId, first sample timestamp).</summary>
    public static string DeriveCallId(string serviceId, string roomId, long firstSampleTimestampMs) =>
        ReportIds.Uuid("observertc-call", serviceId, roomId, CallEventBuilder.Invariant(firstSampleTimestampMs));
}

/// <summary>The call of one sample, or why it has none.</summary>
/// <param name="CallId">The sample's call; null when the sample has neither a callId nor a roomId, or its room's lookup failed.</param>
/// <param name="RegistryError">The room registry's failure for the sample's room, if that is why it has no call.</param>
public readonly record struct CallResolution(string? CallId, Exception? RegistryError);
