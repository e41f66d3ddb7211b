// Schema 3.x ClientSample models: every field of schema 3.0.0 (client-monitor-js 4.0.3,
// src/schema/ClientSample.ts) plus the 3.1-3.5 additions (ECN counters, encodingIndex, psnrSum,
// psnrMeasurements, ClientIssue.key). scoreReasons (string in 3.0, string[] from 3.4) and every
// payload/attachments (JSON string before 3.5, object from 3.5) are kept as JSON text, and so are the
// codecs, certificates and ICE candidates (RawStats), which reports carry only as text.
using System.Text.Json.Serialization;
using ObserveRtc.Core.Samples.Json;

// Field-level docs are the schema's own (see the header); the property names are the schema's names.
#pragma warning disable CS1591

namespace ObserveRtc.Core.Samples.Schema3;

/// <summary>Schema type <c>ExtensionStat</c>.</summary>
public sealed partial class ExtensionStat
{
    public string? Type { get; set; }
    [JsonConverter(typeof(JsonTextConverter))]
    public string? Payload { get; set; }
}

/// <summary>Schema type <c>ClientMetaData</c>.</summary>
public sealed partial class ClientMetaData
{
    public string? Type { get; set; }
    [JsonConverter(typeof(JsonTextConverter))]
    public string? Payload { get; set; }
    public string? PeerConnectionId { get; set; }
    public string? TrackId { get; set; }
    public long? Ssrc { get; set; }
    public long? Timestamp { get; set; }
}

/// <summary>[{'name': 'key', 'req': False, 'type': 'string'}]</summary>
public sealed partial class ClientIssue
{
    public string? Type { get; set; }
    [JsonConverter(typeof(JsonTextConverter))]
    public string? Payload { get; set; }
    public long? Timestamp { get; set; }
}

/// <summary>Schema type <c>ClientEvent</c>.</summary>
public sealed partial class ClientEvent
{
    public string? Type { get; set; }
    [JsonConverter(typeof(JsonTextConverter))]
    public string? Payload { get; set; }
    public long? Timestamp { get; set; }
}

/// <summary>Schema type <c>IceCandidatePairStats</c>.</summary>
public sealed partial class IceCandidatePairStats
{
    public string? Id { get; set; }
    public long? Timestamp { get; set; }
    public string? TransportId { get; set; }
    public string? LocalCandidateId { get; set; }
    public string? RemoteCandidateId { get; set; }
    public string? State { get; set; }
    public bool? Nominated { get; set; }
    public double? PacketsSent { get; set; }
    public double? PacketsReceived { get; set; }
    public double? BytesSent { get; set; }
    public double? BytesReceived { get; set; }
    public double? LastPacketSentTimestamp { get; set; }
    public double? LastPacketReceivedTimestamp { get; set; }
    public double? TotalRoundTripTime { get; set; }
    public double? CurrentRoundTripTime { get; set; }
    public double? AvailableOutgoingBitrate { get; set; }
    public double? AvailableIncomingBitrate { get; set; }
    public double? RequestsReceived { get; set; }
    public double? RequestsSent { get; set; }
    public double? ResponsesReceived { get; set; }
    public double? ResponsesSent { get; set; }
    public double? ConsentRequestsSent { get; set; }
    public double? PacketsDiscardedOnSend { get; set; }
    public double? BytesDiscardedOnSend { get; set; }
    [JsonConverter(typeof(JsonTextConverter))]
    public string? Attachments { get; set; }
}

/// <summary>Schema type <c>IceTransportStats</c>.</summary>
public sealed partial class IceTransportStats
{
    public long? Timestamp { get; set; }
    public string? Id { get; set; }
    public double? PacketsSent { get; set; }
    public double? PacketsReceived { get; set; }
    public double? BytesSent { get; set; }
    public double? BytesReceived { get; set; }
    public string? IceRole { get; set; }
    public string? IceLocalUsernameFragment { get; set; }
    public string? DtlsState { get; set; }
    public string? IceState { get; set; }
    public string? SelectedCandidatePairId { get; set; }
    public string? LocalCertificateId { get; set; }
    public string? RemoteCertificateId { get; set; }
    public string? TlsVersion { get; set; }
    public string? DtlsCipher { get; set; }
    public string? DtlsRole { get; set; }
    public string? SrtpCipher { get; set; }
    public double? SelectedCandidatePairChanges { get; set; }
    [JsonConverter(typeof(JsonTextConverter))]
    public string? Attachments { get; set; }
}

