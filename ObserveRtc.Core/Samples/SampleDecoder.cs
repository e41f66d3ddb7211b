using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using System.Text.Unicode;
using ObserveRtc.Core.Samples.Json;
using S2 = ObserveRtc.Core.Samples.Schema2;
using S3 = ObserveRtc.Core.Samples.Schema3;

namespace ObserveRtc.Core.Samples;

/// <summary>
/// Turns one event body into the samples it holds, or rejections with a reason (design §2). It never
/// throws on input, however hostile: a bad sample is rejected and the rest of the body goes on.
/// Thread-safe; one instance serves every call.
/// </summary>
public sealed class SampleDecoder
{
    private static readonly JsonReaderOptions ReaderOptions = new()
    {
        CommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        MaxDepth = 64,
    };

    private readonly SampleDecoderOptions _options;

    /// <summary>Creates a decoder; the options are validated here.</summary>
    public SampleDecoder(SampleDecoderOptions? options = null) => _options = (options ?? new SampleDecoderOptions()).Validate();

    /// <summary>The options in force.</summary>
    public SampleDecoderOptions Options => _options;

    /// <summary>
    /// Why a declared <c>schemaVersion</c> (query parameter or event property) cannot be read, or null
    /// when it can (or none is declared). The same check <see cref="Decode"/> applies to every body, for
    /// hosts that refuse a connection up front (the local host's WebSocket).
    /// </summary>
    public static string? SchemaVersionProblem(string? schemaVersion) => SchemaHint.Parse(schemaVersion).Error;

    /// <summary>Decodes one event body.</summary>
    public DecodedBody Decode(ReadOnlySpan<byte> body, DecodeContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var result = new DecodedBody();
        try
        {
            DecodeBody(body, context, result);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // A bug of ours, not the sender's; still never thrown out of the decoder.
            result.Rejections.Add(Reject(RejectReasons.InvalidValue, $"the decoder failed on this body: {ex.GetType().Name}: {ex.Message}", null, null, body));
        }
        return result;
    }

    private void DecodeBody(ReadOnlySpan<byte> body, DecodeContext context, DecodedBody result)
    {
        if (body.Length > _options.MaxBodyBytes)
        {
            result.Rejections.Add(Reject(RejectReasons.TooLarge, $"the body is {body.Length:N0} bytes; the limit is {_options.MaxBodyBytes:N0}", null, null, body));
            return;
        }
        if (body.StartsWith("\uFEFF"u8)) body = body[3..];
        if (body.Trim(" \t\r\n"u8).IsEmpty)
        {
            result.Rejections.Add(Reject(RejectReasons.MalformedJson, "the body is empty", null, null, body));
            return;
        }
        if (!Utf8.IsValid(body))
        {
            result.Rejections.Add(Reject(RejectReasons.MalformedJson, "the body is not valid UTF-8", null, null, body));
            return;
        }
        var hint = SchemaHint.Parse(context.SchemaVersionHint);
        if (hint.Error is not null)
        {
            result.Rejections.Add(Reject(RejectReasons.UnknownSchema, hint.Error, null, null, body));
            return;
        }
        // The sender also chooses the service and media unit (an event property, a URL path segment).
        if (SampleChecks.IdLengthError(_options, ("serviceId", context.Origin.ServiceId), ("mediaUnitId", context.Origin.MediaUnitId)) is { } tooLong)
        {
            result.Rejections.Add(Reject(RejectReasons.InvalidValue, tooLong, null, null, body));
            return;
        }

        BodyShape shape;
        try
        {
            shape = ShapeDetector.Detect(body, ReaderOptions, hint.Major);
        }
        catch (JsonException ex)
        {
            result.Rejections.Add(Reject(RejectReasons.MalformedJson, NotJsonDetail(body, ex), null, null, body));
            return;
        }

        var session = new Session(this, context, hint, result);
        switch (shape.Kind)
        {
            case ShapeKind.Envelope:
                session.DecodeEnvelope(body);
                break;
            case ShapeKind.ClientSample2:
            case ShapeKind.ClientSample3:
            case ShapeKind.SfuSample:
            case ShapeKind.TurnSample:
                session.DecodeBare(body, shape.Kind);
                break;
            default:
                // A samples-encoder body sent as a JSON string is still that format: said as for a bare one.
                result.Rejections.Add(body.TrimStart(" \t\r\n"u8) is [(byte)'"', ..] && IsBase64Text(body)
                    ? Reject(RejectReasons.MalformedJson, "a JSON string that looks like base64: " + SamplesEncoderNote, null, null, body)
                    : Reject(RejectReasons.UnknownSchema, shape.Detail ?? "not an ObserveRTC sample", null, null, body));
                break;
        }
    }

