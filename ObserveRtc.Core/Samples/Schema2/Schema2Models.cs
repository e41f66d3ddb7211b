// Schema 2.x sample models: every field of ObserveRTC sample schema 2.2.10/2.2.11
// (@observertc/sample-schemas-js 2.2.10, src/samples/Samples.ts). Field names are the schema's.
// Numbers are read leniently (see LenientNumberConverters): 2.2.0 ints and 2.2.5+ doubles both read.
// The objects reports carry only as text (OS, browser, engine, platform, media devices and sources,
// codecs, certificates, ICE candidates: CALL_META_DATA payloads) are RawStats, kept as sent.
using System.Text.Json.Serialization;
using ObserveRtc.Core.Samples.Json;

// Field-level docs are the schema's own (see the header); the property names are the schema's names.
#pragma warning disable CS1591

namespace ObserveRtc.Core.Samples.Schema2;

/// <summary>Schema type <c>TurnSession</c>.</summary>
public sealed partial class TurnSession
{
    public string? SessionId { get; set; }
    public string? Realm { get; set; }
    public string? Username { get; set; }
    public string? ClientId { get; set; }
    public long? Started { get; set; }
    public long? NonceExpirationTime { get; set; }
    public string? ServerAddress { get; set; }
    public long? ServerPort { get; set; }
    public string? TransportProtocol { get; set; }
    public string? ClientAddress { get; set; }
    public long? ClientPort { get; set; }
    public double? SendingBitrate { get; set; }
    public double? ReceivingBitrate { get; set; }
    public double? SentBytes { get; set; }
    public double? ReceivedBytes { get; set; }
    public double? SentPackets { get; set; }
    public double? ReceivedPackets { get; set; }
}

/// <summary>Schema type <c>TurnPeerAllocation</c>.</summary>
public sealed partial class TurnPeerAllocation
{
    public string? PeerId { get; set; }
    public string? SessionId { get; set; }
    public string? RelayedAddress { get; set; }
    public long? RelayedPort { get; set; }
    public string? TransportProtocol { get; set; }
    public string? PeerAddress { get; set; }
    public long? PeerPort { get; set; }
    public double? SendingBitrate { get; set; }
    public double? ReceivingBitrate { get; set; }
    public double? SentBytes { get; set; }
    public double? ReceivedBytes { get; set; }
    public double? SentPackets { get; set; }
    public double? ReceivedPackets { get; set; }
}

/// <summary>One sample of one TURN server (decoded, not processed).</summary>
public sealed partial class TurnSample
{
    public string? ServerId { get; set; }
    public List<TurnPeerAllocation>? Allocations { get; set; }
    public List<TurnSession>? Sessions { get; set; }
}

/// <summary>Schema type <c>SfuExtensionStats</c>.</summary>
public sealed partial class SfuExtensionStats
{
    public string? Type { get; set; }
    [JsonConverter(typeof(JsonTextConverter))]
    public string? Payload { get; set; }
}

/// <summary>Schema type <c>SfuSctpChannel</c>.</summary>
public sealed partial class SfuSctpChannel
{
    public string? TransportId { get; set; }
    public string? StreamId { get; set; }
    public string? ChannelId { get; set; }
    public bool? NoReport { get; set; }
    public bool? Internal { get; set; }
    public string? Label { get; set; }
    public string? Protocol { get; set; }
    public double? SctpSmoothedRoundTripTime { get; set; }
    public double? SctpCongestionWindow { get; set; }
    public double? SctpReceiverWindow { get; set; }
    public double? SctpMtu { get; set; }
    public double? SctpUnackData { get; set; }
    public double? MessageReceived { get; set; }
    public double? MessageSent { get; set; }
    public double? BytesReceived { get; set; }
    public double? BytesSent { get; set; }
}

