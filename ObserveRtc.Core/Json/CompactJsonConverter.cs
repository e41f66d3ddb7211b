using System.Text.Json;
using System.Text.Json.Serialization;

namespace ObserveRtc.Core.Json;

/// <summary>
/// A converter to and from the compact envelope of <see cref="CompactJson"/>: the subclass writes and
/// reads the body; the envelope, its version check and the error messages are here.
/// </summary>
/// <typeparam name="T">The converted type.</typeparam>
public abstract class CompactJsonConverter<T> : JsonConverter<T>
    where T : class
{
    private readonly CompactBodyReader<T> _readBody;
    private readonly Action<CompactWriter, T> _writeBody;

    private protected CompactJsonConverter()
    {
        _readBody = ReadBody;
        _writeBody = WriteBody;
    }

    /// <summary>The format version written in <c>v</c>.</summary>
    public abstract int FormatVersion { get; }

    /// <summary>The oldest version still read (up to <see cref="FormatVersion"/>); any other is refused.</summary>
    public virtual int OldestReadableVersion => FormatVersion;

    /// <summary>
    /// The first version whose string table may hold packed ids (bytes in <c>u</c>; in <c>s</c> a <c>null</c> each, or
    /// from <see cref="PackedRunsSince"/> a run's count);
    /// an older version with them is refused. Stated by each converter, not derived from <see cref="FormatVersion"/>,
    /// so a later version does not refuse the packed ones before it.
    /// </summary>
    private protected abstract int PackedIdsSince { get; }

    /// <summary>
    /// The first version whose string table counts runs of packed ids (a number in <c>s</c>) instead of
    /// writing each as <c>null</c>; the writer always counts them, so <see cref="FormatVersion"/> is at least
    /// this. Stated by each converter, for the same reason as <see cref="PackedIdsSince"/>.
    /// </summary>
    private protected abstract int PackedRunsSince { get; }

    /// <summary>What is converted, first in every error message (<c>call state: …</c>).</summary>
    private protected abstract string Subject { get; }

    /// <summary>The envelope's <c>t0</c>, the time the body's times are differences from.</summary>
    private protected abstract long BaseTime(T value);

    private protected abstract void WriteBody(CompactWriter t, T value);

    /// <summary>Reads the body of an envelope of <paramref name="version"/> (from <see cref="OldestReadableVersion"/> to <see cref="FormatVersion"/>).</summary>
    private protected abstract T ReadBody(ref Utf8JsonReader reader, CompactStrings strings, long t0, int version);

    /// <inheritdoc />
    public sealed override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        CompactJson.ReadEnvelope(ref reader, OldestReadableVersion, FormatVersion, PackedIdsSince, PackedRunsSince, Subject, _readBody);

    /// <inheritdoc />
    public sealed override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) =>
        CompactJson.WriteEnvelope(writer, FormatVersion, BaseTime(value), value, _writeBody);
}
