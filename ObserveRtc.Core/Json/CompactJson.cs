using System.Buffers;
using System.Text.Json;

namespace ObserveRtc.Core.Json;

/// <summary>Reads the body of a compact envelope (positioned on its first token) with the envelope's string table, base time and format version.</summary>
internal delegate T CompactBodyReader<out T>(ref Utf8JsonReader reader, CompactStrings strings, long t0, int version);

/// <summary>
/// The compact JSON form shared by what a Durable entity stores or receives in every operation (the
/// call state, a call's observations): <c>{"v":version,"s":[strings…],"u":"base64","t":t0,"c":body}</c>.
/// Every string is written once, in the table <c>s</c>, and referred to by its index; a lowercase UUID
/// (most ids are) is packed: its 16 bytes are in <c>u</c>, in table order (about 22 bytes of JSON instead
/// of 39; <c>u</c> is absent when there is none, as in versions before it), and in <c>s</c> a run of packed
/// ids is their count (<c>[3,"svc",2]</c>: three packed ids, a string, two packed ids; the versions that
/// introduced packed ids wrote each as <c>null</c>, and are still read); the body is positional arrays
/// of numbers, string references and nulls, with times as differences (from <c>t0</c> or from a
/// related time), booleans as 0/1. The converters say what each position holds; these are the
/// mechanics: the envelope, the string table, and strict readers that name what is wrong.
/// </summary>
internal static class CompactJson
{
    [ThreadStatic] private static CompactWriter? _cached;

    /// <summary>
    /// Writes the envelope: <paramref name="body"/> fills a scratch buffer and the string table, then
    /// the table and the body are written to <paramref name="writer"/>.
    /// </summary>
    public static void WriteEnvelope<T>(Utf8JsonWriter writer, int version, long t0, T value, Action<CompactWriter, T> body)
    {
        var scratch = _cached ??= new CompactWriter();
        scratch.Reset();
        body(scratch, value);
        scratch.Writer.Flush();

        writer.WriteStartObject();
        writer.WriteNumber("v", version);
        writer.WriteStartArray("s");
        var run = 0; // packed ids not yet counted in s
        foreach (var s in scratch.Strings)
        {
            if (TryPackUuid(s, scratch.Uuids.GetSpan(UuidBytes)))
            {
                scratch.Uuids.Advance(UuidBytes);
                run++;
                continue;
            }
            if (run > 0) writer.WriteNumberValue(run);
            run = 0;
            writer.WriteStringValue(s);
        }
        if (run > 0) writer.WriteNumberValue(run);
        writer.WriteEndArray();
        if (scratch.Uuids.WrittenCount > 0) writer.WriteBase64String("u", scratch.Uuids.WrittenSpan);
        writer.WriteNumber("t", t0);
        writer.WritePropertyName("c");
        writer.WriteRawValue(scratch.Buffer.WrittenSpan, skipInputValidation: true);
        writer.WriteEndObject();

        // Let go of what one big value grew, so a thread does not hold it for ever.
        if (scratch.Buffer.Capacity > 64 * 1024 || scratch.Strings.Count > 1024) _cached = null;
    }

