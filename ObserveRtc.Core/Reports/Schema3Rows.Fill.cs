// Schema 3 W3C stats to schema 2.2 rows: the fields the two schemas share by name. The linking
// (remote-outbound by remoteId, playout by playoutId, media source by mediaSourceId) is in Schema3Rows.cs.
using S2 = ObserveRtc.Core.Samples.Schema2;
using S3 = ObserveRtc.Core.Samples.Schema3;

namespace ObserveRtc.Core.Reports;

internal static partial class Schema3Rows
{
    /// <summary>Fills the fields that a schema 2.2 <c>InboundAudioTrack</c> shares by name with the W3C stats of schema 3.</summary>
    private static void Fill(S2.InboundAudioTrack row, S3.InboundRtpStats rtp, S3.RemoteOutboundRtpStats? remote, S3.MediaPlayoutStats? playout)
    {
        row.Ssrc = rtp.Ssrc;
        row.PacketsReceived = rtp.PacketsReceived;
        row.PacketsLost = rtp.PacketsLost;
        row.Jitter = rtp.Jitter;
        row.LastPacketReceivedTimestamp = rtp.LastPacketReceivedTimestamp;
        row.HeaderBytesReceived = rtp.HeaderBytesReceived;
        row.PacketsDiscarded = rtp.PacketsDiscarded;
        row.FecPacketsReceived = rtp.FecPacketsReceived;
        row.FecPacketsDiscarded = rtp.FecPacketsDiscarded;
        row.BytesReceived = rtp.BytesReceived;
        row.NackCount = rtp.NackCount;
        row.TotalProcessingDelay = rtp.TotalProcessingDelay;
        row.EstimatedPlayoutTimestamp = rtp.EstimatedPlayoutTimestamp;
        row.JitterBufferDelay = rtp.JitterBufferDelay;
        row.JitterBufferTargetDelay = rtp.JitterBufferTargetDelay;
        row.JitterBufferEmittedCount = rtp.JitterBufferEmittedCount;
        row.JitterBufferMinimumDelay = rtp.JitterBufferMinimumDelay;
        row.TotalSamplesReceived = rtp.TotalSamplesReceived;
        row.ConcealedSamples = rtp.ConcealedSamples;
        row.SilentConcealedSamples = rtp.SilentConcealedSamples;
        row.ConcealmentEvents = rtp.ConcealmentEvents;
        row.InsertedSamplesForDeceleration = rtp.InsertedSamplesForDeceleration;
        row.RemovedSamplesForAcceleration = rtp.RemovedSamplesForAcceleration;
        row.AudioLevel = rtp.AudioLevel;
        row.TotalAudioEnergy = rtp.TotalAudioEnergy;
        row.TotalSamplesDuration = rtp.TotalSamplesDuration;
        row.DecoderImplementation = rtp.DecoderImplementation;
        if (remote is not null)
        {
            row.PacketsSent = remote.PacketsSent;
            row.BytesSent = remote.BytesSent;
            row.RemoteTimestamp = remote.RemoteTimestamp;
            row.ReportsSent = remote.ReportsSent;
            row.RoundTripTime = remote.RoundTripTime;
            row.TotalRoundTripTime = remote.TotalRoundTripTime;
            row.RoundTripTimeMeasurements = remote.RoundTripTimeMeasurements;
        }
        if (playout is not null)
        {
            row.SynthesizedSamplesDuration = playout.SynthesizedSamplesDuration;
            row.SynthesizedSamplesEvents = playout.SynthesizedSamplesEvents;
            row.TotalPlayoutDelay = playout.TotalPlayoutDelay;
            row.TotalSamplesCount = playout.TotalSamplesCount;
        }
    }