    private static string NotJsonDetail(ReadOnlySpan<byte> body, JsonException ex)
    {
        var detail = $"not valid JSON: {ex.Message}";
        return LooksLikeBase64(body)
            ? detail + " The body looks like base64: " + SamplesEncoderNote
            : detail;
    }

    private const string SamplesEncoderNote = "the samples-encoder (protobuf) formats are not read; send the samples as JSON.";

    /// <summary>
    /// A JSON string that is base64 in earnest: it decodes (standard or URL alphabet, padded to whole
    /// quanta) and mixes upper and lower case as encoded bytes do, so a long lower-case word does not get
    /// the note.
    /// </summary>
    private static bool IsBase64Text(ReadOnlySpan<byte> body)
    {
        if (!LooksLikeBase64(body)) return false;
        var text = Encoding.ASCII.GetString(body.Trim(" \t\r\n\""u8)).Replace('-', '+').Replace('_', '/');
        if (!text.Any(char.IsAsciiLetterUpper) || !text.Any(char.IsAsciiLetterLower)) return false;
        var padded = text.Length % 4 == 0 ? text : text + new string('=', 4 - (text.Length % 4));
        return Convert.TryFromBase64String(padded, new byte[padded.Length], out _);
    }

    private static bool LooksLikeBase64(ReadOnlySpan<byte> body)
    {
        var trimmed = body.Trim(" \t\r\n\""u8);
        if (trimmed.Length < 16) return false;
        foreach (var b in trimmed)
        {
            if (!(char.IsAsciiLetterOrDigit((char)b) || b is (byte)'+' or (byte)'/' or (byte)'=' or (byte)'-' or (byte)'_')) return false;
        }
        return true;
    }

    internal SampleRejection Reject(string reason, string detail, string? clientId, string? index, ReadOnlySpan<byte> bytes)
    {
        var prefix = bytes.Length <= _options.RejectedPrefixBytes ? bytes : bytes[.._options.RejectedPrefixBytes];
        return new SampleRejection(reason, detail, clientId, index, Encoding.UTF8.GetString(prefix));
    }

    /// <summary>The state of decoding one body: where accepted samples and rejections go.</summary>
    private sealed class Session(SampleDecoder decoder, DecodeContext context, SchemaHint hint, DecodedBody result)
    {
        private int _samples;

        public void DecodeEnvelope(ReadOnlySpan<byte> body)
        {
            // Nearly every envelope gives each list once and is read in one pass. One that gives a list
            // again is read as the last one, as any field given twice: the body is read again from the
            // start with each list's earlier occurrences skipped, so it reads as if they were not there
            // (their samples and rejections gone, and their elements spent none of the body's limit,
            // also on the lists between them).
            if (!DecodeEnvelope(body, null))
            {
                result.ClientSamples.Clear();
                result.SfuSamples.Clear();
                result.TurnSamples.Clear();
                result.Rejections.Clear();
                _samples = 0;
                DecodeEnvelope(body, LastLists(body));
            }
        }

        /// <summary>The envelope's lists, by <see cref="ListIndex"/>.</summary>
        private const int Lists = 3;

        /// <summary>Which of the envelope's lists <paramref name="name"/> is, or -1.</summary>
        private static int ListIndex(string name) => name switch { "clientSamples" => 0, "sfuSamples" => 1, "turnSamples" => 2, _ => -1 };

