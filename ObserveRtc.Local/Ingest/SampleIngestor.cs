using System.Buffers;
using System.Text.Json;
using ObserveRtc.Core.Ingest;
using ObserveRtc.Core.Samples;

namespace ObserveRtc.Local.Ingest;

/// <summary>What one body gave: accepted samples and the rejections (reason and detail).</summary>
internal sealed record IngestOutcome(int Accepted, IReadOnlyList<SampleRejection> Rejected)
{
    /// <summary>Rejections listed in a reply; the count says how many there were in all.</summary>
    public const int MaxListed = 20;

    /// <summary>Nothing in the body was accepted and something was rejected.</summary>
    public bool NothingAccepted => Accepted == 0 && Rejected.Count > 0;

    /// <summary>Every rejection was the observer's fault (a store was unreachable), not the sender's.</summary>
    public bool Unavailable => Rejected.Count > 0 && Rejected.All(r => r.Reason == RejectReasons.Unavailable);

    /// <summary><c>{"accepted": n, "rejectedCount": m, "rejected": [{reason, detail, clientId?, sample?}]}</c>, plus <paramref name="seq"/> on WebSocket replies.</summary>
    public byte[] ToJson(long? seq = null)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var w = new Utf8JsonWriter(buffer, JsonReplies.Options))
        {
            w.WriteStartObject();
            if (seq is { } n) w.WriteNumber("seq", n);
            w.WriteNumber("accepted", Accepted);
            w.WriteNumber("rejectedCount", Rejected.Count);
            w.WriteStartArray("rejected");
            foreach (var r in Rejected.Take(MaxListed)) WriteRejection(w, r.Reason, r.Detail, r.ClientId, r.SampleIndex);
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>A reply for a body refused before decoding (too large, unsupported format).</summary>
    public static byte[] Refusal(string reason, string detail) => Refusal(new SampleRejection(reason, detail, null, null, string.Empty));

    /// <summary>A reply for a body refused before decoding.</summary>
    public static byte[] Refusal(SampleRejection rejection) => new IngestOutcome(0, [rejection]).ToJson();

    private static void WriteRejection(Utf8JsonWriter w, string reason, string detail, string? clientId, string? sample)
    {
        w.WriteStartObject();
        w.WriteString("reason", reason);
        w.WriteString("detail", detail);
        if (clientId is not null) w.WriteString("clientId", clientId);
        if (sample is not null) w.WriteString("sample", sample);
        w.WriteEndObject();
    }
}

/// <summary>
/// Hands one received body to the pipeline (REST and WebSocket alike): service and media unit from
/// the path (<c>"NULL"</c> or empty: the configured defaults), receive time = arrival time, the
/// <c>schemaVersion</c> query parameter as the decoder's hint, and a source id from the body's hash so
/// a body sent twice keeps one set of rejections.
/// </summary>
internal sealed class SampleIngestor(ObserverRuntime runtime, TimeProvider time)
{
    /// <summary>The only <c>format</c> this observer reads.</summary>
    public const string JsonFormat = "json";

    public int MaxBodyBytes => runtime.Settings.Decoder.MaxBodyBytes;

    /// <summary>The reason code of a <c>format</c> other than json.</summary>
    public const string UnsupportedFormat = "unsupported-format";

    /// <summary>Why the query parameters cannot be served (a format other than json, an unreadable schemaVersion), or null.</summary>
    public static SampleRejection? QueryProblem(string? format, string? schemaVersion)
    {
        if (!string.IsNullOrEmpty(format) && !format.Equals(JsonFormat, StringComparison.OrdinalIgnoreCase))
        {
            return Refused(UnsupportedFormat, $"format={Shorten(format)} is not supported: this observer reads JSON only (send format=json or no format)");
        }
        return SampleDecoder.SchemaVersionProblem(schemaVersion) is { } problem ? Refused(RejectReasons.UnknownSchema, problem) : null;
    }

    private static SampleRejection Refused(string reason, string detail) => new(reason, detail, null, null, string.Empty);

    /// <summary>
    /// Ingests one body. Not cancellable on purpose: once a body is read it goes through the whole
    /// pipeline operation, so a client that hangs up cannot leave its samples in the sample reports but
    /// not in the call's state.
    /// </summary>
    public async Task<IngestOutcome> IngestAsync(ReadOnlyMemory<byte> body, string serviceId, string mediaUnitId, string? schemaVersion, string transport)
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var origin = runtime.Settings.IngestDefaults.Origin(serviceId, mediaUnitId, now);
        var sourceId = EventHubsEvents.SourceId(transport, null, body.Span);
        var events = new[] { new IngestEvent(body, new DecodeContext(origin, string.IsNullOrWhiteSpace(schemaVersion) ? null : schemaVersion), sourceId) };
        var result = await runtime.Pipeline.IngestAsync(events, now, CancellationToken.None);
        return new IngestOutcome(result.AcceptedSamples, result.Rejected.ConvertAll(r => r.Rejection));
    }

    private static string Shorten(string text) => text.Length <= 20 ? text : text[..20] + "…";
}
