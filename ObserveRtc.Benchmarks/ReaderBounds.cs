using System.Buffers;
using System.Text.Json;

namespace ObserveRtc.Benchmarks;

/// <summary>
/// What any observer built on System.Text.Json must at least spend on the same bytes, to put the
/// floor ratio in proportion: the reader's token loop alone; every value read once (each number
/// parsed, each string and property name unescaped into a reused buffer, nothing allocated); and every
/// value read and written once with <see cref="Utf8JsonWriter"/> into a reused buffer, which is the
/// least a decoder whose reports carry the sample's values can do. No typed models, no reports, no
/// call state: these are bounds, not implementations.
/// </summary>
public sealed class ReaderBounds : IDisposable
{
    private readonly byte[] _scratch = new byte[1 << 20];
    private readonly ArrayBufferWriter<byte> _output = new(1 << 20);
    private readonly Utf8JsonWriter _writer;

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