/// <summary>Schema type <c>SfuOutboundRtpPad</c>.</summary>
public sealed partial class SfuOutboundRtpPad
{
    public string? TransportId { get; set; }
    public string? StreamId { get; set; }
    public string? SinkId { get; set; }
    public string? PadId { get; set; }
    public long? Ssrc { get; set; }
    public bool? NoReport { get; set; }
    public bool? Internal { get; set; }
    public string? CallId { get; set; }
    public string? ClientId { get; set; }
    public string? TrackId { get; set; }
    public string? MediaType { get; set; }
    public long? PayloadType { get; set; }
    public string? MimeType { get; set; }
    public long? ClockRate { get; set; }
    public string? SdpFmtpLine { get; set; }
    public string? Rid { get; set; }
    public long? RtxSsrc { get; set; }
    public double? TargetBitrate { get; set; }
    public bool? VoiceActivityFlag { get; set; }
    public double? FirCount { get; set; }
    public double? PliCount { get; set; }
    public double? NackCount { get; set; }
    public double? SliCount { get; set; }
    public double? PacketsLost { get; set; }
    public double? PacketsSent { get; set; }
    public double? PacketsDiscarded { get; set; }
    public double? PacketsRetransmitted { get; set; }
    public double? PacketsFailedEncryption { get; set; }
    public double? PacketsDuplicated { get; set; }
    public double? FecPacketsSent { get; set; }
    public double? FecPacketsDiscarded { get; set; }
    public double? BytesSent { get; set; }
    public double? RtcpSrSent { get; set; }
    public double? RtcpRrReceived { get; set; }
    public double? RtxPacketsSent { get; set; }
    public double? RtxPacketsDiscarded { get; set; }
    public double? FramesSent { get; set; }
    public double? FramesEncoded { get; set; }
    public double? KeyFramesEncoded { get; set; }
    public double? FractionLost { get; set; }
    public double? Jitter { get; set; }
    public double? RoundTripTime { get; set; }
}

/// <summary>Schema type <c>SfuInboundRtpPad</c>.</summary>
public sealed partial class SfuInboundRtpPad
{
    public string? TransportId { get; set; }
    public string? StreamId { get; set; }
    public string? PadId { get; set; }
    public long? Ssrc { get; set; }
    public bool? NoReport { get; set; }
    public bool? Internal { get; set; }
    public string? MediaType { get; set; }
    public long? PayloadType { get; set; }
    public string? MimeType { get; set; }
    public long? ClockRate { get; set; }
    public string? SdpFmtpLine { get; set; }
    public string? Rid { get; set; }
    public long? RtxSsrc { get; set; }
    public double? TargetBitrate { get; set; }
    public bool? VoiceActivityFlag { get; set; }
    public double? FirCount { get; set; }
    public double? PliCount { get; set; }
    public double? NackCount { get; set; }
    public double? SliCount { get; set; }
    public double? PacketsLost { get; set; }
    public double? PacketsReceived { get; set; }
    public double? PacketsDiscarded { get; set; }
    public double? PacketsRepaired { get; set; }
    public double? PacketsFailedDecryption { get; set; }
    public double? PacketsDuplicated { get; set; }
    public double? FecPacketsReceived { get; set; }
    public double? FecPacketsDiscarded { get; set; }
    public double? BytesReceived { get; set; }
    public double? RtcpSrReceived { get; set; }
    public double? RtcpRrSent { get; set; }
    public double? RtxPacketsReceived { get; set; }
    public double? RtxPacketsDiscarded { get; set; }
    public double? FramesReceived { get; set; }
    public double? FramesDecoded { get; set; }
    public double? KeyFramesDecoded { get; set; }
    public double? FractionLost { get; set; }
    public double? Jitter { get; set; }
    public double? RoundTripTime { get; set; }
}

