using System.Text.Json;
using ObserveRtc.Core.Samples.Json;
using S3 = ObserveRtc.Core.Samples.Schema3;

namespace ObserveRtc.Core.Samples;

/// <summary>
/// Validates schema 3.x client samples and builds their schema-neutral views. Room and user come
/// from <c>attachments</c>. Tracks come from <c>inboundTracks</c>/<c>outboundTracks</c> when the client
/// lists them and from the raw W3C stats otherwise (<c>inboundRtps[].trackIdentifier</c>;
/// <c>outboundRtps[].mediaSourceId</c> → <c>mediaSources[].trackIdentifier</c>): client-monitor-js 4.0.3
/// leaves the track lists empty for a plain RTCPeerConnection. An outbound RTP whose media source is
/// gone (or has no track) is a sender whose track was removed: a view with no track id.
/// </summary>
internal static class Schema3Views
{
    public static ViewOutcome<ClientSampleView> ForClient(S3.ClientSample s, SampleOrigin origin, string schemaVersion, SampleDecoderOptions options)
    {
        var clientId = Ids.Normalize(s.ClientId);
        if (clientId is null) return ViewOutcome<ClientSampleView>.Reject(RejectReasons.MissingClientId, "the sample has no clientId (absent, empty or \"NULL\")");
        if (SampleChecks.TimestampError(s.Timestamp, origin, options) is { } error) return ViewOutcome<ClientSampleView>.Reject(RejectReasons.InvalidValue, error);
        var callId = Ids.Normalize(s.CallId);
        string?[] attachments;
        try
        {
            attachments = JsonText.TopLevelStrings(s.Attachments, "roomId", "userId");
        }
        catch (InvalidOperationException e)
        {
            return ViewOutcome<ClientSampleView>.Reject(RejectReasons.InvalidValue, $"invalid value at $.attachments: {SampleDecoder.FirstSentence(e.Message)}");
        }
        var roomId = Ids.Normalize(attachments[0]);
        if (callId is null && roomId is null)
            return ViewOutcome<ClientSampleView>.Reject(RejectReasons.MissingCallIdentity, "the sample has neither a callId nor attachments.roomId");
        if (SampleChecks.IdLengthError(options, ("clientId", clientId), ("callId", callId), ("roomId", roomId)) is { } tooLong)
            return ViewOutcome<ClientSampleView>.Reject(RejectReasons.InvalidValue, tooLong);

        if (ReadMediaSources(s) is { } badSource) return ViewOutcome<ClientSampleView>.Reject(RejectReasons.InvalidValue, badSource);

        var pcs = new PeerConnectionCollector();
        var tracks = new TrackCollector();
        foreach (var pc in s.PeerConnections.OrEmpty())
        {
            var pcId = Ids.Normalize(pc.PeerConnectionId);
            if (pcId is null) continue;
            var closed = false;
            foreach (var t in pc.IceTransports.OrEmpty())
                closed |= SampleChecks.IsClosed(t.IceState) || SampleChecks.IsClosed(t.DtlsState);
            pcs.Add(pcId,
                label: null,
                transport: pc.IceTransports is { Count: > 0 } || pc.IceCandidatePairs is { Count: > 0 },
                rtp: pc.InboundRtps is { Count: > 0 } || pc.OutboundRtps is { Count: > 0 } || pc.DataChannels is { Count: > 0 },
                closed: closed);
            AddTracks(pcId, pc, tracks);
        }

        var events = new List<ClientEventView>();
        foreach (var e in s.ClientEvents.OrEmpty())
        {
            if (string.IsNullOrWhiteSpace(e.Type)) continue;
            var (pcId, trackId) = PeerConnectionAndTrack(e.Payload);
            events.Add(new ClientEventView(e.Type, SampleChecks.EventTimestamp(e.Timestamp, s.Timestamp!.Value, origin, options), pcId, trackId, null, null, e.Payload));
        }
        var issues = new List<ClientIssueView>();
        foreach (var i in s.ClientIssues.OrEmpty())
        {
            if (string.IsNullOrWhiteSpace(i.Type)) continue;
            var (pcId, trackId) = PeerConnectionAndTrack(i.Payload);
            issues.Add(new ClientIssueView(i.Type, SampleChecks.EventTimestamp(i.Timestamp, s.Timestamp!.Value, origin, options), pcId, trackId, i.Payload));
        }

        return new ViewOutcome<ClientSampleView>(new ClientSampleView
        {
            Origin = origin,
            SchemaVersion = schemaVersion,
            ClientId = clientId,
            CallId = callId,
            RoomId = roomId,
            UserId = Ids.Normalize(attachments[1]),
            TimestampMs = s.Timestamp!.Value,
            PeerConnections = pcs.Build(),
            Tracks = tracks.Build(),
            Events = events.Count == 0 ? [] : events,
            Issues = issues.Count == 0 ? [] : issues,
        }, null);
    }

