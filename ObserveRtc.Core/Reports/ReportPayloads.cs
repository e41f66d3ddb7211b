// Report payloads: every field of ObserveRTC report schema 2.2.10 (@observertc/report-schemas-js
// 2.2.10, src/reports/*.ts), with the schema's field names, so existing report pipelines read them.
using System.Text.Json.Serialization;

// Field-level docs are the schema's own (see the header); the property names are the schema's names.
#pragma warning disable CS1591

namespace ObserveRtc.Core.Reports;

/// <summary>A call event: a lifecycle event detected by the tracker, or a client-sent custom event.</summary>
public sealed partial class CallEventReport
{
    public string? ServiceId { get; set; }
    public long? Timestamp { get; set; }
    public string? Name { get; set; }
    public string? MediaUnitId { get; set; }
    public string? Marker { get; set; }
    public string? CallId { get; set; }
    public string? RoomId { get; set; }
    public string? ClientId { get; set; }
    public string? UserId { get; set; }
    public string? PeerConnectionId { get; set; }
    public string? MediaTrackId { get; set; }
    [JsonPropertyName("SSRC")]
    public long? SSRC { get; set; }
    public long? SampleTimestamp { get; set; }
    public long? SampleSeq { get; set; }
    public string? Message { get; set; }
    public string? Value { get; set; }
    public string? Attachments { get; set; }
}

/// <summary>Schema type <c>CallMetaReport</c>.</summary>
public sealed partial class CallMetaReport
{
    public string? ServiceId { get; set; }
    public long? Timestamp { get; set; }
    public string? MediaUnitId { get; set; }
    public string? Marker { get; set; }
    public string? CallId { get; set; }
    public string? RoomId { get; set; }
    public string? ClientId { get; set; }
    public string? UserId { get; set; }
    public string? PeerConnectionId { get; set; }
    public long? SampleTimestamp { get; set; }
    public long? SampleSeq { get; set; }
    public string? Type { get; set; }
    public string? Payload { get; set; }
}

/// <summary>Schema type <c>ClientDataChannelReport</c>.</summary>
public sealed partial class ClientDataChannelReport
{
    public string? ServiceId { get; set; }
    public string? MediaUnitId { get; set; }
    public long? Timestamp { get; set; }
    public string? CallId { get; set; }
    public string? ClientId { get; set; }
    public string? PeerConnectionId { get; set; }
    public long? SampleSeq { get; set; }
    public string? Marker { get; set; }
    public string? RoomId { get; set; }
    public string? UserId { get; set; }
    public string? PeerConnectionLabel { get; set; }
    public string? Label { get; set; }
    public string? Protocol { get; set; }
    public string? State { get; set; }
    public double? MessagesSent { get; set; }
    public double? BytesSent { get; set; }
    public double? MessagesReceived { get; set; }
    public double? BytesReceived { get; set; }
}

/// <summary>Schema type <c>ClientExtensionReport</c>.</summary>
public sealed partial class ClientExtensionReport
{
    public string? ServiceId { get; set; }
    public long? Timestamp { get; set; }
    public string? ExtensionType { get; set; }
    public string? MediaUnitId { get; set; }
    public string? Marker { get; set; }
    public string? CallId { get; set; }
    public string? RoomId { get; set; }
    public string? ClientId { get; set; }
    public string? UserId { get; set; }
    public string? PeerConnectionId { get; set; }
    public long? SampleSeq { get; set; }
    public string? Payload { get; set; }
}

