using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using S2 = ObserveRtc.Core.Samples.Schema2;
using S3 = ObserveRtc.Core.Samples.Schema3;

namespace ObserveRtc.Core.Samples.Json;

/// <summary>
/// Reads and writes the sample model classes (every class of the <c>Schema2</c> and <c>Schema3</c>
/// namespaces) in one pass over the reader, instead of System.Text.Json's general object converter.
/// The contract is the contexts' own: camelCase names of the public properties (case-sensitive),
/// unknown fields skipped, the last of duplicate fields wins (<c>null</c> included), values read by
/// the lenient converters and <c>[JsonConverter]</c> attributes; a bad value is a
/// <see cref="JsonException"/> whose <see cref="JsonException.Path"/> names the field
/// (<c>$.peerConnections[0].inboundRtps[2].jitter</c>). Why: the general converter's per-field
/// bookkeeping (a resumable read stack, a nullable wrapper and a converter call per number) was a
/// fifth of the decoder's own time on real samples, hundreds of numeric fields each (README, Performance).
/// </summary>
public sealed class SampleModelConverterFactory : JsonConverterFactory
{
    private static readonly string?[] ModelNamespaces = [typeof(S2.ClientSample).Namespace, typeof(S3.ClientSample).Namespace];

    /// <inheritdoc />
    public override bool CanConvert(Type typeToConvert) =>
        typeToConvert.IsClass && !typeToConvert.IsAbstract && ModelNamespaces.Contains(typeToConvert.Namespace)
        && typeToConvert.GetConstructor(Type.EmptyTypes) is not null;

    /// <inheritdoc />
    public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
        (JsonConverter)Activator.CreateInstance(typeof(SampleModelConverter<>).MakeGenericType(typeToConvert), options)!;
}

/// <summary>The converter of one model class; see <see cref="SampleModelConverterFactory"/>.</summary>
internal sealed class SampleModelConverter<T> : JsonConverter<T>
    where T : class, new()
{
    // new T() goes through Activator on every call; a compiled constructor call does not.
    private static readonly Func<T> Create = System.Linq.Expressions.Expression.Lambda<Func<T>>(System.Linq.Expressions.Expression.New(typeof(T))).Compile();

    private readonly Member<T>[] _members;
    private readonly Dictionary<string, Member<T>>.AlternateLookup<ReadOnlySpan<char>> _byName;

    // The field met first in the last object read; each member's Next is the field that followed it.
    // Clients write a type's fields in the same order every time, so the guess is right for nearly
    // every field, unknown ones included (checked by name: a stale guess from another thread costs
    // only the lookup).
    private Member<T>? _first;

    public SampleModelConverter(JsonSerializerOptions options)
    {
        var naming = options.PropertyNamingPolicy ?? JsonNamingPolicy.CamelCase;
        _members = [.. typeof(T).GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanRead && p.CanWrite && p.GetIndexParameters().Length == 0)
            .Select(p => Member<T>.For(p, naming.ConvertName(p.Name)))];
        _byName = _members.ToDictionary(m => m.Name, StringComparer.Ordinal).GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>The JSON names of the fields, in declaration order (for tests).</summary>
    internal IEnumerable<string> Names => _members.Select(m => m.Name);

    public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartObject) throw new JsonException($"expected an object, got {reader.TokenType}");
        var value = Create();
        Member<T>? previous = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var guess = previous is null ? _first : previous.Next;
            Member<T> member;
            if (guess is not null && !reader.HasValueSequence && !reader.ValueIsEscaped && reader.ValueSpan.SequenceEqual(guess.Utf8Name))
            {
                member = guess;
            }
            else
            {
                member = Find(ref reader);
                // Remember what came first or after a known field, never what follows an unknown one, and
                // no long unknown name: the guesses kept are at most one per field, whatever the input.
                if (!member.Unknown || member.Utf8Name.Length <= MaxRememberedUnknownName)
                {
                    if (previous is null) _first = member;
                    else if (!previous.Unknown) previous.Next = member;
                }
            }
            previous = member;
            reader.Read();
            if (member.Unknown)
            {
                reader.Skip();
                continue;
            }
            try
            {
                // null sets null, as System.Text.Json does: the last of duplicate fields wins, null or not.
                if (reader.TokenType == JsonTokenType.Null) member.SetNull(value);
                else member.Read(ref reader, value, options);
            }
            catch (Exception ex) when (ModelPath.IsValueError(ex))
            {
                throw ModelPath.Prefix(ex, "." + member.Name);
            }
        }
        return value;
    }

    private const int MaxRememberedUnknownName = 64;

    /// <summary>The member of the property name the reader is on, or a new <see cref="UnknownMember{T}"/>.</summary>
    private Member<T> Find(ref Utf8JsonReader reader)
    {
        var length = reader.HasValueSequence ? checked((int)reader.ValueSequence.Length) : reader.ValueSpan.Length;
        Span<char> buffer = length <= 128 ? stackalloc char[128] : new char[length];
        int written;
        try
        {
            written = reader.CopyString(buffer);
        }
        catch (InvalidOperationException)
        {
            return new UnknownMember<T>(ShapeDetector.UnreadableName); // an escaped lone surrogate: no field's name
        }
        var name = buffer[..written];
        return _byName.TryGetValue(name, out var member) ? member : new UnknownMember<T>(name.ToString());
    }

    /// <summary>The unknown names the guesses hold, every chain followed (for tests: at most one per field, none long).</summary>
    internal IReadOnlyList<string> RememberedUnknownNames()
    {
        var names = new List<string>();
        foreach (var start in _members.Select(m => m.Next).Prepend(_first))
        {
            for (var m = start; m is { Unknown: true }; m = m.Next) names.Add(m.Name);
        }
        return names;
    }

    public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        foreach (var member in _members) member.Write(writer, value, options);
        writer.WriteEndObject();
    }
}