/// <summary>Schema type <c>SfuTransport</c>.</summary>
public sealed partial class SfuTransport
{
    public string? TransportId { get; set; }
    public bool? NoReport { get; set; }
    public bool? Internal { get; set; }
    public string? DtlsState { get; set; }
    public string? IceState { get; set; }
    public string? SctpState { get; set; }
    public string? IceRole { get; set; }
    public string? LocalAddress { get; set; }
    public long? LocalPort { get; set; }
    public string? Protocol { get; set; }
    public string? RemoteAddress { get; set; }
    public long? RemotePort { get; set; }
    public double? RtpBytesReceived { get; set; }
    public double? RtpBytesSent { get; set; }
    public double? RtpPacketsReceived { get; set; }
    public double? RtpPacketsSent { get; set; }
    public double? RtpPacketsLost { get; set; }
    public double? RtxBytesReceived { get; set; }
    public double? RtxBytesSent { get; set; }
    public double? RtxPacketsReceived { get; set; }
    public double? RtxPacketsSent { get; set; }
    public double? RtxPacketsLost { get; set; }
    public double? RtxPacketsDiscarded { get; set; }
    public double? SctpBytesReceived { get; set; }
    public double? SctpBytesSent { get; set; }
    public double? SctpPacketsReceived { get; set; }
    public double? SctpPacketsSent { get; set; }
}

/// <summary>Schema type <c>CustomSfuEvent</c>.</summary>
public sealed partial class CustomSfuEvent
{
    public string? Name { get; set; }
    [JsonConverter(typeof(JsonTextConverter))]
    public string? Value { get; set; }
    public string? TransportId { get; set; }
    public string? SfuStreamId { get; set; }
    public string? SfuSinkId { get; set; }
    public string? Message { get; set; }
    [JsonConverter(typeof(JsonTextConverter))]
    public string? Attachments { get; set; }
    public long? Timestamp { get; set; }
}

/// <summary>One sample of one SFU.</summary>
public sealed partial class SfuSample
{
    public string? SfuId { get; set; }
    public long? Timestamp { get; set; }
    public long? TimeZoneOffsetInHours { get; set; }
    public string? Marker { get; set; }
    public List<CustomSfuEvent>? CustomSfuEvents { get; set; }
    public List<SfuTransport>? Transports { get; set; }
    public List<SfuInboundRtpPad>? InboundRtpPads { get; set; }
    public List<SfuOutboundRtpPad>? OutboundRtpPads { get; set; }
    public List<SfuSctpChannel>? SctpChannels { get; set; }
    public List<SfuExtensionStats>? ExtensionStats { get; set; }
}

/// <summary>Schema type <c>OutboundVideoTrack</c>.</summary>
public sealed partial class OutboundVideoTrack
{
    public long? Ssrc { get; set; }
    public string? TrackId { get; set; }
    public string? PeerConnectionId { get; set; }
    public string? SfuStreamId { get; set; }
    public double? PacketsSent { get; set; }
    public double? BytesSent { get; set; }
    public string? Rid { get; set; }
    public double? HeaderBytesSent { get; set; }
    public double? RetransmittedPacketsSent { get; set; }
    public double? RetransmittedBytesSent { get; set; }
    public double? TargetBitrate { get; set; }
    public double? TotalEncodedBytesTarget { get; set; }
    public double? TotalPacketSendDelay { get; set; }
    public double? AverageRtcpInterval { get; set; }
    public double? NackCount { get; set; }
    public string? EncoderImplementation { get; set; }
    public bool? Active { get; set; }
    public double? FrameWidth { get; set; }
    public double? FrameHeight { get; set; }
    public double? FramesPerSecond { get; set; }
    public double? FramesSent { get; set; }
    public double? HugeFramesSent { get; set; }
    public double? FramesEncoded { get; set; }
    public double? KeyFramesEncoded { get; set; }
    public double? QpSum { get; set; }
    public double? TotalEncodeTime { get; set; }
    public double? QualityLimitationDurationNone { get; set; }
    public double? QualityLimitationDurationCPU { get; set; }
    public double? QualityLimitationDurationBandwidth { get; set; }
    public double? QualityLimitationDurationOther { get; set; }
    public string? QualityLimitationReason { get; set; }
    public double? QualityLimitationResolutionChanges { get; set; }
    public double? FirCount { get; set; }
    public double? PliCount { get; set; }
    public double? PacketsReceived { get; set; }
    public double? PacketsLost { get; set; }
    public double? Jitter { get; set; }
    public double? RoundTripTime { get; set; }
    public double? TotalRoundTripTime { get; set; }
    public double? FractionLost { get; set; }
    public double? RoundTripTimeMeasurements { get; set; }
    public double? FramesDropped { get; set; }
    public bool? RelayedSource { get; set; }
    public double? Width { get; set; }
    public double? Height { get; set; }
    public double? Frames { get; set; }
}