/// <summary>Schema type <c>DataChannelStats</c>.</summary>
public sealed partial class DataChannelStats
{
    public long? Timestamp { get; set; }
    public string? Id { get; set; }
    public string? Label { get; set; }
    public string? Protocol { get; set; }
    public long? DataChannelIdentifier { get; set; }
    public string? State { get; set; }
    public double? MessagesSent { get; set; }
    public double? BytesSent { get; set; }
    public double? MessagesReceived { get; set; }
    public double? BytesReceived { get; set; }
    [JsonConverter(typeof(JsonTextConverter))]
    public string? Attachments { get; set; }
}

/// <summary>Schema type <c>PeerConnectionTransportStats</c>.</summary>
public sealed partial class PeerConnectionTransportStats
{
    public long? Timestamp { get; set; }
    public string? Id { get; set; }
    public double? DataChannelsOpened { get; set; }
    public double? DataChannelsClosed { get; set; }
    [JsonConverter(typeof(JsonTextConverter))]
    public string? Attachments { get; set; }
}

/// <summary>Schema type <c>MediaPlayoutStats</c>.</summary>
public sealed partial class MediaPlayoutStats
{
    public long? Timestamp { get; set; }
    public string? Id { get; set; }
    public string? Kind { get; set; }
    public double? SynthesizedSamplesDuration { get; set; }
    public double? SynthesizedSamplesEvents { get; set; }
    public double? TotalSamplesDuration { get; set; }
    public double? TotalPlayoutDelay { get; set; }
    public double? TotalSamplesCount { get; set; }
    [JsonConverter(typeof(JsonTextConverter))]
    public string? Attachments { get; set; }
}

/// <summary>Schema type <c>MediaSourceStats</c>.</summary>
public sealed partial class MediaSourceStats
{
    public long? Timestamp { get; set; }
    public string? Id { get; set; }
    public string? Kind { get; set; }
    public string? TrackIdentifier { get; set; }
    public double? AudioLevel { get; set; }
    public double? TotalAudioEnergy { get; set; }
    public double? TotalSamplesDuration { get; set; }
    public double? EchoReturnLoss { get; set; }
    public double? EchoReturnLossEnhancement { get; set; }
    public double? Width { get; set; }
    public double? Height { get; set; }
    public double? Frames { get; set; }
    public double? FramesPerSecond { get; set; }
    [JsonConverter(typeof(JsonTextConverter))]
    public string? Attachments { get; set; }
}

/// <summary>Schema type <c>RemoteOutboundRtpStats</c>.</summary>
public sealed partial class RemoteOutboundRtpStats
{
    public long? Timestamp { get; set; }
    public string? Id { get; set; }
    public long? Ssrc { get; set; }
    public string? Kind { get; set; }
    public string? TransportId { get; set; }
    public string? CodecId { get; set; }
    public double? PacketsSent { get; set; }
    public double? BytesSent { get; set; }
    public string? LocalId { get; set; }
    public double? RemoteTimestamp { get; set; }
    public double? ReportsSent { get; set; }
    public double? RoundTripTime { get; set; }
    public double? TotalRoundTripTime { get; set; }
    public double? RoundTripTimeMeasurements { get; set; }
    [JsonConverter(typeof(JsonTextConverter))]
    public string? Attachments { get; set; }
}

/// <summary>Schema type <c>QualityLimitationDurations</c>.</summary>
public sealed partial class QualityLimitationDurations
{
    public double? None { get; set; }
    public double? Cpu { get; set; }
    public double? Bandwidth { get; set; }
    public double? Other { get; set; }
}

/// <summary>[{'name': 'encodingIndex', 'req': False, 'type': 'number'}, {'name': 'psnrSum', 'req': False, 'type': 'PsnrSum'}, {'name': 'psnrMeasurements', 'req': False, 'type': 'number'}]</summary>
public sealed partial class OutboundRtpStats
{
    public long? Timestamp { get; set; }
    public string? Id { get; set; }
    public long? Ssrc { get; set; }
    public string? Kind { get; set; }
    public string? TransportId { get; set; }
    public string? CodecId { get; set; }
    public double? PacketsSent { get; set; }
    public double? BytesSent { get; set; }
    public string? Mid { get; set; }
    public string? MediaSourceId { get; set; }
    public string? RemoteId { get; set; }
    public string? Rid { get; set; }
    public double? HeaderBytesSent { get; set; }
    public double? RetransmittedPacketsSent { get; set; }
    public double? RetransmittedBytesSent { get; set; }
    public long? RtxSsrc { get; set; }
    public double? TargetBitrate { get; set; }
    public double? TotalEncodedBytesTarget { get; set; }
    public double? FrameWidth { get; set; }
    public double? FrameHeight { get; set; }
    public double? FramesPerSecond { get; set; }
    public double? FramesSent { get; set; }
    public double? HugeFramesSent { get; set; }
    public double? FramesEncoded { get; set; }
    public double? KeyFramesEncoded { get; set; }
    public double? QpSum { get; set; }
    public double? TotalEncodeTime { get; set; }
    public double? TotalPacketSendDelay { get; set; }
    public string? QualityLimitationReason { get; set; }
    public double? QualityLimitationResolutionChanges { get; set; }
    public double? NackCount { get; set; }
    public double? FirCount { get; set; }
    public double? PliCount { get; set; }
    public string? EncoderImplementation { get; set; }
    public bool? PowerEfficientEncoder { get; set; }
    public bool? Active { get; set; }
    public string? ScalabilityMode { get; set; }
    public QualityLimitationDurations? QualityLimitationDurations { get; set; }
    [JsonConverter(typeof(JsonTextConverter))]
    public string? Attachments { get; set; }
}

