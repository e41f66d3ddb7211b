namespace ObserveRtc.Core.Reports;

/// <summary>
/// One report in the ObserveRTC envelope <c>{type, schemaVersion, payload}</c> (as the Java observer
/// writes it: <c>payload</c> is the report object), plus the routing keys the sinks need.
/// </summary>
public sealed class Report
{
    /// <summary>The report schema whose field names the payloads use.</summary>
    public const string CurrentSchemaVersion = "2.2.10";

    /// <summary>The report type, one of <see cref="ReportTypes"/>.</summary>
    public required string Type { get; init; }

    /// <summary>The report schema version.</summary>
    public string SchemaVersion { get; init; } = CurrentSchemaVersion;

    /// <summary>The payload: one of the report classes (<see cref="CallEventReport"/>, <see cref="InboundAudioTrackReport"/>, …).</summary>
    public required object Payload { get; init; }

    /// <summary>
    /// A deterministic id: the same input gives the same id, so every sink can write idempotently
    /// (Tables row key, CloudEvent id). Not serialized in the envelope.
    /// </summary>
    public required string Id { get; init; }

    /// <summary>The service the report belongs to.</summary>
    public required string ServiceId { get; init; }

    /// <summary>The call the report belongs to; null only for SFU reports the observer could not tie to a call.</summary>
    public string? CallId { get; init; }

    /// <summary>The client the report is about, if any.</summary>
    public string? ClientId { get; init; }

    /// <summary>The SFU the report is about, if any.</summary>
    public string? SfuId { get; init; }

    /// <summary>The report's timestamp (epoch ms): the sample's or the event's.</summary>
    public required long TimestampMs { get; init; }

    /// <summary>
    /// The report describes an object every sample repeats (a 3.x client's codecs, certificates, ICE
    /// candidates and media sources, keyed by their stats id): a store keeps one record per
    /// <see cref="Id"/>, the latest, instead of one per sample.
    /// </summary>
    public bool OneRecordPerId { get; init; }

    /// <summary>
    /// The report's id as an event or a line of a file (CloudEvent <c>id</c>, the local host's JSON-lines
    /// files): <see cref="Id"/>, or for a <see cref="OneRecordPerId"/> report, whose id stays while its
    /// content changes from sample to sample, an id of the record and the sample's time, so each version is
    /// its own event and a repeat of one is not.
    /// </summary>
    public string EventId => OneRecordPerId ? ReportIds.From(Id, TimestampMs.ToString(System.Globalization.CultureInfo.InvariantCulture)) : Id;
}

/// <summary>The report type names of report schema 2.2 (the Java observer's <c>ReportType</c>), plus this observer's <see cref="CallSummary"/>.</summary>
public static class ReportTypes
{
    /// <summary>Observer-internal events.</summary>
    public const string ObserverEvent = "OBSERVER_EVENT";
    /// <summary>Call events: lifecycle events and client custom events.</summary>
    public const string CallEvent = "CALL_EVENT";
    /// <summary>Client meta data (browser, OS, codecs, ICE candidates, …).</summary>
    public const string CallMetaData = "CALL_META_DATA";
    /// <summary>Client extension stats.</summary>
    public const string ClientExtensionData = "CLIENT_EXTENSION_DATA";
    /// <summary>Peer connection transport stats.</summary>
    public const string PeerConnectionTransport = "PEER_CONNECTION_TRANSPORT";
    /// <summary>ICE candidate pair stats.</summary>
    public const string IceCandidatePair = "ICE_CANDIDATE_PAIR";
    /// <summary>Data channel stats.</summary>
    public const string PeerConnectionDataChannel = "PEER_CONNECTION_DATA_CHANNEL";
    /// <summary>Inbound audio track stats.</summary>
    public const string InboundAudioTrack = "INBOUND_AUDIO_TRACK";
    /// <summary>Inbound video track stats.</summary>
    public const string InboundVideoTrack = "INBOUND_VIDEO_TRACK";
    /// <summary>Outbound audio track stats.</summary>
    public const string OutboundAudioTrack = "OUTBOUND_AUDIO_TRACK";
    /// <summary>Outbound video track stats.</summary>
    public const string OutboundVideoTrack = "OUTBOUND_VIDEO_TRACK";
    /// <summary>SFU events: lifecycle events and SFU custom events.</summary>
    public const string SfuEvent = "SFU_EVENT";
    /// <summary>SFU meta data (schema only).</summary>
    public const string SfuMetaData = "SFU_META_DATA";
    /// <summary>SFU extension stats.</summary>
    public const string SfuExtensionData = "SFU_EXTENSION_DATA";
    /// <summary>SFU transport stats.</summary>
    public const string SfuTransport = "SFU_TRANSPORT";
    /// <summary>SFU inbound RTP pad stats.</summary>
    public const string SfuInboundRtpPad = "SFU_INBOUND_RTP_PAD";
    /// <summary>SFU outbound RTP pad stats.</summary>
    public const string SfuOutboundRtpPad = "SFU_OUTBOUND_RTP_PAD";
    /// <summary>SFU SCTP stream stats.</summary>
    public const string SfuSctpStream = "SFU_SCTP_STREAM";
    /// <summary>The summary of an ended call (this observer's addition; not in report schema 2.2).</summary>
    public const string CallSummary = "CALL_SUMMARY";

    /// <summary>Every report type above, in schema order.</summary>
    public static IReadOnlyList<string> All { get; } =
    [
        ObserverEvent, CallEvent, CallMetaData, ClientExtensionData, PeerConnectionTransport, IceCandidatePair, PeerConnectionDataChannel,
        InboundAudioTrack, InboundVideoTrack, OutboundAudioTrack, OutboundVideoTrack, SfuEvent, SfuMetaData, SfuExtensionData, SfuTransport,
        SfuInboundRtpPad, SfuOutboundRtpPad, SfuSctpStream, CallSummary,
    ];
}
