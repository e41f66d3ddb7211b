using S2 = ObserveRtc.Core.Samples.Schema2;

namespace ObserveRtc.Core.Samples;

/// <summary>Validates schema 2.x samples and builds their schema-neutral views.</summary>
internal static class Schema2Views
{
    public static ViewOutcome<ClientSampleView> ForClient(S2.ClientSample s, SampleOrigin origin, string schemaVersion, SampleDecoderOptions options)
    {
        var clientId = Ids.Normalize(s.ClientId);
        if (clientId is null) return ViewOutcome<ClientSampleView>.Reject(RejectReasons.MissingClientId, "the sample has no clientId (absent, empty or \"NULL\")");
        if (SampleChecks.TimestampError(s.Timestamp, origin, options) is { } error) return ViewOutcome<ClientSampleView>.Reject(RejectReasons.InvalidValue, error);
        var callId = Ids.Normalize(s.CallId);
        var roomId = Ids.Normalize(s.RoomId);
        if (callId is null && roomId is null)
            return ViewOutcome<ClientSampleView>.Reject(RejectReasons.MissingCallIdentity, "the sample has neither a callId nor a roomId");
        if (SampleChecks.IdLengthError(options, ("clientId", clientId), ("callId", callId), ("roomId", roomId)) is { } tooLong)
            return ViewOutcome<ClientSampleView>.Reject(RejectReasons.InvalidValue, tooLong);

        var pcs = new PeerConnectionCollector();
        foreach (var t in s.PcTransports.OrEmpty())
            pcs.Add(t.PeerConnectionId, t.Label, transport: true, closed: SampleChecks.IsClosed(t.IceState) || SampleChecks.IsClosed(t.DtlsState));
        foreach (var p in s.IceCandidatePairs.OrEmpty())
            pcs.Add(p.PeerConnectionId, p.Label, transport: true);

        var tracks = new TrackCollector();
        foreach (var t in s.InboundAudioTracks.OrEmpty())
        {
            pcs.Add(t.PeerConnectionId, rtp: true);
            tracks.Add(t.PeerConnectionId, t.TrackId, TrackDirection.Inbound, MediaKind.Audio, t.Ssrc, t.SfuStreamId, t.SfuSinkId, t.RemoteClientId, t.BytesReceived);
        }
        foreach (var t in s.InboundVideoTracks.OrEmpty())
        {
            pcs.Add(t.PeerConnectionId, rtp: true);
            tracks.Add(t.PeerConnectionId, t.TrackId, TrackDirection.Inbound, MediaKind.Video, t.Ssrc, t.SfuStreamId, t.SfuSinkId, t.RemoteClientId, t.BytesReceived);
        }
        foreach (var t in s.OutboundAudioTracks.OrEmpty())
        {
            pcs.Add(t.PeerConnectionId, rtp: true);
            tracks.Add(t.PeerConnectionId, t.TrackId, TrackDirection.Outbound, MediaKind.Audio, t.Ssrc, t.SfuStreamId, bytes: t.BytesSent);
        }
        foreach (var t in s.OutboundVideoTracks.OrEmpty())
        {
            pcs.Add(t.PeerConnectionId, rtp: true);
            tracks.Add(t.PeerConnectionId, t.TrackId, TrackDirection.Outbound, MediaKind.Video, t.Ssrc, t.SfuStreamId, bytes: t.BytesSent);
        }
        foreach (var d in s.DataChannels.OrEmpty())
            pcs.Add(d.PeerConnectionId, rtp: true);

        var events = new List<ClientEventView>();
        foreach (var e in s.CustomCallEvents.OrEmpty())
        {
            if (string.IsNullOrWhiteSpace(e.Name)) continue; // name is required: a nameless event says nothing
            var pc = Ids.Normalize(e.PeerConnectionId);
            var track = Ids.Normalize(e.MediaTrackId);
            // A CLIENT_ISSUE stays an event: the tracker passes it through as sent (client-monitor-js 3.x: value =
            // severity, message = description) and counts it as an issue.
            events.Add(new ClientEventView(e.Name, SampleChecks.EventTimestamp(e.Timestamp, s.Timestamp!.Value, origin, options), pc, track, e.Value, e.Message, e.Attachments));
        }

        return new ViewOutcome<ClientSampleView>(new ClientSampleView
        {
            Origin = origin,
            SchemaVersion = schemaVersion,
            ClientId = clientId,
            CallId = callId,
            RoomId = roomId,
            UserId = Ids.Normalize(s.UserId),
            Marker = s.Marker,
            TimestampMs = s.Timestamp!.Value,
            SampleSeq = s.SampleSeq,
            PeerConnections = pcs.Build(),
            Tracks = tracks.Build(),
            Events = events.Count == 0 ? [] : events,
        }, null);
    }

