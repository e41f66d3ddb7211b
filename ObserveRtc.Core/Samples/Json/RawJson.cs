using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace ObserveRtc.Core.Samples.Json;

/// <summary>
/// Copies the JSON value under a reader as text, as the client wrote it less its whitespace: strings and
/// property names keep their escapes, numbers their digits, objects every field and its order. One pass
/// over the tokens the reader has already validated; nothing is parsed into values or written twice.
/// </summary>
internal static class RawJson
{
    private const int MaxKeptBuffer = 64 * 1024;

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_buffer;

    /// <summary>The value the reader is on, as minified JSON text; the reader ends on the value's last token.</summary>
    public static string Copy(ref Utf8JsonReader reader)
    {
        string? id = null, pc = null;
        return Copy(ref reader, ref id, ref pc);
    }

    /// <summary>
    /// As <see cref="Copy(ref Utf8JsonReader)"/>, also reading an object's top-level <c>id</c> and
    /// <c>peerConnectionId</c> (a string, or a number as its text; the first occurrence counts).
    /// </summary>
    public static string Copy(ref Utf8JsonReader reader, ref string? id, ref string? peerConnectionId)
    {
        var output = t_buffer ??= new ArrayBufferWriter<byte>(4096);
        output.ResetWrittenCount();
        var depth = 0;
        var comma = false; // a value or a closed container was written at this level: the next item needs a comma
        var field = Field.None;
        do
        {
            var token = reader.TokenType;
            if (comma && token is not (JsonTokenType.EndObject or JsonTokenType.EndArray)) Put(output, (byte)',');
            switch (token)
            {
                case JsonTokenType.StartObject:
                    Put(output, (byte)'{');
                    depth++;
                    comma = false;
                    field = Field.None;
                    continue;
                case JsonTokenType.StartArray:
                    Put(output, (byte)'[');
                    depth++;
                    comma = false;
                    field = Field.None;
                    continue;
                case JsonTokenType.EndObject:
                    Put(output, (byte)'}');
                    depth--;
                    break;
                case JsonTokenType.EndArray:
                    Put(output, (byte)']');
                    depth--;
                    break;
                case JsonTokenType.PropertyName:
                    Put(output, (byte)'"');
                    PutValue(output, ref reader);
                    Put(output, "\":"u8);
                    field = depth != 1 ? Field.None
                        : reader.ValueTextEquals("id"u8) ? Field.Id
                        : reader.ValueTextEquals("peerConnectionId"u8) ? Field.PeerConnectionId
                        : Field.None;
                    comma = false;
                    continue;
                case JsonTokenType.String:
                    Put(output, (byte)'"');
                    PutValue(output, ref reader);
                    Put(output, (byte)'"');
                    if (field != Field.None) Capture(field, ref id, ref peerConnectionId, reader.GetString());
                    break;
                case JsonTokenType.Number:
                    PutValue(output, ref reader);
                    if (field != Field.None) Capture(field, ref id, ref peerConnectionId, Encoding.UTF8.GetString(reader.HasValueSequence ? reader.ValueSequence.ToArray() : reader.ValueSpan));
                    break;
                case JsonTokenType.True:
                    Put(output, "true"u8);
                    break;
                case JsonTokenType.False:
                    Put(output, "false"u8);
                    break;
                case JsonTokenType.Null:
                    Put(output, "null"u8);
                    break;
                default:
                    throw new JsonException($"unexpected {token} in a JSON value");
            }
            comma = true;
            field = Field.None;
        }
        while (depth > 0 && reader.Read());
        if (depth != 0) throw new JsonException("the JSON value ends early");
        var text = Encoding.UTF8.GetString(output.WrittenSpan);
        if (output.Capacity > MaxKeptBuffer) t_buffer = null; // a rare huge object does not stay with the thread
        return text;
    }

    private enum Field { None, Id, PeerConnectionId }

    private static void Capture(Field field, ref string? id, ref string? peerConnectionId, string? text)
    {
        if (field == Field.Id) id ??= text;
        else peerConnectionId ??= text;
    }

    private static void PutValue(ArrayBufferWriter<byte> output, ref Utf8JsonReader reader)
    {
        if (!reader.HasValueSequence)
        {
            Put(output, reader.ValueSpan);
            return;
        }
        var length = checked((int)reader.ValueSequence.Length);
        reader.ValueSequence.CopyTo(output.GetSpan(length));
        output.Advance(length);
    }

    private static void Put(ArrayBufferWriter<byte> output, byte b)
    {
        output.GetSpan(1)[0] = b;
        output.Advance(1);
    }

    private static void Put(ArrayBufferWriter<byte> output, ReadOnlySpan<byte> bytes) => output.Write(bytes);
}

/// <summary>
/// A stats or meta object a report carries as text (a <c>CALL_META_DATA</c> payload: certificates, codecs,
/// ICE candidates, media devices and sources, browser, OS, …): kept as the client sent it, less its
/// whitespace, with the ids the reports are keyed by. Nothing the client sent is lost or rewritten, and
/// the object is neither parsed into fields nor written out again.
/// </summary>
[JsonConverter(typeof(RawStatsConverter))]
public sealed class RawStats
{
    /// <summary>The object as JSON text.</summary>
    public required string Json { get; init; }

    /// <summary>Its top-level <c>id</c> (the W3C stats id), if it has one.</summary>
    public string? Id { get; init; }

    /// <summary>Its top-level <c>peerConnectionId</c> (schema 2.x ICE candidates), if it has one.</summary>
    public string? PeerConnectionId { get; init; }

    /// <summary>The object read into its schema type, where a view needs its fields (3.x media sources); set once per sample.</summary>
    internal object? Typed { get; set; }
}

/// <summary>Reads a <see cref="RawStats"/> from a JSON object (anything else is an <c>invalid-value</c>); writes the text back as it is.</summary>
public sealed class RawStatsConverter : JsonConverter<RawStats>
{
    /// <inheritdoc />
    public override RawStats Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartObject) throw new JsonException($"expected an object, got {reader.TokenType}");
        string? id = null, pc = null;
        var json = RawJson.Copy(ref reader, ref id, ref pc);
        return new RawStats { Json = json, Id = id, PeerConnectionId = pc };
    }

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, RawStats value, JsonSerializerOptions options) => writer.WriteRawValue(value.Json, skipInputValidation: true);
}
