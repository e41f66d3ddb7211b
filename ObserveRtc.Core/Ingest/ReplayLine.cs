using System.Text.Json;

namespace ObserveRtc.Core.Ingest;

/// <summary>
/// One line of a replay file (design §7): a bare event body, or
/// <c>{"receivedAt": epochMs, "serviceId"?, "mediaUnitId"?, "sample": &lt;event body&gt;}</c> with any
/// other fields ignored. A <c>receivedAt</c> that is no time in epoch milliseconds (a string, 0, or past
/// 9999-12-31, e.g. microseconds) makes the line a bad one (<see cref="Problem"/>).
/// </summary>
/// <param name="ReceivedAtMs">The recorded receive time, if the line has one.</param>
/// <param name="ServiceId">The recorded service id, if any.</param>
/// <param name="MediaUnitId">The recorded media unit id, if any.</param>
/// <param name="Body">The event body: the <c>sample</c> value, or the whole line.</param>
public sealed record ReplayLine(long? ReceivedAtMs, string? ServiceId, string? MediaUnitId, ReadOnlyMemory<byte> Body)
{
    /// <summary>The last millisecond a <see cref="DateTimeOffset"/> holds (9999-12-31T23:59:59.999Z): a later time cannot be told as a date.</summary>
    public const long MaxEpochMs = 253_402_300_799_999;

    /// <summary>Why the line cannot be replayed (its <c>receivedAt</c> is no time), or null. Such a line has no time and its <see cref="Body"/> is the whole line.</summary>
    public string? Problem { get; init; }

    /// <summary>The line's time (design §7): <see cref="ReceivedAtMs"/>, else the body's own timestamp (see <see cref="BodyTimestamp"/>); null when it has neither, or a <see cref="Problem"/>.</summary>
    public long? RecordedAtMs => Problem is null ? ReceivedAtMs ?? BodyTimestamp(Body.Span) : null;

    /// <summary>The timestamp of a bare body: its own <c>timestamp</c>, or that of its first client or SFU sample; null past <see cref="MaxEpochMs"/> (the decoder then judges it against the receive time).</summary>
    public static long? BodyTimestamp(ReadOnlySpan<byte> body)
    {
        try
        {
            var reader = new Utf8JsonReader(body, new JsonReaderOptions { MaxDepth = 64, CommentHandling = JsonCommentHandling.Skip });
            using var document = JsonDocument.ParseValue(ref reader);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object) return null;
            if (Timestamp(root) is { } own) return own;
            foreach (var list in new[] { "clientSamples", "sfuSamples" })
            {
                if (root.TryGetProperty(list, out var samples) && samples.ValueKind == JsonValueKind.Array && samples.GetArrayLength() > 0
                    && Timestamp(samples[0]) is { } t)
                {
                    return t;
                }
            }
        }
        catch (JsonException)
        {
        }
        return null;

        static long? Timestamp(JsonElement e) =>
            e.ValueKind == JsonValueKind.Object && e.TryGetProperty("timestamp", out var t) && t.ValueKind == JsonValueKind.Number
                && t.TryGetDouble(out var ms) && ms is > 0 and <= MaxEpochMs ? (long)ms : null;
    }

    /// <summary>
    /// Reads a line. Never fails: a line that is not a wrapper (not JSON, or without a <c>sample</c>
    /// object) is taken as a bare body, and the decoder says what is wrong with it.
    /// </summary>
    public static ReplayLine Parse(ReadOnlyMemory<byte> line)
    {
        try
        {
            var reader = new Utf8JsonReader(line.Span, new JsonReaderOptions { MaxDepth = 64, CommentHandling = JsonCommentHandling.Skip });
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return new ReplayLine(null, null, null, line);
            long? receivedAt = null;
            string? serviceId = null, mediaUnitId = null, problem = null;
            ReadOnlyMemory<byte>? sample = null;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("sample"u8))
                {
                    reader.Read();
                    var start = (int)reader.TokenStartIndex;
                    var isObject = reader.TokenType == JsonTokenType.StartObject;
                    reader.Skip();
                    if (isObject) sample = line[start..(int)reader.BytesConsumed];
                }
                else if (reader.ValueTextEquals("receivedAt"u8))
                {
                    reader.Read();
                    var start = (int)reader.TokenStartIndex;
                    (receivedAt, problem) = (null, null);
                    if (reader.TokenType == JsonTokenType.Number && reader.TryGetDouble(out var ms) && ms is >= 1 and <= MaxEpochMs)
                        receivedAt = (long)ms;
                    reader.Skip();
                    if (receivedAt is null && reader.TokenType != JsonTokenType.Null)
                    {
                        var text = System.Text.Encoding.UTF8.GetString(line.Span[start..(int)reader.BytesConsumed]);
                        problem = $"receivedAt {(text.Length > 40 ? text[..40] + "…" : text)} is not epoch milliseconds from 1970 to 9999-12-31";
                    }
                }
                else if (reader.ValueTextEquals("serviceId"u8))
                {
                    reader.Read();
                    serviceId = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                }
                else if (reader.ValueTextEquals("mediaUnitId"u8))
                {
                    reader.Read();
                    mediaUnitId = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }
            if (sample is not { } body) return new ReplayLine(null, null, null, line);
            return problem is null
                ? new ReplayLine(receivedAt, serviceId, mediaUnitId, body)
                : new ReplayLine(null, serviceId, mediaUnitId, line) { Problem = problem };
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            return new ReplayLine(null, null, null, line);
        }
    }
}
