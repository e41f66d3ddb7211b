using System.Buffers;
using System.Formats.Cbor;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using MessagePack;

namespace ObserveRtc.Benchmarks;

/// <summary>
/// What a binary entity state would save: the value stream of a real 3-party call state (every
/// token of its stored JSON: numbers, strings, nulls, arrays and objects, in order) written and read
/// back in JSON (baseline: what the entity does in every operation), MessagePack, MessagePack inside
/// a base64 JSON string (how a binary state would have to travel: a Durable entity's state is JSON)
/// and CBOR. Only the format is measured, not building the state objects, which costs the same in
/// any format. Run: <c>dotnet run -c Release --project ObserveRtc.Benchmarks -- --filter *StateFormat*</c>.
/// </summary>
[MemoryDiagnoser]
public class StateFormatBenchmarks
{
    private enum Kind : byte { StartObject, EndObject, StartArray, EndArray, Name, String, Integer, Double, Null, True, False }

    private readonly record struct Token(Kind Kind, long Integer = 0, double Double = 0, string? Text = null, int Count = 0);

    private readonly ArrayBufferWriter<byte> _buffer = new(16 * 1024);
    private readonly ArrayBufferWriter<byte> _outer = new(32 * 1024);
    private Token[] _tokens = [];

    /// <summary>The call state's stored JSON (the largest 3-party state halfway through the corpus).</summary>
    public byte[] StateJson { get; private set; } = [];

    [GlobalSetup]
    public void Setup()
    {
        var batches = new ScaledCorpus(4).Batches(100).Select(b => b.ConvertAll(e => e.Event)).ToList();
        using var h = new Harness(countCost: false);
        foreach (var batch in batches.Take(batches.Count / 2)) h.IngestAsync(batch).GetAwaiter().GetResult();
        var largest = h.Pipeline.CallStateSizes.MaxBy(kv => kv.Value).Key;
        StateJson = h.Pipeline.CallStateOf(largest)!;
        _tokens = Tokenize(StateJson);
    }

    /// <summary>How many values (tokens) the state holds.</summary>
    public int TokenCount => _tokens.Length;

    [Benchmark(Baseline = true)]
    public long Json() => ReadJson(WriteJson(_buffer));

    [Benchmark]
    public long MessagePackRaw() => ReadMessagePack(WriteMessagePack(_buffer));

    [Benchmark]
    public long MessagePackInBase64Json()
    {
        var packed = WriteMessagePack(_buffer);
        _outer.ResetWrittenCount();
        using (var writer = new Utf8JsonWriter(_outer))
        {
            writer.WriteBase64StringValue(packed.Span);
        }
        var reader = new Utf8JsonReader(_outer.WrittenSpan);
        reader.Read();
        return ReadMessagePack(reader.GetBytesFromBase64());
    }

    [Benchmark]
    public long Cbor() => ReadCbor(WriteCbor());

    private ReadOnlyMemory<byte> WriteJson(ArrayBufferWriter<byte> buffer)
    {
        buffer.ResetWrittenCount();
        using var w = new Utf8JsonWriter(buffer);
        foreach (var t in _tokens)
        {
            switch (t.Kind)
            {
                case Kind.StartObject: w.WriteStartObject(); break;
                case Kind.EndObject: w.WriteEndObject(); break;
                case Kind.StartArray: w.WriteStartArray(); break;
                case Kind.EndArray: w.WriteEndArray(); break;
                case Kind.Name: w.WritePropertyName(t.Text!); break;
                case Kind.String: w.WriteStringValue(t.Text); break;
                case Kind.Integer: w.WriteNumberValue(t.Integer); break;
                case Kind.Double: w.WriteNumberValue(t.Double); break;
                case Kind.Null: w.WriteNullValue(); break;
                case Kind.True: w.WriteBooleanValue(true); break;
                case Kind.False: w.WriteBooleanValue(false); break;
            }
        }
        w.Flush();
        return buffer.WrittenMemory;
    }

    private static long ReadJson(ReadOnlyMemory<byte> json)
    {
        var r = new Utf8JsonReader(json.Span);
        long sum = 0;
        while (r.Read())
        {
            switch (r.TokenType)
            {
                case JsonTokenType.Number: sum += r.TryGetInt64(out var i) ? i : (long)r.GetDouble(); break;
                case JsonTokenType.String: case JsonTokenType.PropertyName: sum += r.GetString()!.Length; break;
                case JsonTokenType.True: sum++; break;
            }
        }
        return sum;
    }

    private ReadOnlyMemory<byte> WriteMessagePack(ArrayBufferWriter<byte> buffer)
    {
        buffer.ResetWrittenCount();
        var w = new MessagePackWriter(buffer);
        foreach (var t in _tokens)
        {
            switch (t.Kind)
            {
                case Kind.StartObject: w.WriteMapHeader(t.Count); break;
                case Kind.StartArray: w.WriteArrayHeader(t.Count); break;
                case Kind.Name: case Kind.String: w.Write(t.Text); break;
                case Kind.Integer: w.Write(t.Integer); break;
                case Kind.Double: w.Write(t.Double); break;
                case Kind.Null: w.WriteNil(); break;
                case Kind.True: w.Write(true); break;
                case Kind.False: w.Write(false); break;
            }
        }
        w.Flush();
        return buffer.WrittenMemory;
    }