    /// <summary>Fills the fields that a schema 2.2 <c>InboundVideoTrack</c> shares by name with the W3C stats of schema 3.</summary>
    private static void Fill(S2.InboundVideoTrack row, S3.InboundRtpStats rtp, S3.RemoteOutboundRtpStats? remote)
    {
        row.Ssrc = rtp.Ssrc;
        row.PacketsReceived = rtp.PacketsReceived;
        row.PacketsLost = rtp.PacketsLost;
        row.Jitter = rtp.Jitter;
        row.FramesDropped = rtp.FramesDropped;
        row.LastPacketReceivedTimestamp = rtp.LastPacketReceivedTimestamp;
        row.HeaderBytesReceived = rtp.HeaderBytesReceived;
        row.PacketsDiscarded = rtp.PacketsDiscarded;
        row.FecPacketsReceived = rtp.FecPacketsReceived;
        row.FecPacketsDiscarded = rtp.FecPacketsDiscarded;
        row.BytesReceived = rtp.BytesReceived;
        row.NackCount = rtp.NackCount;
        row.TotalProcessingDelay = rtp.TotalProcessingDelay;
        row.EstimatedPlayoutTimestamp = rtp.EstimatedPlayoutTimestamp;
        row.JitterBufferDelay = rtp.JitterBufferDelay;
        row.JitterBufferTargetDelay = rtp.JitterBufferTargetDelay;
        row.JitterBufferEmittedCount = rtp.JitterBufferEmittedCount;
        row.JitterBufferMinimumDelay = rtp.JitterBufferMinimumDelay;
        row.DecoderImplementation = rtp.DecoderImplementation;
        row.FramesDecoded = rtp.FramesDecoded;
        row.KeyFramesDecoded = rtp.KeyFramesDecoded;
        row.FrameWidth = rtp.FrameWidth;
        row.FrameHeight = rtp.FrameHeight;
        row.FramesPerSecond = rtp.FramesPerSecond;
        row.QpSum = rtp.QpSum;
        row.TotalDecodeTime = rtp.TotalDecodeTime;
        row.TotalInterFrameDelay = rtp.TotalInterFrameDelay;
        row.TotalSquaredInterFrameDelay = rtp.TotalSquaredInterFrameDelay;
        row.FirCount = rtp.FirCount;
        row.PliCount = rtp.PliCount;
        row.FramesReceived = rtp.FramesReceived;
        if (remote is not null)
        {
            row.PacketsSent = remote.PacketsSent;
            row.BytesSent = remote.BytesSent;
            row.RemoteTimestamp = remote.RemoteTimestamp;
            row.ReportsSent = remote.ReportsSent;
            row.RoundTripTime = remote.RoundTripTime;
            row.TotalRoundTripTime = remote.TotalRoundTripTime;
            row.RoundTripTimeMeasurements = remote.RoundTripTimeMeasurements;
        }
    }

    /// <summary>Fills the fields that a schema 2.2 <c>OutboundAudioTrack</c> shares by name with the W3C stats of schema 3.</summary>
    private static void Fill(S2.OutboundAudioTrack row, S3.OutboundRtpStats rtp, S3.RemoteInboundRtpStats? remote, S3.MediaSourceStats? source)
    {
        row.Ssrc = rtp.Ssrc;
        row.PacketsSent = rtp.PacketsSent;
        row.BytesSent = rtp.BytesSent;
        row.Rid = rtp.Rid;
        row.HeaderBytesSent = rtp.HeaderBytesSent;
        row.RetransmittedPacketsSent = rtp.RetransmittedPacketsSent;
        row.RetransmittedBytesSent = rtp.RetransmittedBytesSent;
        row.TargetBitrate = rtp.TargetBitrate;
        row.TotalEncodedBytesTarget = rtp.TotalEncodedBytesTarget;
        row.TotalPacketSendDelay = rtp.TotalPacketSendDelay;
        row.NackCount = rtp.NackCount;
        row.EncoderImplementation = rtp.EncoderImplementation;
        row.Active = rtp.Active;
        if (remote is not null)
        {
            row.PacketsReceived = remote.PacketsReceived;
            row.PacketsLost = remote.PacketsLost;
            row.Jitter = remote.Jitter;
            row.RoundTripTime = remote.RoundTripTime;
            row.TotalRoundTripTime = remote.TotalRoundTripTime;
            row.FractionLost = remote.FractionLost;
            row.RoundTripTimeMeasurements = remote.RoundTripTimeMeasurements;
        }
        if (source is not null)
        {
            row.AudioLevel = source.AudioLevel;
            row.TotalAudioEnergy = source.TotalAudioEnergy;
            row.TotalSamplesDuration = source.TotalSamplesDuration;
            row.EchoReturnLoss = source.EchoReturnLoss;
            row.EchoReturnLossEnhancement = source.EchoReturnLossEnhancement;
        }
    }

