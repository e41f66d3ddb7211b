using ObserveRtc.Core.Samples;
using S2 = ObserveRtc.Core.Samples.Schema2;
using S3 = ObserveRtc.Core.Samples.Schema3;

namespace ObserveRtc.Core.Reports;

/// <summary>
/// Maps one schema 3 peer connection's W3C stats to the schema 2.2 rows the report schema is built
/// on, so 3.x samples give the same report types where the stats exist:
/// <list type="bullet">
/// <item>inbound-rtp (+ remote-outbound-rtp by <c>remoteId</c>, + media-playout by <c>playoutId</c>) → Inbound{Audio,Video}Track;</item>
/// <item>outbound-rtp (+ remote-inbound-rtp by <c>remoteId</c>, + media-source by <c>mediaSourceId</c>) → Outbound{Audio,Video}Track;</item>
/// <item>ice-transport → PeerConnectionTransport; ice-candidate-pair → IceCandidatePair; data-channel → DataChannel.</item>
/// </list>
/// The track id is the one the neutral view gives (trackIdentifier, or the media source's); the SFU
/// ids, from the track list's attachments, are set by <see cref="SampleReportBuilder"/> from the view.
/// </summary>
internal static partial class Schema3Rows
{
    public static S2.InboundAudioTrack InboundAudio(string pcId, S3.PeerConnectionSample pc, S3.InboundRtpStats rtp)
    {
        var row = new S2.InboundAudioTrack { PeerConnectionId = pcId, TrackId = rtp.TrackIdentifier };
        Fill(row, rtp, RemoteOutbound(pc, rtp.RemoteId), Playout(pc, rtp.PlayoutId));
        return row;
    }

    public static S2.InboundVideoTrack InboundVideo(string pcId, S3.PeerConnectionSample pc, S3.InboundRtpStats rtp)
    {
        var row = new S2.InboundVideoTrack { PeerConnectionId = pcId, TrackId = rtp.TrackIdentifier };
        Fill(row, rtp, RemoteOutbound(pc, rtp.RemoteId));
        return row;
    }

    public static S2.OutboundAudioTrack OutboundAudio(string pcId, S3.PeerConnectionSample pc, S3.OutboundRtpStats rtp)
    {
        var source = Schema3Views.MediaSourceOf(pc, rtp);
        var row = new S2.OutboundAudioTrack { PeerConnectionId = pcId, TrackId = source?.TrackIdentifier };
        Fill(row, rtp, RemoteInbound(pc, rtp.RemoteId), source);
        return row;
    }

    public static S2.OutboundVideoTrack OutboundVideo(string pcId, S3.PeerConnectionSample pc, S3.OutboundRtpStats rtp)
    {
        var source = Schema3Views.MediaSourceOf(pc, rtp);
        var row = new S2.OutboundVideoTrack { PeerConnectionId = pcId, TrackId = source?.TrackIdentifier };
        Fill(row, rtp, RemoteInbound(pc, rtp.RemoteId), source);
        if (rtp.QualityLimitationDurations is { } q)
        {
            row.QualityLimitationDurationNone = q.None;
            row.QualityLimitationDurationCPU = q.Cpu;
            row.QualityLimitationDurationBandwidth = q.Bandwidth;
            row.QualityLimitationDurationOther = q.Other;
        }
        return row;
    }

    public static S2.PeerConnectionTransport Transport(string pcId, S3.IceTransportStats transport)
    {
        var row = new S2.PeerConnectionTransport { PeerConnectionId = pcId, TransportId = transport.Id };
        Fill(row, transport);
        return row;
    }

    public static S2.IceCandidatePair CandidatePair(string pcId, S3.IceCandidatePairStats pair)
    {
        var row = new S2.IceCandidatePair { PeerConnectionId = pcId, CandidatePairId = pair.Id };
        Fill(row, pair);
        return row;
    }

    public static S2.DataChannel DataChannel(string pcId, S3.DataChannelStats channel)
    {
        var row = new S2.DataChannel { PeerConnectionId = pcId, MessageSent = channel.MessagesSent, MessageReceived = channel.MessagesReceived };
        Fill(row, channel);
        return row;
    }

    private static S3.RemoteOutboundRtpStats? RemoteOutbound(S3.PeerConnectionSample pc, string? id)
    {
        if (id is null) return null;
        foreach (var r in pc.RemoteOutboundRtps.OrEmpty())
        {
            if (r.Id == id) return r;
        }
        return null;
    }

    private static S3.RemoteInboundRtpStats? RemoteInbound(S3.PeerConnectionSample pc, string? id)
    {
        if (id is null) return null;
        foreach (var r in pc.RemoteInboundRtps.OrEmpty())
        {
            if (r.Id == id) return r;
        }
        return null;
    }

    private static S3.MediaPlayoutStats? Playout(S3.PeerConnectionSample pc, string? id)
    {
        if (id is null) return null;
        foreach (var p in pc.MediaPlayouts.OrEmpty())
        {
            if (p.Id == id) return p;
        }
        return null;
    }
}