/// <summary>[{'name': 'packetsReceivedWithEct1', 'req': False, 'type': 'number'}, {'name': 'packetsReceivedWithCe', 'req': False, 'type': 'number'}, {'name': 'packetsReportedAsLost', 'req': False, 'type': 'number'}, {'name': 'packetsReportedAsLostButRecovered', 'req': False, 'type': 'number'}]</summary>
public sealed partial class RemoteInboundRtpStats
{
    public long? Timestamp { get; set; }
    public string? Id { get; set; }
    public long? Ssrc { get; set; }
    public string? Kind { get; set; }
    public string? TransportId { get; set; }
    public string? CodecId { get; set; }
    public double? PacketsReceived { get; set; }
    public double? PacketsLost { get; set; }
    public double? Jitter { get; set; }
    public string? LocalId { get; set; }
    public double? RoundTripTime { get; set; }
    public double? TotalRoundTripTime { get; set; }
    public double? FractionLost { get; set; }
    public double? RoundTripTimeMeasurements { get; set; }
    [JsonConverter(typeof(JsonTextConverter))]
    public string? Attachments { get; set; }
}

/// <summary>[{'name': 'packetsReceivedWithEct1', 'req': False, 'type': 'number'}, {'name': 'packetsReceivedWithCe', 'req': False, 'type': 'number'}, {'name': 'packetsReportedAsLost', 'req': False, 'type': 'number'}, {'name': 'packetsReportedAsLostButRecovered', 'req': False, 'type': 'number'}]</summary>
public sealed partial class InboundRtpStats
{
    public long? Timestamp { get; set; }
    public string? Id { get; set; }
    public long? Ssrc { get; set; }
    public string? Kind { get; set; }
    public string? TrackIdentifier { get; set; }
    public string? TransportId { get; set; }
    public string? CodecId { get; set; }
    public double? PacketsReceived { get; set; }
    public double? PacketsLost { get; set; }
    public double? Jitter { get; set; }
    public string? Mid { get; set; }
    public string? RemoteId { get; set; }
    public double? FramesDecoded { get; set; }
    public double? KeyFramesDecoded { get; set; }
    public double? FramesRendered { get; set; }
    public double? FramesDropped { get; set; }
    public double? FrameWidth { get; set; }
    public double? FrameHeight { get; set; }
    public double? FramesPerSecond { get; set; }
    public double? QpSum { get; set; }
    public double? TotalDecodeTime { get; set; }
    public double? TotalInterFrameDelay { get; set; }
    public double? TotalSquaredInterFrameDelay { get; set; }
    public double? PauseCount { get; set; }
    public double? TotalPausesDuration { get; set; }
    public double? FreezeCount { get; set; }
    public double? TotalFreezesDuration { get; set; }
    public double? LastPacketReceivedTimestamp { get; set; }
    public double? HeaderBytesReceived { get; set; }
    public double? PacketsDiscarded { get; set; }
    public double? FecBytesReceived { get; set; }
    public double? FecPacketsReceived { get; set; }
    public double? FecPacketsDiscarded { get; set; }
    public double? BytesReceived { get; set; }
    public double? NackCount { get; set; }
    public double? FirCount { get; set; }
    public double? PliCount { get; set; }
    public double? TotalProcessingDelay { get; set; }
    public double? EstimatedPlayoutTimestamp { get; set; }
    public double? JitterBufferDelay { get; set; }
    public double? JitterBufferTargetDelay { get; set; }
    public double? JitterBufferEmittedCount { get; set; }
    public double? JitterBufferMinimumDelay { get; set; }
    public double? TotalSamplesReceived { get; set; }
    public double? ConcealedSamples { get; set; }
    public double? SilentConcealedSamples { get; set; }
    public double? ConcealmentEvents { get; set; }
    public double? InsertedSamplesForDeceleration { get; set; }
    public double? RemovedSamplesForAcceleration { get; set; }
    public double? AudioLevel { get; set; }
    public double? TotalAudioEnergy { get; set; }
    public double? TotalSamplesDuration { get; set; }
    public double? FramesReceived { get; set; }
    public string? DecoderImplementation { get; set; }
    public string? PlayoutId { get; set; }
    public bool? PowerEfficientDecoder { get; set; }
    public double? FramesAssembledFromMultiplePackets { get; set; }
    public double? TotalAssemblyTime { get; set; }
    public double? RetransmittedPacketsReceived { get; set; }
    public double? RetransmittedBytesReceived { get; set; }
    public long? RtxSsrc { get; set; }
    public long? FecSsrc { get; set; }
    public double? TotalCorruptionProbability { get; set; }
    public double? TotalSquaredCorruptionProbability { get; set; }
    public double? CorruptionMeasurements { get; set; }
    [JsonConverter(typeof(JsonTextConverter))]
    public string? Attachments { get; set; }
}