    /// <summary>
    /// Reads an envelope of a version from <paramref name="oldest"/> to <paramref name="version"/>, with
    /// packed ids from version <paramref name="packedSince"/> on (each a <c>null</c> in <c>s</c>) and runs
    /// of them (a count in <c>s</c>) instead of nulls from version <paramref name="runsSince"/> on; every
    /// problem is a <see cref="JsonException"/> whose message starts with <paramref name="subject"/>.
    /// </summary>
    public static T ReadEnvelope<T>(ref Utf8JsonReader reader, int oldest, int version, int packedSince, int runsSince, string subject, CompactBodyReader<T> body)
        where T : class
    {
        try
        {
            if (reader.TokenType != JsonTokenType.StartObject) throw Bad("expected an object");
            List<TableEntry>? strings = null;
            var table = TableSyntax.None;
            byte[]? uuids = null;
            long? t0 = null;
            int? seen = null;
            T? value = null;
            var given = 0; // a bit per envelope property seen
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = reader.GetString()!;
                reader.Read();
                var bit = name switch { "v" => 1, "s" => 2, "u" => 4, "t" => 8, "c" => 16, _ => 0 };
                if (bit != 0)
                {
                    if ((given & bit) != 0) throw Bad($"{name} is given twice");
                    given |= bit;
                    if (value is not null) throw Bad("v, s, u and t must come before c");
                }
                switch (name)
                {
                    case "v":
                        seen = reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var v) ? v : throw Bad("v is not a number");
                        if (seen < oldest || seen > version)
                            throw Bad(oldest == version ? $"format version {seen} is not {version}" : $"format version {seen} is not {oldest} to {version}");
                        break;
                    case "s":
                        strings = ReadStrings(ref reader, out table);
                        break;
                    case "u":
                        uuids = reader.TokenType == JsonTokenType.String && reader.TryGetBytesFromBase64(out var packed) ? packed : throw Bad("u is not a base64 string");
                        break;
                    case "t":
                        t0 = Int64(ref reader);
                        break;
                    case "c":
                        if (seen is null || strings is null || t0 is null) throw Bad("v, s, u and t must come before c");
                        if (seen < packedSince && (uuids is not null || table != TableSyntax.None))
                            throw Bad($"format version {seen} has no packed ids (u, or a null or count in s)");
                        if (seen < runsSince && (table & TableSyntax.Runs) != 0)
                            throw Bad($"format version {seen} has no runs of packed ids (a count in s), only nulls");
                        if (seen >= runsSince && (table & TableSyntax.Nulls) != 0)
                            throw Bad($"format version {seen} counts packed ids in s (a run's length), it has no nulls");
                        value = body(ref reader, new CompactStrings(Unpack(strings, uuids)), t0.Value, seen.Value);
                        break;
                    default:
                        reader.Skip();
                        break;
                }
            }
            if (reader.TokenType != JsonTokenType.EndObject) throw Bad("expected the end of the object");
            return value ?? throw Bad("no c");
        }
        catch (JsonException e) when (!e.Message.StartsWith(subject + ":", StringComparison.Ordinal))
        {
            throw new JsonException($"{subject}: {e.Message}", e);
        }
    }

    /// <summary>An entry of <c>s</c> as read: a string, or a run of <see cref="Packed"/> ids from <c>u</c>.</summary>
    private readonly record struct TableEntry(string? Text, int Packed);

    /// <summary>How <c>s</c> wrote its packed ids.</summary>
    [Flags]
    private enum TableSyntax
    {
        None = 0,
        /// <summary>Each as <c>null</c> (the versions that introduced packed ids).</summary>
        Nulls = 1,
        /// <summary>Runs of them, each as its count.</summary>
        Runs = 2,
    }

    private static List<TableEntry> ReadStrings(ref Utf8JsonReader r, out TableSyntax syntax)
    {
        if (r.TokenType != JsonTokenType.StartArray) throw Bad("s is not an array");
        var list = new List<TableEntry>();
        syntax = TableSyntax.None;
        var afterCount = false;
        while (r.Read() && r.TokenType != JsonTokenType.EndArray)
        {
            // The writer counts a run to its end: a count never follows a count (one state, one form).
            if (afterCount && r.TokenType == JsonTokenType.Number) throw Bad("s holds two counts in a row (a run of packed ids is one count)");
            afterCount = r.TokenType == JsonTokenType.Number;
            switch (r.TokenType)
            {
                case JsonTokenType.String:
                    list.Add(new(r.GetString()!, 0));
                    break;
                case JsonTokenType.Null:
                    syntax |= TableSyntax.Nulls;
                    list.Add(new(null, 1));
                    break;
                case JsonTokenType.Number:
                    syntax |= TableSyntax.Runs;
                    list.Add(new(null, r.TryGetInt32(out var n) && n > 0 ? n : throw Bad("s holds a count of packed ids that is not a positive 32-bit integer")));
                    break;
                default:
                    throw Bad("s holds a non-string");
            }
        }
        return list;
    }

    // ---------------------------------------------------------------- packed UUIDs

    private const int UuidBytes = 16;

    /// <summary>
    /// Writes the 16 bytes of <paramref name="value"/> when it is a UUID in its lowercase hyphenated form
    /// (what client-monitor-js and browsers make clients', peer connections' and tracks' ids of), exactly
    /// as it formats back; any other string, an uppercase UUID too, is kept as text.
    /// </summary>
    private static bool TryPackUuid(string value, Span<byte> into)
    {
        if (value.Length != 36 || value[8] != '-' || value[13] != '-' || value[18] != '-' || value[23] != '-') return false;
        if (!Guid.TryParseExact(value, "D", out var guid)) return false;
        Span<char> text = stackalloc char[36];
        return guid.TryFormat(text, out var n, "D") && n == 36 && text.SequenceEqual(value) && guid.TryWriteBytes(into, bigEndian: true, out _);
    }

    /// <summary>
    /// The table with every packed entry filled from <c>u</c>, in order. The counts are checked against
    /// <c>u</c>'s length before anything is allocated for them, so a count is bounded by the input's size.
    /// </summary>
    private static string[] Unpack(List<TableEntry> entries, byte[]? uuids)
    {
        long packed = 0, texts = 0;
        foreach (var e in entries)
        {
            if (e.Text is null) packed += e.Packed;
            else texts++;
        }
        var bytes = uuids?.Length ?? 0;
        if (bytes != packed * UuidBytes) throw Bad($"s has {packed} packed ids, u holds {bytes} bytes (16 per id, before c)");
        var strings = new string[texts + packed];
        var i = 0;
        var at = 0;
        foreach (var e in entries)
        {
            if (e.Text is not null)
            {
                strings[i++] = e.Text;
                continue;
            }
            for (var k = 0; k < e.Packed; k++, at += UuidBytes)
                strings[i++] = new Guid(uuids.AsSpan(at, UuidBytes), bigEndian: true).ToString("D");
        }
        return strings;
    }

    // ---------------------------------------------------------------- writing

    /// <summary>A string reference, or null.</summary>
    public static void Ref(Utf8JsonWriter w, CompactWriter t, string? value)
    {
        if (value is null) w.WriteNullValue();
        else w.WriteNumberValue(t.Ref(value));
    }

    /// <summary>String references up to the last one that is not null (a reader takes missing trailing ones as null).</summary>
    public static void Refs(Utf8JsonWriter w, CompactWriter t, params ReadOnlySpan<string?> values)
    {
        var n = values.Length;
        while (n > 0 && values[n - 1] is null) n--;
        for (var i = 0; i < n; i++) Ref(w, t, values[i]);
    }

    /// <summary><paramref name="value"/> − <paramref name="from"/>, or null.</summary>
    public static void Delta(Utf8JsonWriter w, long? value, long from)
    {
        if (value is { } v) w.WriteNumberValue(v - from);
        else w.WriteNullValue();
    }

    /// <summary>The number, or null.</summary>
    public static void Number(Utf8JsonWriter w, long? value)
    {
        if (value is { } v) w.WriteNumberValue(v);
        else w.WriteNullValue();
    }

    /// <summary>
    /// The number, or null. A whole number (byte counters, mostly) is written as an integer: the same
    /// text the double would give below 2^53, without the cost of shortest round-trip formatting.
    /// </summary>
    public static void Number(Utf8JsonWriter w, double? value)
    {
        if (value is not { } v) w.WriteNullValue();
        else if (v is >= -MaxExactInteger and <= MaxExactInteger && v == Math.Truncate(v) && !(v == 0 && double.IsNegative(v))) w.WriteNumberValue((long)v);
        else w.WriteNumberValue(v);
    }

    private const double MaxExactInteger = 9007199254740992; // 2^53

    /// <summary>1 or 0.</summary>
    public static void Bool(Utf8JsonWriter w, bool value) => w.WriteNumberValue(value ? 1 : 0);

    /// <summary>One number when there is exactly one, else an array.</summary>
    public static void Longs(Utf8JsonWriter w, IReadOnlyList<long> values)
    {
        if (values.Count == 1)
        {
            w.WriteNumberValue(values[0]);
            return;
        }
        w.WriteStartArray();
        foreach (var v in values) w.WriteNumberValue(v);
        w.WriteEndArray();
    }

    // ---------------------------------------------------------------- reading

    /// <summary>The reader is on an element's first token: it must be an array.</summary>
    public static void Start(ref Utf8JsonReader r, string what)
    {
        if (r.TokenType != JsonTokenType.StartArray) throw Bad($"a {what} is not an array");
    }

    /// <summary>Moves to the next value, which must be an array.</summary>
    public static void StartNext(ref Utf8JsonReader r, string what)
    {
        Next(ref r, what);
        Start(ref r, what);
    }

    /// <summary>Moves to the next value of the current array; false at its end.</summary>
    public static bool Item(ref Utf8JsonReader r) => r.Read() && r.TokenType != JsonTokenType.EndArray;

    /// <summary>Moves to the next value, which must be there.</summary>
    public static void Next(ref Utf8JsonReader r, string what)
    {
        if (!Item(ref r)) throw Bad($"{what} missing");
    }

    /// <summary>Moves past the end of the current array, which must come now.</summary>
    public static void End(ref Utf8JsonReader r)
    {
        if (!r.Read() || r.TokenType != JsonTokenType.EndArray) throw Bad("an array holds more than its fields");
    }

    /// <summary>The current token as an integer.</summary>
    public static long Int64(ref Utf8JsonReader r) =>
        r.TokenType == JsonTokenType.Number && r.TryGetInt64(out var v) ? v : throw Bad("expected an integer");

    /// <summary>The next value as an integer.</summary>
    public static long NextInt64(ref Utf8JsonReader r)
    {
        Next(ref r, "an integer");
        return Int64(ref r);
    }

    /// <summary>The next value as a 32-bit integer.</summary>
    public static int NextInt32(ref Utf8JsonReader r)
    {
        Next(ref r, "an integer");
        return r.TokenType == JsonTokenType.Number && r.TryGetInt32(out var v) ? v : throw Bad("expected a 32-bit integer");
    }

    /// <summary>The next value as an integer or null.</summary>
    public static long? NextNullableInt64(ref Utf8JsonReader r)
    {
        Next(ref r, "an integer or null");
        return NullableInt64(ref r);
    }

    /// <summary>The current token as an integer or null.</summary>
    public static long? NullableInt64(ref Utf8JsonReader r) => r.TokenType == JsonTokenType.Null ? null : Int64(ref r);

    /// <summary>The next value as a difference from <paramref name="from"/>, or null.</summary>
    public static long? NextDelta(ref Utf8JsonReader r, long from) => NextNullableInt64(ref r) is { } d ? d + from : null;

    /// <summary>The next value as a number or null.</summary>
    public static double? NextNullableDouble(ref Utf8JsonReader r)
    {
        Next(ref r, "a number or null");
        return NullableDouble(ref r);
    }

    /// <summary>The current token as a number or null.</summary>
    public static double? NullableDouble(ref Utf8JsonReader r)
    {
        if (r.TokenType == JsonTokenType.Null) return null;
        return r.TokenType == JsonTokenType.Number && r.TryGetDouble(out var v) ? v : throw Bad("expected a number");
    }

    /// <summary>The current token as 0 or 1.</summary>
    public static bool Bool(ref Utf8JsonReader r) => Int64(ref r) switch
    {
        0 => false,
        1 => true,
        _ => throw Bad("expected 0 or 1"),
    };

    /// <summary>The next value as 0 or 1.</summary>
    public static bool NextBool(ref Utf8JsonReader r)
    {
        Next(ref r, "0 or 1");
        return Bool(ref r);
    }

    /// <summary>The next value as one integer or an array of them (see <see cref="Longs(Utf8JsonWriter, IReadOnlyList{long})"/>).</summary>
    public static List<long> NextLongs(ref Utf8JsonReader r, string what)
    {
        Next(ref r, what);
        var list = new List<long>(1);
        if (r.TokenType == JsonTokenType.StartArray)
        {
            while (Item(ref r)) list.Add(Int64(ref r));
        }
        else
        {
            list.Add(Int64(ref r));
        }
        return list;
    }

    /// <summary>A problem with the input (the envelope adds the subject).</summary>
    public static JsonException Bad(string what) => new(what);
}

