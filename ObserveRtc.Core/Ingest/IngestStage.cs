using ObserveRtc.Core.Calls;
using ObserveRtc.Core.Reports;
using ObserveRtc.Core.Samples;
using ObserveRtc.Core.Storage;

namespace ObserveRtc.Core.Ingest;

/// <summary>One event body to ingest and what is known about it.</summary>
/// <param name="Body">The body (UTF-8 JSON).</param>
/// <param name="Context">Service, media unit, receive time and schema hint.</param>
/// <param name="SourceId">The same on every delivery of this body (Event Hubs <c>{partition}:{sequenceNumber}</c>, a replay's line number): rejections are keyed by it.</param>
/// <param name="Problem">Why the host refuses the body before it is decoded (a replay line whose <c>receivedAt</c> is no time): it is rejected as <see cref="RejectReasons.InvalidValue"/> with this detail.</param>
public sealed record IngestEvent(ReadOnlyMemory<byte> Body, DecodeContext Context, string SourceId, string? Problem = null);

/// <summary>
/// What one call gets from one ingested batch: one entity signal, whatever the number of samples
/// (design §1). Compact: schema-neutral views, no stats, sent in the form of
/// <see cref="CallObservationJsonConverter"/> with any serializer options (the Functions worker's too).
/// </summary>
[System.Text.Json.Serialization.JsonConverter(typeof(CallObservationJsonConverter))]
public sealed class CallObservation
{
    /// <summary>The call.</summary>
    public required string CallId { get; init; }
    /// <summary>The call's samples in this batch, in arrival order.</summary>
    public required List<ClientSampleView> Samples { get; init; }
}

/// <summary>What one SFU gets from one ingested batch, sent in the form of <see cref="SfuObservationJsonConverter"/>.</summary>
[System.Text.Json.Serialization.JsonConverter(typeof(SfuObservationJsonConverter))]
public sealed class SfuObservation
{
    /// <summary>The SFU.</summary>
    public required string SfuId { get; init; }
    /// <summary>Its samples in this batch, in arrival order.</summary>
    public required List<SfuSampleView> Samples { get; init; }
}

/// <summary>The outcome of ingesting a batch: what to write, what to signal, what was rejected.</summary>
public sealed class IngestResult
{
    /// <summary>Sample reports, to the report sinks.</summary>
    public List<Report> SampleReports { get; } = [];
    /// <summary>Rejected samples, to the rejected-sample store.</summary>
    public List<RejectedSample> Rejected { get; } = [];
    /// <summary>One observation per call in the batch.</summary>
    public List<CallObservation> Calls { get; } = [];
    /// <summary>One observation per SFU in the batch.</summary>
    public List<SfuObservation> Sfus { get; } = [];
    /// <summary>Accepted client and SFU samples.</summary>
    public int AcceptedSamples { get; set; }
    /// <summary>TURN samples read and set aside (no observer processes them).</summary>
    public int TurnSamples { get; set; }
}

/// <summary>
/// The ingest stage (design §1), the same in the Functions app and the local host: decode and
/// validate every event, resolve each client sample's call, build the sample reports, keep the
/// rejections, and group what the trackers need into one observation per call and per SFU. It never
/// throws for bad input; only the room registry's I/O can fail, and then the samples of a room it could not look up
/// are kept as <see cref="RejectReasons.Unavailable"/> rejections (their bodies can be replayed).
/// </summary>
public sealed class IngestStage(SampleDecoder decoder, CallIdentityResolver resolver)
{
    /// <summary>Ingests a batch of events.</summary>
    public async Task<IngestResult> IngestAsync(IReadOnlyList<IngestEvent> events, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(events);
        var result = new IngestResult();
        var clients = new List<(DecodedClientSample Sample, IngestEvent Source)>();
        var sfus = new Dictionary<string, SfuObservation>(StringComparer.Ordinal);

        foreach (var e in events)
        {
            if (e.Problem is { } problem)
            {
                result.Rejected.Add(Rejected(e, decoder.Reject(RejectReasons.InvalidValue, problem, null, null, e.Body.Span)));
                continue;
            }
            var decoded = decoder.Decode(e.Body.Span, e.Context);
            foreach (var r in decoded.Rejections) result.Rejected.Add(Rejected(e, r));
            foreach (var c in decoded.ClientSamples) clients.Add((c, e));
            foreach (var s in decoded.SfuSamples)
            {
                result.SampleReports.AddRange(SampleReportBuilder.ForSfu(s));
                if (!sfus.TryGetValue(s.View.SfuId, out var observation))
                    sfus[s.View.SfuId] = observation = new SfuObservation { SfuId = s.View.SfuId, Samples = [] };
                observation.Samples.Add(s.View);
                result.AcceptedSamples++;
            }
            result.TurnSamples += decoded.TurnSamples.Count;
        }
        result.Sfus.AddRange(sfus.Values);
        if (clients.Count == 0) return result;

        // Registry failures come back per room: only the samples of a room that could not be looked up
        // are kept as rejections (their whole body, once, so it can be replayed); the rest go on.
        var resolutions = await resolver.ResolveAllAsync(clients.ConvertAll(c => c.Sample.View), cancellationToken);
        var calls = new Dictionary<string, CallObservation>(StringComparer.Ordinal);
        HashSet<IngestEvent>? kept = null;
        for (var i = 0; i < clients.Count; i++)
        {
            var (sample, source) = clients[i];
            if (resolutions[i] is not { CallId: { } callId })
            {
                // The decoder guarantees a callId or a roomId, so no call means the room's lookup failed.
                if ((kept ??= new HashSet<IngestEvent>(ReferenceEqualityComparer.Instance)).Add(source))
                    result.Rejected.Add(Rejected(source, new SampleRejection(RejectReasons.Unavailable,
                        $"the room registry could not be reached to find room {sample.View.RoomId}'s call: {resolutions[i].RegistryError?.Message}",
                        sample.View.ClientId, null, System.Text.Encoding.UTF8.GetString(source.Body.Span))));
                continue;
            }
            result.SampleReports.AddRange(SampleReportBuilder.ForClient(sample, callId));
            if (!calls.TryGetValue(callId, out var observation))
                calls[callId] = observation = new CallObservation { CallId = callId, Samples = [] };
            observation.Samples.Add(sample.View);
            result.AcceptedSamples++;
        }
        result.Calls.AddRange(calls.Values);
        return result;
    }

    private static RejectedSample Rejected(IngestEvent e, SampleRejection rejection) =>
        new(e.Context.Origin.ServiceId, e.Context.Origin.MediaUnitId, e.Context.Origin.ReceivedAtMs, e.SourceId, rejection);
}
