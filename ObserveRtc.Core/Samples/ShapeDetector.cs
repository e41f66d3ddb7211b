using System.Collections.Frozen;
using System.Globalization;
using System.Text.Json;

namespace ObserveRtc.Core.Samples;

/// <summary>What a body holds, read from its shape.</summary>
internal enum ShapeKind
{
    Unknown,
    Envelope,
    ClientSample2,
    ClientSample3,
    SfuSample,
    TurnSample,
}

internal readonly record struct BodyShape(ShapeKind Kind, string? Detail = null);

/// <summary>
/// Detects the schema from the top-level field names. It reads only until the first field that
/// belongs to one shape alone (usually the first or second), so it costs little; fields every shape
/// shares (<c>timestamp</c>, <c>clientId</c>, <c>callId</c>, …) leave the choice to the hint. A field of
/// the other client schema than the hinted one (a stray <c>userId</c> in a 3.x sample) does not decide
/// alone: the rest of the top level is read, and a field of the hinted schema wins.
/// </summary>
internal static class ShapeDetector
{
    private static readonly FrozenDictionary<string, ShapeKind> Deciding = Build();

    private static FrozenDictionary<string, ShapeKind> Build()
    {
        var map = new Dictionary<string, ShapeKind>(StringComparer.Ordinal);
        void Add(ShapeKind kind, params string[] names)
        {
            foreach (var n in names) map[n] = kind;
        }
        Add(ShapeKind.Envelope, "clientSamples", "sfuSamples", "turnSamples", "controls");
        Add(ShapeKind.SfuSample, "sfuId", "transports", "inboundRtpPads", "outboundRtpPads", "sctpChannels", "customSfuEvents");
        Add(ShapeKind.TurnSample, "serverId", "allocations", "sessions");
        Add(ShapeKind.ClientSample3, "peerConnections", "clientEvents", "clientIssues", "clientMetaItems", "score", "scoreReasons", "attachments");
        Add(ShapeKind.ClientSample2, "roomId", "userId", "sampleSeq", "engine", "platform", "browser", "os", "mediaConstraints",
            "mediaDevices", "userMediaErrors", "customCallEvents", "customObserverEvents", "iceServers", "localSDPs", "dataChannels",
            "pcTransports", "iceCandidatePairs", "mediaSources", "codecs", "certificates", "inboundAudioTracks", "inboundVideoTracks",
            "outboundAudioTracks", "outboundVideoTracks", "iceLocalCandidates", "iceRemoteCandidates");
        return map.ToFrozenDictionary(StringComparer.Ordinal);
    }

    private static readonly FrozenSet<string> Shared =
        new[] { "clientId", "callId", "timestamp", "marker", "timeZoneOffsetInHours", "extensionStats" }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>Throws <see cref="JsonException"/> when the body is not JSON up to the deciding field.</summary>
    public static BodyShape Detect(ReadOnlySpan<byte> body, JsonReaderOptions options, int? hintMajor)
    {
        var reader = new Utf8JsonReader(body, options);
        if (!reader.Read()) throw new JsonException("no JSON value");
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            return new BodyShape(ShapeKind.Unknown, reader.TokenType == JsonTokenType.StartArray
                ? "a JSON array; expected an object (a Samples envelope or one sample)"
                : $"a JSON {reader.TokenType.ToString().ToLowerInvariant()}; expected an object (a Samples envelope or one sample)");
        }
        var sawShared = false;
        var sawClientId = false;
        var hinted = hintMajor switch { 2 => ShapeKind.ClientSample2, 3 => ShapeKind.ClientSample3, _ => ShapeKind.Unknown };
        var otherClient = ShapeKind.Unknown;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = PropertyName(ref reader);
            if (Deciding.TryGetValue(name, out var kind))
            {
                var isOtherClient = hinted != ShapeKind.Unknown && kind != hinted && kind is ShapeKind.ClientSample2 or ShapeKind.ClientSample3;
                if (!isOtherClient) return new BodyShape(kind);
                otherClient = kind;
            }
            if (Shared.Contains(name))
            {
                sawShared = true;
                sawClientId |= name == "clientId";
            }
            reader.Read();
            reader.Skip();
        }
        if (reader.TokenType != JsonTokenType.EndObject) throw new JsonException("the object is not closed");
        // Only fields of the other client schema than the hinted one: the fields say more than the hint.
        if (otherClient != ShapeKind.Unknown) return new BodyShape(otherClient);
        // Only fields every shape has: a client sample of the hinted major (2 by default).
        if (sawClientId || (sawShared && hintMajor is not null))
            return new BodyShape(hintMajor == 3 ? ShapeKind.ClientSample3 : ShapeKind.ClientSample2);
        if (sawShared)
            return new BodyShape(ShapeKind.ClientSample2);
        return new BodyShape(ShapeKind.Unknown, "no field of any ObserveRTC sample schema (expected clientSamples, sfuSamples, clientId, peerConnections, sfuId, …)");
    }

    /// <summary>
    /// The current property name; one that is not valid UTF-16 (an escaped lone surrogate) is no field of
    /// any schema, so it is read as an unknown field (skipped) instead of failing the body.
    /// </summary>
    internal static string PropertyName(ref Utf8JsonReader reader)
    {
        try
        {
            return reader.GetString()!;
        }
        catch (InvalidOperationException)
        {
            return UnreadableName;
        }
    }

    /// <summary>What a property name that is not valid UTF-16 is read as: the name of no field.</summary>
    internal const string UnreadableName = "(a name that is not valid UTF-16)";
}

/// <summary>The schema version a sender declared (event property or query parameter <c>schemaVersion</c>).</summary>
internal readonly record struct SchemaHint(string? Version, int? Major, string? Error)
{
    public static SchemaHint Parse(string? hint)
    {
        if (string.IsNullOrWhiteSpace(hint)) return default;
        var text = hint.Trim();
        var dot = text.IndexOf('.');
        var majorText = dot < 0 ? text : text[..dot];
        if (!int.TryParse(majorText, NumberStyles.None, CultureInfo.InvariantCulture, out var major))
            return new SchemaHint(text, null, $"schemaVersion \"{Shorten(text)}\" is not a version (expected e.g. 2.2.0 or 3.0.0)");
        if (major is not (2 or 3))
            return new SchemaHint(text, major, $"schemaVersion {Shorten(text)} is not supported (this observer reads 2.x and 3.x)");
        return new SchemaHint(text, major, null);
    }

    /// <summary>The version to record for a sample whose shape says <paramref name="major"/>.</summary>
    public string VersionFor(int major) => Major == major && Version is not null ? Version : $"{major}.x";

    private static string Shorten(string text) => text.Length <= 20 ? text : text[..20] + "…";
}