        /// <summary>Where each envelope list's last occurrence starts (its name's token; -1: none), up to a syntax error if any.</summary>
        private static long[] LastLists(ReadOnlySpan<byte> body)
        {
            long[] last = [-1, -1, -1];
            var reader = new Utf8JsonReader(body, ReaderOptions);
            try
            {
                reader.Read();
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    if (ListIndex(ShapeDetector.PropertyName(ref reader)) is >= 0 and var list) last[list] = reader.TokenStartIndex;
                    reader.Read();
                    reader.Skip();
                }
            }
            catch (JsonException)
            {
                // The reading pass stops at the same error and says it.
            }
            return last;
        }

        /// <summary>
        /// Reads the envelope; with <paramref name="lastLists"/>, only each list's last occurrence. Without,
        /// returns false as soon as a list is given again (what was read is then to be discarded).
        /// </summary>
        private bool DecodeEnvelope(ReadOnlySpan<byte> body, long[]? lastLists)
        {
            var reader = new Utf8JsonReader(body, ReaderOptions);
            var where = "the envelope";
            string? unknown = null;
            Span<bool> seen = stackalloc bool[Lists];
            try
            {
                reader.Read(); // StartObject, checked by the shape detector
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    var name = ShapeDetector.PropertyName(ref reader);
                    var nameStart = reader.TokenStartIndex;
                    reader.Read();
                    where = name;
                    if (ListIndex(name) is >= 0 and var list)
                    {
                        if (lastLists is null)
                        {
                            if (seen[list]) return false;
                            seen[list] = true;
                        }
                        else if (lastLists[list] >= 0 && lastLists[list] != nameStart)
                        {
                            reader.Skip(); // an earlier occurrence: the last one is read
                            continue;
                        }
                    }
                    switch (name)
                    {
                        case "clientSamples":
                            DecodeList(ref reader, body, "clientSamples", Schema2JsonContext.Default.ClientSample, AcceptClient2);
                            break;
                        case "sfuSamples":
                            DecodeList(ref reader, body, "sfuSamples", Schema2JsonContext.Default.SfuSample, AcceptSfu);
                            break;
                        case "turnSamples":
                            DecodeList(ref reader, body, "turnSamples", Schema2JsonContext.Default.TurnSample, AcceptTurn);
                            break;
                        default:
                            // controls (read by no observer) and unknown fields.
                            if (name != "controls" && reader.TokenType != JsonTokenType.Null) unknown ??= name;
                            reader.Skip();
                            break;
                    }
                }
                where = "the end of the body";
                EnsureEnd(ref reader);
                // An envelope with no samples (empty lists, only controls) says nothing and is not an error:
                // the Java observer takes it too (client-monitor-js sends controls on their own). One that also
                // holds a field no schema knows may carry a sample under a misspelt name: that is said.
                if (_samples == 0 && result.Rejections.Count == 0 && unknown is not null)
                    result.Rejections.Add(decoder.Reject(RejectReasons.InvalidValue,
                        $"the Samples envelope holds no client, SFU or TURN samples, and a field no schema knows (\"{(unknown.Length <= 40 ? unknown : unknown[..40] + "…")}\")", null, null, body));
            }
            catch (JsonException ex)
            {
                // A syntax error: what was read before it stands, the rest of the body is lost.
                result.Rejections.Add(decoder.Reject(RejectReasons.MalformedJson, $"not valid JSON in {where}: {ex.Message}", null, null, body));
            }
            return true;
        }

        private delegate void Accept<T>(T sample, string index, ReadOnlySpan<byte> bytes);

        private void DecodeList<T>(ref Utf8JsonReader reader, ReadOnlySpan<byte> body, string list, JsonTypeInfo<T> typeInfo, Accept<T> accept)
            where T : class
        {
            if (reader.TokenType == JsonTokenType.Null) return;
            if (reader.TokenType != JsonTokenType.StartArray)
            {
                var start = (int)reader.TokenStartIndex;
                reader.Skip();
                result.Rejections.Add(decoder.Reject(RejectReasons.InvalidValue, $"{list} must be an array", null, list, body[start..]));
                return;
            }
            var i = -1;
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                i++;
                if (reader.TokenType == JsonTokenType.Null) continue; // skipped, as null list elements are everywhere
                var index = $"{list}[{i}]";
                var startIndex = (int)reader.TokenStartIndex;
                var saved = reader;
                if (_samples >= decoder._options.MaxSamplesPerBody)
                {
                    // One rejection for the rest of the list, not one per element: a body of a million
                    // tiny elements must not become a million rejected-sample rows.
                    var dropped = 0;
                    do
                    {
                        reader.Skip();
                        dropped++;
                    }
                    while (reader.Read() && reader.TokenType != JsonTokenType.EndArray);
                    result.Rejections.Add(decoder.Reject(RejectReasons.InvalidValue,
                        $"more than {decoder._options.MaxSamplesPerBody} samples in one body: {dropped} dropped", null, $"{list}[{i}..]",
                        Slice(body, startIndex, reader)));
                    return;
                }
                _samples++;
                if (reader.TokenType != JsonTokenType.StartObject)
                {
                    reader.Skip();
                    result.Rejections.Add(decoder.Reject(RejectReasons.InvalidValue, $"{index} is {Describe(saved.TokenType)}, not an object", null, index, Slice(body, startIndex, reader)));
                    continue;
                }
                T? sample;
                try
                {
                    // The element's converter reads it in place (Deserialize(ref reader) would first skip
                    // over the element to scope a reader to it, then read it again).
                    sample = ((JsonConverter<T>)typeInfo.Converter).Read(ref reader, typeof(T), typeInfo.Options);
                }
                catch (Exception ex) when (IsInputError(ex))
                {
                    reader = saved;
                    reader.Skip(); // throws on a syntax error: the envelope loop reports it
                    var element = Slice(body, startIndex, reader);
                    // Read this bad element again the long way only for the message with its JSON path.
                    result.Rejections.Add(decoder.Reject(RejectReasons.InvalidValue, ValueError(ErrorWithPath(element, typeInfo) ?? ex), null, index, element));
                    continue;
                }
                accept(sample!, index, Slice(body, startIndex, reader));
            }
        }

        public void DecodeBare(ReadOnlySpan<byte> body, ShapeKind kind)
        {
            // Deserialize from the span, not from a reader: Deserialize(ref reader) first skips over the
            // whole value to scope a reader to it, then reads it again. The span overload reads once,
            // with the same reader options (the contexts' comments, trailing commas, depth 64), and
            // refuses trailing content as EnsureEnd does.
            try
            {
                switch (kind)
                {
                    case ShapeKind.ClientSample2:
                        AcceptClient2(JsonSerializer.Deserialize(body, Schema2JsonContext.Default.ClientSample)!, null, body);
                        break;
                    case ShapeKind.ClientSample3:
                        AcceptClient3(JsonSerializer.Deserialize(body, Schema3JsonContext.Default.ClientSample)!, body);
                        break;
                    case ShapeKind.SfuSample:
                        AcceptSfu(JsonSerializer.Deserialize(body, Schema2JsonContext.Default.SfuSample)!, null, body);
                        break;
                    default:
                        AcceptTurn(JsonSerializer.Deserialize(body, Schema2JsonContext.Default.TurnSample)!, null, body);
                        break;
                }
            }
            catch (Exception ex) when (IsInputError(ex))
            {
                var reason = IsSyntaxError(body) ? RejectReasons.MalformedJson : RejectReasons.InvalidValue;
                result.Rejections.Add(decoder.Reject(reason, reason == RejectReasons.MalformedJson ? $"not valid JSON: {ex.Message}" : ValueError(ex), null, null, body));
            }
        }

        private void AcceptClient2(S2.ClientSample sample, string? index, ReadOnlySpan<byte> bytes)
        {
            var outcome = Schema2Views.ForClient(sample, context.Origin, hint.VersionFor(2), decoder._options);
            if (outcome.Rejection is { } r) result.Rejections.Add(decoder.Reject(r.Reason, r.Detail, Ids.Normalize(sample.ClientId), index, bytes));
            else result.ClientSamples.Add(new DecodedClientSample(outcome.View!, sample, null));
        }

        private void AcceptClient3(S3.ClientSample sample, ReadOnlySpan<byte> bytes)
        {
            var outcome = Schema3Views.ForClient(sample, context.Origin, hint.VersionFor(3), decoder._options);
            if (outcome.Rejection is { } r) result.Rejections.Add(decoder.Reject(r.Reason, r.Detail, Ids.Normalize(sample.ClientId), null, bytes));
            else result.ClientSamples.Add(new DecodedClientSample(outcome.View!, null, sample));
        }

        private void AcceptSfu(S2.SfuSample sample, string? index, ReadOnlySpan<byte> bytes)
        {
            var outcome = Schema2Views.ForSfu(sample, context.Origin, decoder._options);
            if (outcome.Rejection is { } r) result.Rejections.Add(decoder.Reject(r.Reason, r.Detail, null, index, bytes));
            else result.SfuSamples.Add(new DecodedSfuSample(outcome.View!, sample));
        }

        private void AcceptTurn(S2.TurnSample sample, string? index, ReadOnlySpan<byte> bytes)
        {
            if (Ids.Normalize(sample.ServerId) is null)
                result.Rejections.Add(decoder.Reject(RejectReasons.InvalidValue, "a TURN sample needs a serverId", null, index, bytes));
            else
                result.TurnSamples.Add(sample);
        }
    }

    /// <summary>Throws <see cref="JsonException"/> when anything but whitespace follows the top-level value.</summary>
    private static void EnsureEnd(ref Utf8JsonReader reader)
    {
        if (reader.Read()) throw new JsonException($"unexpected content after the JSON value at byte {reader.TokenStartIndex}");
    }

    private static ReadOnlySpan<byte> Slice(ReadOnlySpan<byte> body, int start, Utf8JsonReader endReader)
    {
        var end = (int)endReader.BytesConsumed;
        return end > start && end <= body.Length ? body[start..end] : body[start..];
    }

    private static bool IsInputError(Exception ex) =>
        ex is JsonException or InvalidOperationException or FormatException or OverflowException or ArgumentException;

    /// <summary>The exception <see cref="JsonSerializer"/> gives for <paramref name="element"/> (it carries the JSON path), or null.</summary>
    private static Exception? ErrorWithPath<T>(ReadOnlySpan<byte> element, JsonTypeInfo<T> typeInfo)
    {
        try
        {
            JsonSerializer.Deserialize(element, typeInfo);
            return null;
        }
        catch (Exception ex) when (IsInputError(ex))
        {
            return ex;
        }
    }

    private static string ValueError(Exception ex) => ex switch
    {
        JsonException { Path: { } path } json => $"invalid value at {path}: {FirstSentence(json.Message)}",
        _ => $"invalid value: {FirstSentence(ex.Message)}",
    };

    /// <summary>A System.Text.Json message without its " Path: …" tail (the path is given separately).</summary>
    internal static string FirstSentence(string message)
    {
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        return cut > 0 ? message[..cut] : message;
    }

    private static bool IsSyntaxError(ReadOnlySpan<byte> body)
    {
        var reader = new Utf8JsonReader(body, ReaderOptions);
        try
        {
            while (reader.Read()) { }
            return false;
        }
        catch (JsonException)
        {
            return true;
        }
    }

    private static string Describe(JsonTokenType token) => token switch
    {
        JsonTokenType.StartArray => "an array",
        JsonTokenType.String => "a string",
        JsonTokenType.Number => "a number",
        JsonTokenType.True or JsonTokenType.False => "a boolean",
        JsonTokenType.Null => "null",
        _ => token.ToString(),
    };
}