/// <summary>Schema type <c>OutboundAudioTrack</c>.</summary>
public sealed partial class OutboundAudioTrack
{
    public long? Ssrc { get; set; }
    public string? TrackId { get; set; }
    public string? PeerConnectionId { get; set; }
    public string? SfuStreamId { get; set; }
    public double? PacketsSent { get; set; }
    public double? BytesSent { get; set; }
    public string? Rid { get; set; }
    public double? HeaderBytesSent { get; set; }
    public double? RetransmittedPacketsSent { get; set; }
    public double? RetransmittedBytesSent { get; set; }
    public double? TargetBitrate { get; set; }
    public double? TotalEncodedBytesTarget { get; set; }
    public double? TotalPacketSendDelay { get; set; }
    public double? AverageRtcpInterval { get; set; }
    public double? NackCount { get; set; }
    public string? EncoderImplementation { get; set; }
    public bool? Active { get; set; }
    public double? PacketsReceived { get; set; }
    public double? PacketsLost { get; set; }
    public double? Jitter { get; set; }
    public double? RoundTripTime { get; set; }
    public double? TotalRoundTripTime { get; set; }
    public double? FractionLost { get; set; }
    public double? RoundTripTimeMeasurements { get; set; }
    public bool? RelayedSource { get; set; }
    public double? AudioLevel { get; set; }
    public double? TotalAudioEnergy { get; set; }
    public double? TotalSamplesDuration { get; set; }
    public double? EchoReturnLoss { get; set; }
    public double? EchoReturnLossEnhancement { get; set; }
    public double? DroppedSamplesDuration { get; set; }
    public double? DroppedSamplesEvents { get; set; }
    public double? TotalCaptureDelay { get; set; }
    public double? TotalSamplesCaptured { get; set; }
}

/// <summary>Schema type <c>InboundVideoTrack</c>.</summary>
public sealed partial class InboundVideoTrack
{
    public long? Ssrc { get; set; }
    public string? TrackId { get; set; }
    public string? PeerConnectionId { get; set; }
    public string? RemoteClientId { get; set; }
    public string? SfuStreamId { get; set; }
    public string? SfuSinkId { get; set; }
    public double? PacketsReceived { get; set; }
    public double? PacketsLost { get; set; }
    public double? Jitter { get; set; }
    public double? FramesDropped { get; set; }
    public double? LastPacketReceivedTimestamp { get; set; }
    public double? HeaderBytesReceived { get; set; }
    public double? PacketsDiscarded { get; set; }
    public double? FecPacketsReceived { get; set; }
    public double? FecPacketsDiscarded { get; set; }
    public double? BytesReceived { get; set; }
    public double? NackCount { get; set; }
    public double? TotalProcessingDelay { get; set; }
    public double? EstimatedPlayoutTimestamp { get; set; }
    public double? JitterBufferDelay { get; set; }
    public double? JitterBufferTargetDelay { get; set; }
    public double? JitterBufferEmittedCount { get; set; }
    public double? JitterBufferMinimumDelay { get; set; }
    public string? DecoderImplementation { get; set; }
    public double? FramesDecoded { get; set; }
    public double? KeyFramesDecoded { get; set; }
    public double? FrameWidth { get; set; }
    public double? FrameHeight { get; set; }
    public double? FramesPerSecond { get; set; }
    public double? QpSum { get; set; }
    public double? TotalDecodeTime { get; set; }
    public double? TotalInterFrameDelay { get; set; }
    public double? TotalSquaredInterFrameDelay { get; set; }
    public double? FirCount { get; set; }
    public double? PliCount { get; set; }
    public double? FramesReceived { get; set; }
    public double? PacketsSent { get; set; }
    public double? BytesSent { get; set; }
    public double? RemoteTimestamp { get; set; }
    public double? ReportsSent { get; set; }
    public double? RoundTripTime { get; set; }
    public double? TotalRoundTripTime { get; set; }
    public double? RoundTripTimeMeasurements { get; set; }
}

