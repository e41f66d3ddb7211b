using S2 = ObserveRtc.Core.Samples.Schema2;
using S3 = ObserveRtc.Core.Samples.Schema3;

namespace ObserveRtc.Core.Samples;

/// <summary>The reason codes of a rejected sample (design §2). The values are the wire codes.</summary>
public static class RejectReasons
{
    /// <summary>The body is not JSON (or not UTF-8, or nested too deep).</summary>
    public const string MalformedJson = "malformed-json";
    /// <summary>JSON, but not a shape of any supported schema, or a schema version this observer does not read.</summary>
    public const string UnknownSchema = "unknown-schema";
    /// <summary>A client sample without a client id (absent, empty or <c>"NULL"</c>).</summary>
    public const string MissingClientId = "missing-client-id";
    /// <summary>A client sample with neither a call id nor a room id.</summary>
    public const string MissingCallIdentity = "missing-call-identity";
    /// <summary>The body is larger than the configured limit (1 MiB by default).</summary>
    public const string TooLarge = "too-large";
    /// <summary>A field has a value of the wrong type or out of range, or a required field is missing.</summary>
    public const string InvalidValue = "invalid-value";
    /// <summary>
    /// Not the sender's fault: a store the sample needed (the room registry) could not be reached after
    /// retries. The body is kept so it can be replayed; never produced by the decoder itself.
    /// </summary>
    public const string Unavailable = "unavailable";
}

/// <summary>What the decoder knows about an event body besides its bytes.</summary>
/// <param name="Origin">Service, media unit and receive time.</param>
/// <param name="SchemaVersionHint">The <c>schemaVersion</c> event property or query parameter, if any (e.g. <c>2.2.0</c>, <c>3.0.0</c>).</param>
public sealed record DecodeContext(SampleOrigin Origin, string? SchemaVersionHint = null);

/// <summary>One sample the decoder could not accept, with why.</summary>
/// <param name="Reason">One of <see cref="RejectReasons"/>.</param>
/// <param name="Detail">A sentence for a person: what was wrong and where (JSON path when known).</param>
/// <param name="ClientId">The client id, when it could be read.</param>
/// <param name="SampleIndex">The sample's index in the body's list (e.g. <c>clientSamples[2]</c>), when the body held several.</param>
/// <param name="BodyPrefix">The first bytes of the body (or of the sample), as text, for diagnosis.</param>
public sealed record SampleRejection(string Reason, string Detail, string? ClientId, string? SampleIndex, string BodyPrefix);

/// <summary>A decoded client sample: its schema-neutral view and the typed sample it came from (exactly one of the two is set).</summary>
public sealed record DecodedClientSample(ClientSampleView View, S2.ClientSample? Schema2, S3.ClientSample? Schema3);

/// <summary>A decoded SFU sample: its view and the typed sample.</summary>
public sealed record DecodedSfuSample(SfuSampleView View, S2.SfuSample Sample);

/// <summary>Everything one event body held: accepted samples and rejections. Never null lists.</summary>
public sealed class DecodedBody
{
    /// <summary>Accepted client samples, in body order.</summary>
    public List<DecodedClientSample> ClientSamples { get; } = [];
    /// <summary>Accepted SFU samples, in body order.</summary>
    public List<DecodedSfuSample> SfuSamples { get; } = [];
    /// <summary>TURN samples (decoded, not processed further: no observer processes them).</summary>
    public List<S2.TurnSample> TurnSamples { get; } = [];
    /// <summary>Samples, or the whole body, that were rejected.</summary>
    public List<SampleRejection> Rejections { get; } = [];
}