    private static void AddTracks(string pcId, S3.PeerConnectionSample pc, TrackCollector tracks)
    {
        // Listed tracks first (they carry the SFU ids in their attachments), then the RTP rows.
        foreach (var t in pc.InboundTracks.OrEmpty())
        {
            var (stream, sink) = SfuIds(t.Attachments);
            tracks.Add(pcId, t.Id, TrackDirection.Inbound, SampleChecks.Kind(t.Kind), null, stream, sink);
        }
        foreach (var t in pc.OutboundTracks.OrEmpty())
            tracks.Add(pcId, t.Id, TrackDirection.Outbound, SampleChecks.Kind(t.Kind), null, SfuIds(t.Attachments).Stream);
        foreach (var r in pc.InboundRtps.OrEmpty())
            tracks.Add(pcId, r.TrackIdentifier, TrackDirection.Inbound, SampleChecks.Kind(r.Kind), r.Ssrc, bytes: r.BytesReceived);
        foreach (var r in pc.OutboundRtps.OrEmpty())
            tracks.Add(pcId, OutboundTrackId(pc, r), TrackDirection.Outbound, SampleChecks.Kind(r.Kind), r.Ssrc, bytes: r.BytesSent);
    }

    /// <summary>The track an outbound RTP stream sends: its media source's track identifier, if the source is still there.</summary>
    internal static string? OutboundTrackId(S3.PeerConnectionSample pc, S3.OutboundRtpStats rtp) =>
        MediaSourceOf(pc, rtp)?.TrackIdentifier;

    internal static S3.MediaSourceStats? MediaSourceOf(S3.PeerConnectionSample pc, S3.OutboundRtpStats rtp)
    {
        if (rtp.MediaSourceId is null) return null;
        foreach (var m in pc.MediaSources.OrEmpty())
        {
            if (m.Id == rtp.MediaSourceId) return m.Typed as S3.MediaSourceStats;
        }
        return null;
    }

    /// <summary>
    /// Reads every media source's copied text into <see cref="S3.MediaSourceStats"/> (once per sample). A
    /// bad value rejects the sample, with the path to it; the lists' null entries are gone by then, so the
    /// peer connection and the source are named by their ids, not by positions.
    /// </summary>
    private static string? ReadMediaSources(S3.ClientSample s)
    {
        foreach (var pc in s.PeerConnections.OrEmpty())
        {
            foreach (var m in pc.MediaSources.OrEmpty())
            {
                try
                {
                    m.Typed = JsonSerializer.Deserialize(m.Json, Schema3JsonContext.Default.MediaSourceStats);
                }
                catch (JsonException e)
                {
                    return $"invalid value at $.peerConnections[peerConnectionId={pc.PeerConnectionId}].mediaSources[id={m.Id}]{e.Path?.TrimStart('$')}: {SampleDecoder.FirstSentence(e.Message)}";
                }
            }
        }
        return null;
    }

    /// <summary>An event's or issue's <c>peerConnectionId</c> and <c>trackId</c> (payload fields), read in one pass.</summary>
    private static (string? PeerConnectionId, string? TrackId) PeerConnectionAndTrack(string? payload)
    {
        var v = JsonText.TopLevelStrings(payload, "peerConnectionId", "trackId");
        return (Ids.Normalize(v[0]), Ids.Normalize(v[1]));
    }

    /// <summary>A listed track's SFU stream (<c>sfuStreamId</c>, else mediasoup's <c>producerId</c>) and sink (<c>sfuSinkId</c>, else <c>consumerId</c>), read in one pass.</summary>
    private static (string? Stream, string? Sink) SfuIds(string? attachments)
    {
        if (attachments is null) return (null, null);
        var v = JsonText.TopLevelStrings(attachments, "sfuStreamId", "producerId", "sfuSinkId", "consumerId");
        return (v[0] ?? v[1], v[2] ?? v[3]);
    }
}