/// <summary>Schema type <c>InboundAudioTrack</c>.</summary>
public sealed partial class InboundAudioTrack
{
    public long? Ssrc { get; set; }
    public string? TrackId { get; set; }
    public string? PeerConnectionId { get; set; }
    public string? RemoteClientId { get; set; }
    public string? SfuStreamId { get; set; }
    public string? SfuSinkId { get; set; }
    public double? PacketsReceived { get; set; }
    public double? PacketsLost { get; set; }
    public double? Jitter { get; set; }
    public double? LastPacketReceivedTimestamp { get; set; }
    public double? HeaderBytesReceived { get; set; }
    public double? PacketsDiscarded { get; set; }
    public double? FecPacketsReceived { get; set; }
    public double? FecPacketsDiscarded { get; set; }
    public double? BytesReceived { get; set; }
    public double? NackCount { get; set; }
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
    public string? DecoderImplementation { get; set; }
    public double? PacketsSent { get; set; }
    public double? BytesSent { get; set; }
    public double? RemoteTimestamp { get; set; }
    public double? ReportsSent { get; set; }
    public double? RoundTripTime { get; set; }
    public double? TotalRoundTripTime { get; set; }
    public double? RoundTripTimeMeasurements { get; set; }
    public double? SynthesizedSamplesDuration { get; set; }
    public double? SynthesizedSamplesEvents { get; set; }
    public double? TotalPlayoutDelay { get; set; }
    public double? TotalSamplesCount { get; set; }
}

/// <summary>Schema type <c>IceCandidatePair</c>.</summary>
public sealed partial class IceCandidatePair
{
    public string? CandidatePairId { get; set; }
    public string? PeerConnectionId { get; set; }
    public string? Label { get; set; }
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
}

/// <summary>Schema type <c>PeerConnectionTransport</c>.</summary>
public sealed partial class PeerConnectionTransport
{
    public string? TransportId { get; set; }
    public string? PeerConnectionId { get; set; }
    public string? Label { get; set; }
    public double? PacketsSent { get; set; }
    public double? PacketsReceived { get; set; }
    public double? BytesSent { get; set; }
    public double? BytesReceived { get; set; }
    public string? IceRole { get; set; }
    public string? IceLocalUsernameFragment { get; set; }
    public string? DtlsState { get; set; }
    public string? SelectedCandidatePairId { get; set; }
    public string? IceState { get; set; }
    public string? LocalCertificateId { get; set; }
    public string? RemoteCertificateId { get; set; }
    public string? TlsVersion { get; set; }
    public string? DtlsCipher { get; set; }
    public string? DtlsRole { get; set; }
    public string? SrtpCipher { get; set; }
    public string? TlsGroup { get; set; }
    public double? SelectedCandidatePairChanges { get; set; }
}

