using System.Buffers;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace ObserveRtc.Core.Samples.Json;

// Real clients are loose with JSON types: schema 2.2.0 declares ints where 2.2.5+ declares doubles,
// JavaScript writes 1.0 as 1, schema 3.x makes 2.2's string payloadType a number, and some apps send
// numbers as strings. These converters read every such form, and reject the rest with a JsonException
// whose message says what was expected (the decoder turns it into an `invalid-value` rejection).

/// <summary>Reads a 64-bit integer from a JSON number (fractions truncated) or a numeric string.</summary>
public sealed class LenientInt64Converter : JsonConverter<long>
{
    /// <inheritdoc />
    public override long Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => Lenient.ReadInt64(ref reader);

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, long value, JsonSerializerOptions options) => writer.WriteNumberValue(value);
}

/// <summary>Reads a finite double from a JSON number or a numeric string.</summary>
public sealed class LenientDoubleConverter : JsonConverter<double>
{
    /// <inheritdoc />
    public override double Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => Lenient.ReadDouble(ref reader);

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, double value, JsonSerializerOptions options) => writer.WriteNumberValue(value);
}

/// <summary>Reads a boolean from true/false, the strings "true"/"false", or 0/1.</summary>
public sealed class LenientBooleanConverter : JsonConverter<bool>
{
    /// <inheritdoc />
    public override bool Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => Lenient.ReadBoolean(ref reader);

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, bool value, JsonSerializerOptions options) => writer.WriteBooleanValue(value);
}

/// <summary>Reads a string from a JSON string, or the literal text of a number or boolean
/// (schema 2.2's string <c>payloadType</c> arrives as a number from some clients).</summary>
public sealed class LenientStringConverter : JsonConverter<string>
{
    /// <inheritdoc />
    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => Lenient.ReadString(ref reader);

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);
}

/// <summary>
/// A field that carries JSON: schema 2.x and 3.0–3.4 send it as a JSON-encoded string, 3.5 as the
/// object itself (and 3.4's <c>scoreReasons</c> is an array). Either way the value is kept as text:
/// a string stays as it is, any other JSON value is kept as its JSON text (less its whitespace).
/// </summary>
public sealed class JsonTextConverter : JsonConverter<string>
{
    /// <inheritdoc />
    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => Lenient.ReadJsonText(ref reader);

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);
}

/// <summary>
/// Reads every <c>List&lt;T&gt;</c> of the sample models, skipping <c>null</c> elements: a client that
/// writes <c>[null]</c> (JavaScript's <c>JSON.stringify</c> of an undefined slot) loses nothing else.
/// </summary>
public sealed class NullSkippingListConverterFactory : JsonConverterFactory
{
    /// <inheritdoc />
    public override bool CanConvert(Type typeToConvert) =>
        typeToConvert.IsGenericType && typeToConvert.GetGenericTypeDefinition() == typeof(List<>);

    /// <inheritdoc />
    public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
        (JsonConverter)Activator.CreateInstance(typeof(NullSkippingListConverter<>).MakeGenericType(typeToConvert.GetGenericArguments()[0]))!;

    private sealed class NullSkippingListConverter<T> : JsonConverter<List<T>>
    {
        private JsonConverter<T>? _element;

        public override List<T> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            if (reader.TokenType != JsonTokenType.StartArray) throw new JsonException($"expected an array, got {reader.TokenType}");
            // The element's converter, called in place: JsonSerializer.Deserialize(ref reader) would first
            // skip over the whole element to scope a reader to it and then read it again, so every nested
            // list level read its elements once more (4 reads of each RTP stat in a 3.x sample).
            var element = _element ??= (JsonConverter<T>)options.GetTypeInfo(typeof(T)).Converter;
            var list = new List<T>();
            var index = -1;
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                index++;
                if (reader.TokenType == JsonTokenType.Null) continue;
                try
                {
                    list.Add(element.Read(ref reader, typeof(T), options)!);
                }
                catch (Exception ex) when (ModelPath.IsValueError(ex))
                {
                    throw ModelPath.Prefix(ex, $"[{index}]");
                }
            }
            return list;
        }

        public override void Write(Utf8JsonWriter writer, List<T> value, JsonSerializerOptions options)
        {
            var info = (System.Text.Json.Serialization.Metadata.JsonTypeInfo<T>)options.GetTypeInfo(typeof(T));
            writer.WriteStartArray();
            foreach (var item in value) JsonSerializer.Serialize(writer, item, info);
            writer.WriteEndArray();
        }
    }
}