    private static long ReadMessagePack(ReadOnlyMemory<byte> packed)
    {
        var r = new MessagePackReader(packed);
        long sum = 0;
        while (!r.End) sum += ReadMessagePackValue(ref r);
        return sum;
    }

    private static long ReadMessagePackValue(ref MessagePackReader r)
    {
        switch (r.NextMessagePackType)
        {
            case MessagePackType.Map:
            {
                var n = r.ReadMapHeader();
                long sum = 0;
                for (var i = 0; i < n; i++) sum += r.ReadString()!.Length + ReadMessagePackValue(ref r);
                return sum;
            }
            case MessagePackType.Array:
            {
                var n = r.ReadArrayHeader();
                long sum = 0;
                for (var i = 0; i < n; i++) sum += ReadMessagePackValue(ref r);
                return sum;
            }
            case MessagePackType.String: return r.ReadString()!.Length;
            case MessagePackType.Integer: return r.ReadInt64();
            case MessagePackType.Float: return (long)r.ReadDouble();
            case MessagePackType.Nil: r.ReadNil(); return 0;
            case MessagePackType.Boolean: return r.ReadBoolean() ? 1 : 0;
            default: throw new InvalidOperationException($"unexpected {r.NextMessagePackType}");
        }
    }

    private byte[] WriteCbor()
    {
        var w = new CborWriter(CborConformanceMode.Lax);
        foreach (var t in _tokens)
        {
            switch (t.Kind)
            {
                case Kind.StartObject: w.WriteStartMap(t.Count); break;
                case Kind.EndObject: w.WriteEndMap(); break;
                case Kind.StartArray: w.WriteStartArray(t.Count); break;
                case Kind.EndArray: w.WriteEndArray(); break;
                case Kind.Name: case Kind.String: w.WriteTextString(t.Text!); break;
                case Kind.Integer: w.WriteInt64(t.Integer); break;
                case Kind.Double: w.WriteDouble(t.Double); break;
                case Kind.Null: w.WriteNull(); break;
                case Kind.True: w.WriteBoolean(true); break;
                case Kind.False: w.WriteBoolean(false); break;
            }
        }
        return w.Encode();
    }

    private static long ReadCbor(byte[] encoded)
    {
        var r = new CborReader(encoded, CborConformanceMode.Lax);
        long sum = 0;
        while (r.PeekState() != CborReaderState.Finished)
        {
            switch (r.PeekState())
            {
                case CborReaderState.StartMap: r.ReadStartMap(); break;
                case CborReaderState.EndMap: r.ReadEndMap(); break;
                case CborReaderState.StartArray: r.ReadStartArray(); break;
                case CborReaderState.EndArray: r.ReadEndArray(); break;
                case CborReaderState.TextString: sum += r.ReadTextString().Length; break;
                case CborReaderState.UnsignedInteger: case CborReaderState.NegativeInteger: sum += r.ReadInt64(); break;
                case CborReaderState.DoublePrecisionFloat: case CborReaderState.SinglePrecisionFloat: case CborReaderState.HalfPrecisionFloat: sum += (long)r.ReadDouble(); break;
                case CborReaderState.Null: r.ReadNull(); break;
                case CborReaderState.Boolean: sum += r.ReadBoolean() ? 1 : 0; break;
                default: throw new InvalidOperationException($"unexpected {r.PeekState()}");
            }
        }
        return sum;
    }

    /// <summary>The JSON's tokens in order, each container with its element count (binary formats write counts up front).</summary>
    private static Token[] Tokenize(byte[] json)
    {
        var tokens = new List<Token>();
        var open = new Stack<(int Index, int Count)>();
        var r = new Utf8JsonReader(json);
        while (r.Read())
        {
            if (open.Count > 0 && r.TokenType is not (JsonTokenType.EndObject or JsonTokenType.EndArray or JsonTokenType.PropertyName))
            {
                var (index, count) = open.Pop();
                open.Push((index, count + 1));
            }
            switch (r.TokenType)
            {
                case JsonTokenType.StartObject: open.Push((tokens.Count, 0)); tokens.Add(new Token(Kind.StartObject)); break;
                case JsonTokenType.StartArray: open.Push((tokens.Count, 0)); tokens.Add(new Token(Kind.StartArray)); break;
                case JsonTokenType.EndObject or JsonTokenType.EndArray:
                {
                    var (index, count) = open.Pop();
                    tokens[index] = tokens[index] with { Count = count };
                    tokens.Add(new Token(r.TokenType == JsonTokenType.EndObject ? Kind.EndObject : Kind.EndArray));
                    break;
                }
                case JsonTokenType.PropertyName: tokens.Add(new Token(Kind.Name, Text: r.GetString())); break;
                case JsonTokenType.String: tokens.Add(new Token(Kind.String, Text: r.GetString())); break;
                case JsonTokenType.Number:
                    tokens.Add(r.TryGetInt64(out var i) ? new Token(Kind.Integer, Integer: i) : new Token(Kind.Double, Double: r.GetDouble()));
                    break;
                case JsonTokenType.Null: tokens.Add(new Token(Kind.Null)); break;
                case JsonTokenType.True: tokens.Add(new Token(Kind.True)); break;
                case JsonTokenType.False: tokens.Add(new Token(Kind.False)); break;
            }
        }
        return [.. tokens];
    }
}
