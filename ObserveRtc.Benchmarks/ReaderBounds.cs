using System.Buffers;
using System.Text.Json;

namespace ObserveRtc.Benchmarks;

/// <summary>
/// What any observer built on System.Text.Json must at least spend on the same bytes, to put the
/// floor ratio in proportion: the reader's token loop alone; every value read once (each number
/// parsed, each string and property name unescaped into a reused buffer, nothing allocated); and every
/// value read and written once with <see cref="Utf8JsonWriter"/> into a reused buffer, which is the
/// least a decoder whose reports carry the sample's values can do; and every value copied as written
/// under a looked-up name, the least a decoder whose reports are slices of the input can do. No typed
/// models, no reports, no call state: these are bounds, not implementations.
/// </summary>
public sealed class ReaderBounds : IDisposable
{
    private readonly byte[] _scratch = new byte[1 << 20];
    private readonly ArrayBufferWriter<byte> _output = new(1 << 20);
    private readonly Utf8JsonWriter _writer;
    private readonly Dictionary<ulong, (byte[] Name, byte[] Renamed)> _names = [];

    public ReaderBounds() => _writer = new Utf8JsonWriter(_output, new JsonWriterOptions { SkipValidation = true });

    public void Dispose() => _writer.Dispose();

    /// <summary>The token loop: every token read, no value looked at. Returns the token count.</summary>
    public static long Tokens(IEnumerable<ReadOnlyMemory<byte>> bodies)
    {
        long tokens = 0;
        foreach (var body in bodies)
        {
            var reader = new Utf8JsonReader(body.Span);
            while (reader.Read()) tokens++;
        }
        return tokens;
    }

    /// <summary>Every value read once. Returns the unescaped text bytes plus a digest of the numbers (so nothing is skipped).</summary>
    public long Values(IEnumerable<ReadOnlyMemory<byte>> bodies)
    {
        long text = 0;
        double numbers = 0;
        foreach (var body in bodies)
        {
            var reader = new Utf8JsonReader(body.Span);
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.Number:
                        numbers += reader.TryGetInt64(out var whole) ? whole : reader.GetDouble();
                        break;
                    case JsonTokenType.String:
                    case JsonTokenType.PropertyName:
                        text += reader.CopyString(_scratch);
                        break;
                }
            }
        }
        return text + (double.IsFinite(numbers) ? 1 : 0);
    }

    /// <summary>Every value read once and written once. Returns the bytes written.</summary>
    public long ReadAndWrite(IEnumerable<ReadOnlyMemory<byte>> bodies)
    {
        long written = 0;
        foreach (var body in bodies)
        {
            _output.ResetWrittenCount();
            _writer.Reset(_output);
            var reader = new Utf8JsonReader(body.Span);
            while (reader.Read()) Copy(ref reader);
            _writer.Flush();
            written += _output.WrittenCount;
        }
        return written;
    }

    /// <summary>
    /// Every value checked by the reader (its syntax) and copied as written: numbers and strings as their raw
    /// bytes, neither parsed nor unescaped, each property under the name a table gives for it (here itself,
    /// which costs what a rename into the report schema's names would). The least a decoder can do whose
    /// reports are slices of the input with renamed fields, giving up normalising values. Returns the bytes written.
    /// </summary>
    public long CopyAsWritten(IEnumerable<ReadOnlyMemory<byte>> bodies)
    {
        long written = 0;
        foreach (var body in bodies)
        {
            var span = body.Span;
            _output.ResetWrittenCount();
            _writer.Reset(_output);
            var reader = new Utf8JsonReader(span);
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.PropertyName:
                        // The table is keyed by the name itself: an escaped one (ValueSpan is then its escaped
                        // form, which the writer would escape again into another name) is unescaped first.
                        _writer.WritePropertyName(Renamed(reader.ValueIsEscaped ? _scratch.AsSpan(0, reader.CopyString(_scratch)) : reader.ValueSpan));
                        break;
                    case JsonTokenType.String: // with its quotes, escapes as sent
                        _writer.WriteRawValue(span.Slice((int)reader.TokenStartIndex, reader.ValueSpan.Length + 2), skipInputValidation: true);
                        break;
                    case JsonTokenType.Number or JsonTokenType.True or JsonTokenType.False or JsonTokenType.Null:
                        _writer.WriteRawValue(reader.ValueSpan, skipInputValidation: true);
                        break;
                    default:
                        Copy(ref reader);
                        break;
                }
            }
            _writer.Flush();
            written += _output.WrittenCount;
        }
        return written;
    }

    private byte[] Renamed(ReadOnlySpan<byte> name)
    {
        var key = System.IO.Hashing.XxHash3.HashToUInt64(name);
        if (_names.TryGetValue(key, out var entry) && name.SequenceEqual(entry.Name)) return entry.Renamed;
        var copy = name.ToArray();
        _names[key] = (copy, copy);
        return copy;
    }

    private void Copy(ref Utf8JsonReader reader)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject: _writer.WriteStartObject(); break;
            case JsonTokenType.EndObject: _writer.WriteEndObject(); break;
            case JsonTokenType.StartArray: _writer.WriteStartArray(); break;
            case JsonTokenType.EndArray: _writer.WriteEndArray(); break;
            case JsonTokenType.PropertyName: _writer.WritePropertyName(_scratch.AsSpan(0, reader.CopyString(_scratch))); break;
            case JsonTokenType.String: _writer.WriteStringValue(_scratch.AsSpan(0, reader.CopyString(_scratch))); break;
            case JsonTokenType.Number:
                if (reader.TryGetInt64(out var whole)) _writer.WriteNumberValue(whole);
                else _writer.WriteNumberValue(reader.GetDouble());
                break;
            case JsonTokenType.True: _writer.WriteBooleanValue(true); break;
            case JsonTokenType.False: _writer.WriteBooleanValue(false); break;
            case JsonTokenType.Null: _writer.WriteNullValue(); break;
        }
    }
}