    public static ViewOutcome<SfuSampleView> ForSfu(S2.SfuSample s, SampleOrigin origin, SampleDecoderOptions options)
    {
        var sfuId = Ids.Normalize(s.SfuId);
        if (sfuId is null) return ViewOutcome<SfuSampleView>.Reject(RejectReasons.InvalidValue, "an SFU sample needs an sfuId");
        if (SampleChecks.IdLengthError(options, ("sfuId", sfuId)) is { } tooLong) return ViewOutcome<SfuSampleView>.Reject(RejectReasons.InvalidValue, tooLong);
        if (SampleChecks.TimestampError(s.Timestamp, origin, options) is { } error) return ViewOutcome<SfuSampleView>.Reject(RejectReasons.InvalidValue, error);

        var transports = new List<SfuTransportView>();
        foreach (var t in s.Transports.OrEmpty())
        {
            if (Ids.Normalize(t.TransportId) is not { } id) continue;
            transports.Add(new SfuTransportView(id, t.Internal ?? false,
                SampleChecks.IsClosed(t.IceState) || SampleChecks.IsClosed(t.DtlsState) || SampleChecks.IsClosed(t.SctpState)));
        }
        var pads = new List<SfuRtpPadView>();
        foreach (var p in s.InboundRtpPads.OrEmpty())
        {
            if (Ids.Normalize(p.PadId) is not { } id || Ids.Normalize(p.TransportId) is not { } transport || Ids.Normalize(p.StreamId) is not { } stream || p.Ssrc is not { } ssrc) continue;
            pads.Add(new SfuRtpPadView(id, transport, TrackDirection.Inbound, stream, null, ssrc, SampleChecks.Kind(p.MediaType), p.Internal ?? false, null, null, null));
        }
        foreach (var p in s.OutboundRtpPads.OrEmpty())
        {
            if (Ids.Normalize(p.PadId) is not { } id || Ids.Normalize(p.TransportId) is not { } transport || Ids.Normalize(p.StreamId) is not { } stream || p.Ssrc is not { } ssrc) continue;
            pads.Add(new SfuRtpPadView(id, transport, TrackDirection.Outbound, stream, Ids.Normalize(p.SinkId), ssrc, SampleChecks.Kind(p.MediaType),
                p.Internal ?? false, Ids.Normalize(p.CallId), Ids.Normalize(p.ClientId), Ids.Normalize(p.TrackId)));
        }
        var sctp = new List<SfuSctpStreamView>();
        foreach (var c in s.SctpChannels.OrEmpty())
        {
            if (Ids.Normalize(c.ChannelId) is not { } id || Ids.Normalize(c.TransportId) is not { } transport) continue;
            sctp.Add(new SfuSctpStreamView(id, transport, c.StreamId ?? ""));
        }
        var events = new List<SfuEventView>();
        foreach (var e in s.CustomSfuEvents.OrEmpty())
        {
            if (string.IsNullOrWhiteSpace(e.Name)) continue;
            events.Add(new SfuEventView(e.Name, SampleChecks.EventTimestamp(e.Timestamp, s.Timestamp!.Value, origin, options), Ids.Normalize(e.TransportId), Ids.Normalize(e.SfuStreamId), Ids.Normalize(e.SfuSinkId), e.Value, e.Message, e.Attachments));
        }
        return new ViewOutcome<SfuSampleView>(new SfuSampleView
        {
            Origin = origin,
            SfuId = sfuId,
            TimestampMs = s.Timestamp!.Value,
            Marker = s.Marker,
            Transports = transports,
            RtpPads = pads,
            SctpStreams = sctp,
            Events = events,
        }, null);
    }
}

/// <summary>Null lists read as empty, without allocating.</summary>
internal static class ListExtensions
{
    public static ReadOnlySpan<T> OrEmpty<T>(this List<T>? list) => System.Runtime.InteropServices.CollectionsMarshal.AsSpan(list);
}