/// <summary>The string table while reading.</summary>
internal sealed class CompactStrings(string[] strings)
{
    /// <summary>The current token as a string reference.</summary>
    public string Here(ref Utf8JsonReader r)
    {
        var i = r.TokenType == JsonTokenType.Number && r.TryGetInt32(out var v) ? v : throw CompactJson.Bad("expected a string reference");
        return (uint)i < (uint)strings.Length ? strings[i] : throw CompactJson.Bad($"string reference {i} is out of range");
    }

    /// <summary>The current token as a string reference or null.</summary>
    public string? HereOptional(ref Utf8JsonReader r) => r.TokenType == JsonTokenType.Null ? null : Here(ref r);

    /// <summary>The next value as a string reference.</summary>
    public string Required(ref Utf8JsonReader r)
    {
        CompactJson.Next(ref r, "a string reference");
        return Here(ref r);
    }

    /// <summary>The next value as a string reference or null.</summary>
    public string? Optional(ref Utf8JsonReader r)
    {
        CompactJson.Next(ref r, "a string reference or null");
        return HereOptional(ref r);
    }
}

/// <summary>Per-thread buffers for writing a body: its JSON and the string table it builds.</summary>
internal sealed class CompactWriter
{
    private readonly Dictionary<string, int> _index = new(StringComparer.Ordinal);

    public CompactWriter() => Writer = new Utf8JsonWriter(Buffer);

    public ArrayBufferWriter<byte> Buffer { get; } = new(4096);
    public Utf8JsonWriter Writer { get; }
    public List<string> Strings { get; } = [];
    /// <summary>The packed UUIDs of the table being written (<c>u</c>).</summary>
    public ArrayBufferWriter<byte> Uuids { get; } = new(1024);

    /// <summary>The index of <paramref name="value"/> in the table, adding it on first use.</summary>
    public int Ref(string value)
    {
        if (_index.TryGetValue(value, out var i)) return i;
        i = Strings.Count;
        _index.Add(value, i);
        Strings.Add(value);
        return i;
    }

    public void Reset()
    {
        Buffer.ResetWrittenCount();
        Writer.Reset(Buffer);
        _index.Clear();
        Strings.Clear();
        Uuids.ResetWrittenCount();
    }
}