    /// <summary>Fills the fields that a schema 2.2 <c>OutboundVideoTrack</c> shares by name with the W3C stats of schema 3.</summary>
    private static void Fill(S2.OutboundVideoTrack row, S3.OutboundRtpStats rtp, S3.RemoteInboundRtpStats? remote, S3.MediaSourceStats? source)
    {
        row.Ssrc = rtp.Ssrc;
        row.PacketsSent = rtp.PacketsSent;
        row.BytesSent = rtp.BytesSent;
        row.Rid = rtp.Rid;
        row.HeaderBytesSent = rtp.HeaderBytesSent;
        row.RetransmittedPacketsSent = rtp.RetransmittedPacketsSent;
        row.RetransmittedBytesSent = rtp.RetransmittedBytesSent;
        row.TargetBitrate = rtp.TargetBitrate;
        row.TotalEncodedBytesTarget = rtp.TotalEncodedBytesTarget;
        row.TotalPacketSendDelay = rtp.TotalPacketSendDelay;
        row.NackCount = rtp.NackCount;
        row.EncoderImplementation = rtp.EncoderImplementation;
        row.Active = rtp.Active;
        row.FrameWidth = rtp.FrameWidth;
        row.FrameHeight = rtp.FrameHeight;
        row.FramesPerSecond = rtp.FramesPerSecond;
        row.FramesSent = rtp.FramesSent;
        row.HugeFramesSent = rtp.HugeFramesSent;
        row.FramesEncoded = rtp.FramesEncoded;
        row.KeyFramesEncoded = rtp.KeyFramesEncoded;
        row.QpSum = rtp.QpSum;
        row.TotalEncodeTime = rtp.TotalEncodeTime;
        row.QualityLimitationReason = rtp.QualityLimitationReason;
        row.QualityLimitationResolutionChanges = rtp.QualityLimitationResolutionChanges;
        row.FirCount = rtp.FirCount;
        row.PliCount = rtp.PliCount;
        if (remote is not null)
        {
            row.PacketsReceived = remote.PacketsReceived;
            row.PacketsLost = remote.PacketsLost;
            row.Jitter = remote.Jitter;
            row.RoundTripTime = remote.RoundTripTime;
            row.TotalRoundTripTime = remote.TotalRoundTripTime;
            row.FractionLost = remote.FractionLost;
            row.RoundTripTimeMeasurements = remote.RoundTripTimeMeasurements;
        }
        if (source is not null)
        {
            row.Width = source.Width;
            row.Height = source.Height;
            row.Frames = source.Frames;
        }
    }

    /// <summary>Fills the fields that a schema 2.2 <c>PeerConnectionTransport</c> shares by name with the W3C stats of schema 3.</summary>
    private static void Fill(S2.PeerConnectionTransport row, S3.IceTransportStats transport)
    {
        row.PacketsSent = transport.PacketsSent;
        row.PacketsReceived = transport.PacketsReceived;
        row.BytesSent = transport.BytesSent;
        row.BytesReceived = transport.BytesReceived;
        row.IceRole = transport.IceRole;
        row.IceLocalUsernameFragment = transport.IceLocalUsernameFragment;
        row.DtlsState = transport.DtlsState;
        row.SelectedCandidatePairId = transport.SelectedCandidatePairId;
        row.IceState = transport.IceState;
        row.LocalCertificateId = transport.LocalCertificateId;
        row.RemoteCertificateId = transport.RemoteCertificateId;
        row.TlsVersion = transport.TlsVersion;
        row.DtlsCipher = transport.DtlsCipher;
        row.DtlsRole = transport.DtlsRole;
        row.SrtpCipher = transport.SrtpCipher;
        row.SelectedCandidatePairChanges = transport.SelectedCandidatePairChanges;
    }

    /// <summary>Fills the fields that a schema 2.2 <c>IceCandidatePair</c> shares by name with the W3C stats of schema 3.</summary>
    private static void Fill(S2.IceCandidatePair row, S3.IceCandidatePairStats pair)
    {
        row.TransportId = pair.TransportId;
        row.LocalCandidateId = pair.LocalCandidateId;
        row.RemoteCandidateId = pair.RemoteCandidateId;
        row.State = pair.State;
        row.Nominated = pair.Nominated;
        row.PacketsSent = pair.PacketsSent;
        row.PacketsReceived = pair.PacketsReceived;
        row.BytesSent = pair.BytesSent;
        row.BytesReceived = pair.BytesReceived;
        row.LastPacketSentTimestamp = pair.LastPacketSentTimestamp;
        row.LastPacketReceivedTimestamp = pair.LastPacketReceivedTimestamp;
        row.TotalRoundTripTime = pair.TotalRoundTripTime;
        row.CurrentRoundTripTime = pair.CurrentRoundTripTime;
        row.AvailableOutgoingBitrate = pair.AvailableOutgoingBitrate;
        row.AvailableIncomingBitrate = pair.AvailableIncomingBitrate;
        row.RequestsReceived = pair.RequestsReceived;
        row.RequestsSent = pair.RequestsSent;
        row.ResponsesReceived = pair.ResponsesReceived;
        row.ResponsesSent = pair.ResponsesSent;
        row.ConsentRequestsSent = pair.ConsentRequestsSent;
        row.PacketsDiscardedOnSend = pair.PacketsDiscardedOnSend;
        row.BytesDiscardedOnSend = pair.BytesDiscardedOnSend;
    }

    /// <summary>Fills the fields that a schema 2.2 <c>DataChannel</c> shares by name with the W3C stats of schema 3.</summary>
    private static void Fill(S2.DataChannel row, S3.DataChannelStats channel)
    {
        row.DataChannelIdentifier = channel.DataChannelIdentifier;
        row.Label = channel.Label;
        row.Protocol = channel.Protocol;
        row.State = channel.State;
        row.BytesSent = channel.BytesSent;
        row.BytesReceived = channel.BytesReceived;
    }
}