/// <summary>Schema type <c>DataChannel</c>.</summary>
public sealed partial class DataChannel
{
    public string? PeerConnectionId { get; set; }
    public long? DataChannelIdentifier { get; set; }
    public string? Label { get; set; }
    public string? Protocol { get; set; }
    public string? State { get; set; }
    public double? MessageSent { get; set; }
    public double? BytesSent { get; set; }
    public double? MessageReceived { get; set; }
    public double? BytesReceived { get; set; }
}

/// <summary>Schema type <c>CustomObserverEvent</c>.</summary>
public sealed partial class CustomObserverEvent
{
    public string? Name { get; set; }
    public string? MediaTrackId { get; set; }
    public string? Message { get; set; }
    [JsonConverter(typeof(JsonTextConverter))]
    public string? Attachments { get; set; }
    public long? Timestamp { get; set; }
}

/// <summary>Schema type <c>CustomCallEvent</c>.</summary>
public sealed partial class CustomCallEvent
{
    public string? Name { get; set; }
    [JsonConverter(typeof(JsonTextConverter))]
    public string? Value { get; set; }
    public string? PeerConnectionId { get; set; }
    public string? MediaTrackId { get; set; }
    public string? Message { get; set; }
    [JsonConverter(typeof(JsonTextConverter))]
    public string? Attachments { get; set; }
    public long? Timestamp { get; set; }
}

/// <summary>Schema type <c>ExtensionStat</c>.</summary>
public sealed partial class ExtensionStat
{
    public string? Type { get; set; }
    [JsonConverter(typeof(JsonTextConverter))]
    public string? Payload { get; set; }
}

/// <summary>One sample of one client: stats taken at one moment.</summary>
public sealed partial class ClientSample
{
    public string? ClientId { get; set; }
    public long? Timestamp { get; set; }
    public string? CallId { get; set; }
    public long? SampleSeq { get; set; }
    public string? RoomId { get; set; }
    public string? UserId { get; set; }
    public RawStats? Engine { get; set; }
    public RawStats? Platform { get; set; }
    public RawStats? Browser { get; set; }
    public RawStats? Os { get; set; }
    public List<string>? MediaConstraints { get; set; }
    public List<RawStats>? MediaDevices { get; set; }
    public List<string>? UserMediaErrors { get; set; }
    public List<ExtensionStat>? ExtensionStats { get; set; }
    public List<CustomCallEvent>? CustomCallEvents { get; set; }
    public List<CustomObserverEvent>? CustomObserverEvents { get; set; }
    public List<string>? IceServers { get; set; }
    public List<string>? LocalSDPs { get; set; }
    public List<DataChannel>? DataChannels { get; set; }
    public List<PeerConnectionTransport>? PcTransports { get; set; }
    public List<IceCandidatePair>? IceCandidatePairs { get; set; }
    public List<RawStats>? MediaSources { get; set; }
    public List<RawStats>? Codecs { get; set; }
    public List<RawStats>? Certificates { get; set; }
    public List<InboundAudioTrack>? InboundAudioTracks { get; set; }
    public List<InboundVideoTrack>? InboundVideoTracks { get; set; }
    public List<OutboundAudioTrack>? OutboundAudioTracks { get; set; }
    public List<OutboundVideoTrack>? OutboundVideoTracks { get; set; }
    public List<RawStats>? IceLocalCandidates { get; set; }
    public List<RawStats>? IceRemoteCandidates { get; set; }
    public long? TimeZoneOffsetInHours { get; set; }
    public string? Marker { get; set; }
}

/// <summary>Schema type <c>Controls</c>.</summary>
public sealed partial class Controls
{
    public bool? Close { get; set; }
    public string? AccessClaim { get; set; }
}

/// <summary>Schema 2.x envelope: client, SFU and TURN samples plus controls.</summary>
public sealed partial class Samples
{
    public Controls? Controls { get; set; }
    public List<ClientSample>? ClientSamples { get; set; }
    public List<SfuSample>? SfuSamples { get; set; }
    public List<TurnSample>? TurnSamples { get; set; }
}