/// <summary>Schema type <c>IceCandidatePairReport</c>.</summary>
public sealed partial class IceCandidatePairReport
{
    public string? ServiceId { get; set; }
    public string? MediaUnitId { get; set; }
    public long? Timestamp { get; set; }
    public string? CallId { get; set; }
    public string? ClientId { get; set; }
    public string? PeerConnectionId { get; set; }
    public long? SampleSeq { get; set; }
    public string? Marker { get; set; }
    public string? RoomId { get; set; }
    public string? UserId { get; set; }
    public string? Label { get; set; }
    public string? CandidatePairId { get; set; }
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

/// <summary>Schema type <c>InboundAudioTrackReport</c>.</summary>
public sealed partial class InboundAudioTrackReport
{
    public string? ServiceId { get; set; }
    public string? MediaUnitId { get; set; }
    public long? Timestamp { get; set; }
    public string? CallId { get; set; }
    public string? ClientId { get; set; }
    public string? PeerConnectionId { get; set; }
    public long? SampleSeq { get; set; }
    public long? Ssrc { get; set; }
    public string? Marker { get; set; }
    public string? RoomId { get; set; }
    public string? UserId { get; set; }
    public string? Label { get; set; }
    public string? TrackId { get; set; }
    public string? SfuStreamId { get; set; }
    public string? SfuSinkId { get; set; }
    public string? RemoteTrackId { get; set; }
    public string? RemoteUserId { get; set; }
    public string? RemoteClientId { get; set; }
    public string? RemotePeerConnectionId { get; set; }
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

/// <summary>Schema type <c>InboundVideoTrackReport</c>.</summary>
public sealed partial class InboundVideoTrackReport
{
    public string? ServiceId { get; set; }
    public string? MediaUnitId { get; set; }
    public long? Timestamp { get; set; }
    public string? CallId { get; set; }
    public string? ClientId { get; set; }
    public string? PeerConnectionId { get; set; }
    public long? SampleSeq { get; set; }
    public long? Ssrc { get; set; }
    public string? Marker { get; set; }
    public string? RoomId { get; set; }
    public string? UserId { get; set; }
    public string? Label { get; set; }
    public string? TrackId { get; set; }
    public string? SfuStreamId { get; set; }
    public string? SfuSinkId { get; set; }
    public string? RemoteTrackId { get; set; }
    public string? RemoteUserId { get; set; }
    public string? RemoteClientId { get; set; }
    public string? RemotePeerConnectionId { get; set; }
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

/// <summary>Schema type <c>ObserverEventReport</c>.</summary>
public sealed partial class ObserverEventReport
{
    public string? ServiceId { get; set; }
    public long? Timestamp { get; set; }
    public string? CallId { get; set; }
    public string? Name { get; set; }
    public string? MediaUnitId { get; set; }
    public string? Marker { get; set; }
    public string? RoomId { get; set; }
    public string? ClientId { get; set; }
    public string? UserId { get; set; }
    public string? PeerConnectionId { get; set; }
    public long? SampleTimestamp { get; set; }
    public long? SampleSeq { get; set; }
    public string? Message { get; set; }
    public string? Value { get; set; }
    public string? Attachments { get; set; }
}

/// <summary>Schema type <c>OutboundAudioTrackReport</c>.</summary>
public sealed partial class OutboundAudioTrackReport
{
    public string? ServiceId { get; set; }
    public string? MediaUnitId { get; set; }
    public long? Timestamp { get; set; }
    public string? CallId { get; set; }
    public string? ClientId { get; set; }
    public string? PeerConnectionId { get; set; }
    public long? SampleSeq { get; set; }
    public long? Ssrc { get; set; }
    public string? Marker { get; set; }
    public string? RoomId { get; set; }
    public string? UserId { get; set; }
    public string? Label { get; set; }
    public string? TrackId { get; set; }
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

/// <summary>Schema type <c>OutboundVideoTrackReport</c>.</summary>
public sealed partial class OutboundVideoTrackReport
{
    public string? ServiceId { get; set; }
    public string? MediaUnitId { get; set; }
    public long? Timestamp { get; set; }
    public string? CallId { get; set; }
    public string? ClientId { get; set; }
    public string? PeerConnectionId { get; set; }
    public long? SampleSeq { get; set; }
    public long? Ssrc { get; set; }
    public string? Marker { get; set; }
    public string? RoomId { get; set; }
    public string? UserId { get; set; }
    public string? Label { get; set; }
    public string? TrackId { get; set; }
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

/// <summary>Schema type <c>PeerConnectionTransportReport</c>.</summary>
public sealed partial class PeerConnectionTransportReport
{
    public string? ServiceId { get; set; }
    public string? MediaUnitId { get; set; }
    public long? Timestamp { get; set; }
    public string? CallId { get; set; }
    public string? ClientId { get; set; }
    public string? PeerConnectionId { get; set; }
    public string? TransportId { get; set; }
    public long? SampleSeq { get; set; }
    public string? Marker { get; set; }
    public string? RoomId { get; set; }
    public string? UserId { get; set; }
    public string? Label { get; set; }
    public double? PacketsSent { get; set; }
    public double? PacketsReceived { get; set; }
    public double? BytesSent { get; set; }
    public double? BytesReceived { get; set; }
    public string? IceRole { get; set; }
    public string? IceLocalUsernameFragment { get; set; }
    public string? DtlsState { get; set; }
    public string? DtlsRole { get; set; }
    public string? SelectedCandidatePairId { get; set; }
    public string? IceState { get; set; }
    public string? LocalCertificateId { get; set; }
    public string? RemoteCertificateId { get; set; }
    public string? TlsVersion { get; set; }
    public string? DtlsCipher { get; set; }
    public string? SrtpCipher { get; set; }
    public string? TlsGroup { get; set; }
    public double? SelectedCandidatePairChanges { get; set; }
}

/// <summary>Schema type <c>SFUTransportReport</c>.</summary>
public sealed partial class SFUTransportReport
{
    public string? ServiceId { get; set; }
    public string? MediaUnitId { get; set; }
    public string? SfuId { get; set; }
    public long? Timestamp { get; set; }
    public string? TransportId { get; set; }
    public string? Marker { get; set; }
    public bool? Internal { get; set; }
    public string? CallId { get; set; }
    public string? RoomId { get; set; }
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

/// <summary>Schema type <c>SfuEventReport</c>.</summary>
public sealed partial class SfuEventReport
{
    public string? ServiceId { get; set; }
    public long? Timestamp { get; set; }
    public string? Name { get; set; }
    public string? MediaUnitId { get; set; }
    public string? Marker { get; set; }
    public string? SfuId { get; set; }
    public string? CallId { get; set; }
    public string? TransportId { get; set; }
    public string? MediaStreamId { get; set; }
    public string? MediaSinkId { get; set; }
    public string? SctpStreamId { get; set; }
    public string? RtpPadId { get; set; }
    public string? Message { get; set; }
    public string? Value { get; set; }
    public string? Attachments { get; set; }
}

/// <summary>Schema type <c>SfuExtensionReport</c>.</summary>
public sealed partial class SfuExtensionReport
{
    public string? ServiceId { get; set; }
    public long? Timestamp { get; set; }
    public string? ExtensionType { get; set; }
    public string? MediaUnitId { get; set; }
    public string? Marker { get; set; }
    public string? SfuId { get; set; }
    public string? Payload { get; set; }
}

/// <summary>Schema type <c>SfuInboundRtpPadReport</c>.</summary>
public sealed partial class SfuInboundRtpPadReport
{
    public string? ServiceId { get; set; }
    public string? MediaUnitId { get; set; }
    public string? SfuId { get; set; }
    public long? Timestamp { get; set; }
    public string? TransportId { get; set; }
    public string? SfuStreamId { get; set; }
    public string? RtpPadId { get; set; }
    public long? Ssrc { get; set; }
    public string? Marker { get; set; }
    public bool? Internal { get; set; }
    public string? RemoteSfuId { get; set; }
    public string? RemoteTransportId { get; set; }
    public string? RemoteSinkId { get; set; }
    public string? RemoteRtpPadId { get; set; }
    public string? TrackId { get; set; }
    public string? ClientId { get; set; }
    public string? CallId { get; set; }
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

/// <summary>Schema type <c>SfuMetaReport</c>.</summary>
public sealed partial class SfuMetaReport
{
    public string? ServiceId { get; set; }
    public long? Timestamp { get; set; }
    public string? MediaUnitId { get; set; }
    public string? Marker { get; set; }
    public string? SfuId { get; set; }
    public string? CallId { get; set; }
    public string? TransportId { get; set; }
    public string? MediaStreamId { get; set; }
    public string? MediaSinkId { get; set; }
    public string? SctpStreamId { get; set; }
    public string? RtpPadId { get; set; }
    public string? Type { get; set; }
    public string? Payload { get; set; }
}

/// <summary>Schema type <c>SfuOutboundRtpPadReport</c>.</summary>
public sealed partial class SfuOutboundRtpPadReport
{
    public string? ServiceId { get; set; }
    public string? MediaUnitId { get; set; }
    public string? SfuId { get; set; }
    public long? Timestamp { get; set; }
    public string? TransportId { get; set; }
    public string? SfuStreamId { get; set; }
    public string? SfuSinkId { get; set; }
    public string? RtpPadId { get; set; }
    public long? Ssrc { get; set; }
    public string? Marker { get; set; }
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
    public double? RoundTripTime { get; set; }
}

/// <summary>Schema type <c>SfuSctpStreamReport</c>.</summary>
public sealed partial class SfuSctpStreamReport
{
    public string? ServiceId { get; set; }
    public string? MediaUnitId { get; set; }
    public string? SfuId { get; set; }
    public long? Timestamp { get; set; }
    public string? TransportId { get; set; }
    public string? StreamId { get; set; }
    public string? Marker { get; set; }
    public bool? Internal { get; set; }
    public string? CallId { get; set; }
    public string? RoomId { get; set; }
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