/// <summary>JSON paths of value errors, built from the field where the value was up to the root.</summary>
internal static class ModelPath
{
    /// <summary>
    /// A value's error: a converter's <see cref="JsonException"/> (the reader's syntax errors are a
    /// subclass and pass as they are), or the reader's own value errors (a lone surrogate escaped in a
    /// string, <c>"\ud800"</c>).
    /// </summary>
    public static bool IsValueError(Exception ex) =>
        ex.GetType() == typeof(JsonException) || ex is InvalidOperationException or FormatException;

    /// <summary>The error as a <see cref="JsonException"/> whose path starts with <paramref name="step"/> (".name" or "[i]").</summary>
    public static JsonException Prefix(Exception error, string step) => error is JsonException inner
        ? new(inner.Message, "$" + step + (inner.Path is { Length: > 0 } p && p[0] == '$' ? p[1..] : ""), null, null, inner.InnerException)
        : new(error.Message, "$" + step, null, null, error);
}

/// <summary>One property of a model class: how its value is read and written.</summary>
internal abstract class Member<T>
    where T : class
{
    /// <param name="name">The field's JSON name.</param>
    /// <param name="unknown">A name the model does not have (nothing to encode for writing).</param>
    protected Member(string name, bool unknown = false)
    {
        Unknown = unknown;
        Name = name;
        Utf8Name = Encoding.UTF8.GetBytes(name);
        if (!unknown) Encoded = JsonEncodedText.Encode(name);
    }

    public string Name { get; }
    public byte[] Utf8Name { get; }
    public JsonEncodedText Encoded { get; }

    /// <summary>The field that followed this one in the last object read (a guess; see the converter).</summary>
    public Member<T>? Next { get; set; }

    /// <summary>A field the model does not have: skipped.</summary>
    public bool Unknown { get; }

    /// <summary>Reads the value the reader is on (not null) into <paramref name="target"/>.</summary>
    public abstract void Read(ref Utf8JsonReader reader, T target, JsonSerializerOptions options);

    /// <summary>Sets the field to null (a JSON <c>null</c>).</summary>
    public abstract void SetNull(T target);

    /// <summary>Writes the field, unless its value is null.</summary>
    public abstract void Write(Utf8JsonWriter writer, T target, JsonSerializerOptions options);

    public static Member<T> For(PropertyInfo p, string name)
    {
        var custom = p.GetCustomAttribute<JsonConverterAttribute>()?.ConverterType;
        Member<T> member = custom == typeof(JsonTextConverter) ? new TextMember<T>(p, name, json: true)
            : custom is not null ? throw new NotSupportedException($"{typeof(T).Name}.{p.Name}: converter {custom.Name} is not supported")
            : p.PropertyType == typeof(double?) ? new ScalarMember<T, double, DoubleCodec>(p, name)
            : p.PropertyType == typeof(long?) ? new ScalarMember<T, long, Int64Codec>(p, name)
            : p.PropertyType == typeof(bool?) ? new ScalarMember<T, bool, BooleanCodec>(p, name)
            : p.PropertyType == typeof(string) ? new TextMember<T>(p, name, json: false)
            : (Member<T>)Activator.CreateInstance(typeof(ConverterMember<,>).MakeGenericType(typeof(T), p.PropertyType), p, name)!;
        return member;
    }

    protected static TDelegate Accessor<TDelegate>(MethodInfo? method)
        where TDelegate : Delegate =>
        (method ?? throw new InvalidOperationException("a model property needs a getter and a setter")).CreateDelegate<TDelegate>();
}