/// <summary>Schema type <c>OutboundTrackSample</c>.</summary>
public sealed partial class OutboundTrackSample
{
    public long? Timestamp { get; set; }
    public string? Id { get; set; }
    public string? Kind { get; set; }
    public double? Score { get; set; }
    [JsonConverter(typeof(JsonTextConverter))]
    public string? ScoreReasons { get; set; }
    [JsonConverter(typeof(JsonTextConverter))]
    public string? Attachments { get; set; }
}

/// <summary>Schema type <c>InboundTrackSample</c>.</summary>
public sealed partial class InboundTrackSample
{
    public long? Timestamp { get; set; }
    public string? Id { get; set; }
    public string? Kind { get; set; }
    public double? Score { get; set; }
    [JsonConverter(typeof(JsonTextConverter))]
    public string? ScoreReasons { get; set; }
    [JsonConverter(typeof(JsonTextConverter))]
    public string? Attachments { get; set; }
}

/// <summary>Schema type <c>PeerConnectionSample</c>.</summary>
public sealed partial class PeerConnectionSample
{
    public string? PeerConnectionId { get; set; }
    [JsonConverter(typeof(JsonTextConverter))]
    public string? Attachments { get; set; }
    public double? Score { get; set; }
    [JsonConverter(typeof(JsonTextConverter))]
    public string? ScoreReasons { get; set; }
    public List<InboundTrackSample>? InboundTracks { get; set; }
    public List<OutboundTrackSample>? OutboundTracks { get; set; }
    public List<RawStats>? Codecs { get; set; }
    public List<InboundRtpStats>? InboundRtps { get; set; }
    public List<RemoteInboundRtpStats>? RemoteInboundRtps { get; set; }
    public List<OutboundRtpStats>? OutboundRtps { get; set; }
    public List<RemoteOutboundRtpStats>? RemoteOutboundRtps { get; set; }
    /// <summary>Kept as sent (a CALL_META_DATA payload); read into <see cref="MediaSourceStats"/> once per sample by the view (an outbound track's id and source stats).</summary>
    public List<RawStats>? MediaSources { get; set; }
    public List<MediaPlayoutStats>? MediaPlayouts { get; set; }
    public List<PeerConnectionTransportStats>? PeerConnectionTransports { get; set; }
    public List<DataChannelStats>? DataChannels { get; set; }
    public List<IceTransportStats>? IceTransports { get; set; }
    public List<RawStats>? IceCandidates { get; set; }
    public List<IceCandidatePairStats>? IceCandidatePairs { get; set; }
    public List<RawStats>? Certificates { get; set; }
}

/// <summary>One sample of one client: stats taken at one moment.</summary>
public sealed partial class ClientSample
{
    public long? Timestamp { get; set; }
    public string? CallId { get; set; }
    public string? ClientId { get; set; }
    [JsonConverter(typeof(JsonTextConverter))]
    public string? Attachments { get; set; }
    public double? Score { get; set; }
    [JsonConverter(typeof(JsonTextConverter))]
    public string? ScoreReasons { get; set; }
    public List<PeerConnectionSample>? PeerConnections { get; set; }
    public List<ClientEvent>? ClientEvents { get; set; }
    public List<ClientIssue>? ClientIssues { get; set; }
    public List<ClientMetaData>? ClientMetaItems { get; set; }
    public List<ExtensionStat>? ExtensionStats { get; set; }
}

/// <summary>[{'name': 'y', 'req': False, 'type': 'number'}, {'name': 'u', 'req': False, 'type': 'number'}, {'name': 'v', 'req': False, 'type': 'number'}]</summary>
public sealed partial class PsnrSum
{
}