/// <summary>The lenient reads of the converters above, for the model converter to call directly.</summary>
internal static class Lenient
{
    // 2^63 as a double: anything at or past it does not fit.
    private const double Limit = 9.2233720368547758E18;

    /// <summary>A 64-bit integer from a JSON number (fractions truncated) or a numeric string.</summary>
    public static long ReadInt64(ref Utf8JsonReader reader)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Number:
                if (reader.TryGetInt64(out var value)) return value;
                // An integer that does not fit (a double would round −2^63−1 to −2^63 and take it).
                if (reader.ValueSpan.IndexOfAny(".eE"u8) < 0)
                    throw new JsonException($"integer out of range: {Shorten(System.Text.Encoding.UTF8.GetString(reader.ValueSpan))}");
                return FromDouble(reader.GetDouble());
            case JsonTokenType.String:
                var text = reader.GetString();
                if (long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed)) return parsed;
                if (IsIntegerText(text)) throw new JsonException($"integer out of range: {Shorten(text)}");
                if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d)) return FromDouble(d);
                throw new JsonException($"expected an integer, got the string \"{Shorten(text)}\"");
            default:
                throw new JsonException($"expected an integer, got {reader.TokenType}");
        }
    }

    /// <summary>Digits with an optional sign (and the whitespace <see cref="NumberStyles.Integer"/> allows): an integer, whatever its size.</summary>
    private static bool IsIntegerText(string? text)
    {
        var t = text.AsSpan().Trim();
        if (t.Length > 0 && t[0] is '+' or '-') t = t[1..];
        return t.Length > 0 && !t.ContainsAnyExceptInRange('0', '9');
    }

    private static long FromDouble(double value)
    {
        if (!double.IsFinite(value) || value >= Limit || value < -Limit)
            throw new JsonException($"integer out of range: {value.ToString(CultureInfo.InvariantCulture)}");
        return (long)Math.Truncate(value);
    }

    /// <summary>A finite double from a JSON number or a numeric string.</summary>
    public static double ReadDouble(ref Utf8JsonReader reader)
    {
        double value;
        switch (reader.TokenType)
        {
            case JsonTokenType.Number:
                // TryGetDouble (one parse, no copy) refuses what does not fit a double (infinities);
                // GetDouble would throw a FormatException.
                if (!reader.TryGetDouble(out value)) throw new JsonException("number out of range for a double");
                break;
            case JsonTokenType.String:
                var text = reader.GetString();
                if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value))
                    throw new JsonException($"expected a number, got the string \"{Shorten(text)}\"");
                break;
            default:
                throw new JsonException($"expected a number, got {reader.TokenType}");
        }
        if (!double.IsFinite(value)) throw new JsonException("number out of range for a double");
        return value;
    }

    /// <summary>A boolean from true/false, the strings "true"/"false", or 0/1.</summary>
    public static bool ReadBoolean(ref Utf8JsonReader reader) => reader.TokenType switch
    {
        JsonTokenType.True => true,
        JsonTokenType.False => false,
        JsonTokenType.Number when reader.TryGetInt64(out var n) && n is 0 or 1 => n == 1,
        JsonTokenType.String when bool.TryParse(reader.GetString(), out var b) => b,
        _ => throw new JsonException($"expected a boolean, got {reader.TokenType}"),
    };

    /// <summary>A string from a JSON string, or the literal text of a number or boolean.</summary>
    public static string? ReadString(ref Utf8JsonReader reader) => reader.TokenType switch
    {
        JsonTokenType.String => reader.GetString(),
        JsonTokenType.Number => System.Text.Encoding.UTF8.GetString(reader.HasValueSequence ? reader.ValueSequence.ToArray() : reader.ValueSpan),
        JsonTokenType.True => "true",
        JsonTokenType.False => "false",
        _ => throw new JsonException($"expected a string, got {reader.TokenType}"),
    };

    /// <summary>A field that carries JSON, as text (see <see cref="JsonTextConverter"/>).</summary>
    public static string? ReadJsonText(ref Utf8JsonReader reader)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.String:
                return reader.GetString();
            case JsonTokenType.StartObject:
            case JsonTokenType.StartArray:
                return RawJson.Copy(ref reader);
            default:
                return System.Text.Encoding.UTF8.GetString(reader.HasValueSequence ? reader.ValueSequence.ToArray() : reader.ValueSpan);
        }
    }

    internal static string Shorten(string? text) => text is null ? "" : text.Length <= 40 ? text : text[..40] + "…";
}