/// <summary>A field name the model does not know (remembered only as a guess for the next object).</summary>
internal sealed class UnknownMember<T>(string name) : Member<T>(name, unknown: true)
    where T : class
{
    public override void Read(ref Utf8JsonReader reader, T target, JsonSerializerOptions options) => reader.Skip();

    public override void SetNull(T target)
    {
    }

    public override void Write(Utf8JsonWriter writer, T target, JsonSerializerOptions options)
    {
    }
}

/// <summary>How a nullable number or boolean field is read (leniently) and written.</summary>
internal interface IScalarCodec<TValue>
    where TValue : struct
{
    static abstract TValue Read(ref Utf8JsonReader reader);

    static abstract void Write(Utf8JsonWriter writer, JsonEncodedText name, TValue value);
}

internal readonly struct DoubleCodec : IScalarCodec<double>
{
    public static double Read(ref Utf8JsonReader reader) => Lenient.ReadDouble(ref reader);

    public static void Write(Utf8JsonWriter writer, JsonEncodedText name, double value) => writer.WriteNumber(name, value);
}

internal readonly struct Int64Codec : IScalarCodec<long>
{
    public static long Read(ref Utf8JsonReader reader) => Lenient.ReadInt64(ref reader);

    public static void Write(Utf8JsonWriter writer, JsonEncodedText name, long value) => writer.WriteNumber(name, value);
}

internal readonly struct BooleanCodec : IScalarCodec<bool>
{
    public static bool Read(ref Utf8JsonReader reader) => Lenient.ReadBoolean(ref reader);

    public static void Write(Utf8JsonWriter writer, JsonEncodedText name, bool value) => writer.WriteBoolean(name, value);
}

/// <summary>A <c>double?</c>, <c>long?</c> or <c>bool?</c> field (the codec is a struct, so its calls are direct).</summary>
internal sealed class ScalarMember<T, TValue, TCodec>(PropertyInfo p, string name) : Member<T>(name)
    where T : class
    where TValue : struct
    where TCodec : struct, IScalarCodec<TValue>
{
    private readonly Action<T, TValue?> _set = Accessor<Action<T, TValue?>>(p.SetMethod);
    private readonly Func<T, TValue?> _get = Accessor<Func<T, TValue?>>(p.GetMethod);

    public override void Read(ref Utf8JsonReader reader, T target, JsonSerializerOptions options) => _set(target, TCodec.Read(ref reader));

    public override void SetNull(T target) => _set(target, null);

    public override void Write(Utf8JsonWriter writer, T target, JsonSerializerOptions options)
    {
        if (_get(target) is { } v) TCodec.Write(writer, Encoded, v);
    }
}

/// <summary>A string field: lenient (a number or boolean as its text), or JSON text (<see cref="JsonTextConverter"/>).</summary>
internal sealed class TextMember<T>(PropertyInfo p, string name, bool json) : Member<T>(name)
    where T : class
{
    private readonly Action<T, string?> _set = Accessor<Action<T, string?>>(p.SetMethod);
    private readonly Func<T, string?> _get = Accessor<Func<T, string?>>(p.GetMethod);

    public override void Read(ref Utf8JsonReader reader, T target, JsonSerializerOptions options) =>
        _set(target, json ? Lenient.ReadJsonText(ref reader) : Lenient.ReadString(ref reader));

    public override void SetNull(T target) => _set(target, null);

    public override void Write(Utf8JsonWriter writer, T target, JsonSerializerOptions options)
    {
        if (_get(target) is { } v) writer.WriteString(Encoded, v);
    }
}

/// <summary>A field whose type has its own converter in the options: lists, nested models, <see cref="RawStats"/>.</summary>
internal sealed class ConverterMember<T, TValue>(PropertyInfo p, string name) : Member<T>(name)
    where T : class
{
    private readonly Action<T, TValue?> _set = Accessor<Action<T, TValue?>>(p.SetMethod);
    private readonly Func<T, TValue?> _get = Accessor<Func<T, TValue?>>(p.GetMethod);
    private JsonConverter<TValue>? _converter;

    private JsonConverter<TValue> Converter(JsonSerializerOptions options) => _converter ??= (JsonConverter<TValue>)options.GetConverter(typeof(TValue));

    public override void Read(ref Utf8JsonReader reader, T target, JsonSerializerOptions options) =>
        _set(target, Converter(options).Read(ref reader, typeof(TValue), options));

    public override void SetNull(T target) => _set(target, default);

    public override void Write(Utf8JsonWriter writer, T target, JsonSerializerOptions options)
    {
        if (_get(target) is not { } v) return;
        writer.WritePropertyName(Encoded);
        Converter(options).Write(writer, v, options);
    }
}
