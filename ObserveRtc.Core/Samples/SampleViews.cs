namespace ObserveRtc.Core.Samples;

/// <summary>The kind of media a track carries.</summary>
public enum MediaKind
{
    /// <summary>Not said by the sample.</summary>
    Unknown = 0,
    /// <summary>Audio.</summary>
    Audio = 1,
    /// <summary>Video.</summary>
    Video = 2,
}

/// <summary>Which way a track's media flows, seen from the client that sent the sample.</summary>
public enum TrackDirection
{
    /// <summary>Received by the client (a remote track).</summary>
    Inbound = 0,
    /// <summary>Sent by the client (a local track).</summary>
    Outbound = 1,
}

/// <summary>Where and when an event body was received; the same for every sample in it.</summary>
/// <param name="ServiceId">The service (Event Hubs application property or URL path, else the configured default).</param>
/// <param name="MediaUnitId">The media unit (as <paramref name="ServiceId"/>).</param>
/// <param name="ReceivedAtMs">The observer's receive time in epoch ms (Event Hubs enqueued time, local arrival time).</param>
public sealed record SampleOrigin(string ServiceId, string MediaUnitId, long ReceivedAtMs);

/// <summary>
/// A schema-neutral view of one client sample: what the call tracker needs, read from a 2.x or 3.x
/// sample. Ids are normalised: <c>"NULL"</c> and empty strings are <see langword="null"/>.
/// </summary>
public sealed class ClientSampleView
{
    /// <summary>Where and when the sample was received.</summary>
    public required SampleOrigin Origin { get; init; }
    /// <summary>The schema the sample was written in, e.g. <c>2.2</c> or <c>3.0</c> (major.minor as detected or hinted).</summary>
    public required string SchemaVersion { get; init; }
    /// <summary>The client's id (never null: a sample without one is rejected).</summary>
    public required string ClientId { get; init; }
    /// <summary>The call id the client gave, if any.</summary>
    public string? CallId { get; init; }
    /// <summary>The room (2.x <c>roomId</c>, 3.x <c>attachments.roomId</c>).</summary>
    public string? RoomId { get; init; }
    /// <summary>The user (2.x <c>userId</c>, 3.x <c>attachments.userId</c>).</summary>
    public string? UserId { get; init; }
    /// <summary>The sample's marker (2.x only).</summary>
    public string? Marker { get; init; }
    /// <summary>The sample's timestamp, client clock, epoch ms.</summary>
    public required long TimestampMs { get; init; }
    /// <summary>2.x <c>sampleSeq</c>; 3.x has none.</summary>
    public long? SampleSeq { get; init; }
    /// <summary>Every peer connection the sample mentions, once each.</summary>
    public IReadOnlyList<PeerConnectionView> PeerConnections { get; init; } = [];
    /// <summary>Tracks, one per (peer connection, direction, track id), plus RTP streams without a track.</summary>
    public IReadOnlyList<TrackView> Tracks { get; init; } = [];
    /// <summary>Client-sent events (2.x <c>customCallEvents</c>, 3.x <c>clientEvents</c>), in sample order.</summary>
    public IReadOnlyList<ClientEventView> Events { get; init; } = [];
    /// <summary>Client-reported issues (3.x <c>clientIssues</c>, 2.x <c>CLIENT_ISSUE</c> custom events).</summary>
    public IReadOnlyList<ClientIssueView> Issues { get; init; } = [];
}

/// <summary>A peer connection as one sample shows it.</summary>
/// <param name="PeerConnectionId">Its id.</param>
/// <param name="Label">The application's label for it (2.x transport label), if any.</param>
/// <param name="HasTransport">The sample has transport or ICE stats for it (2.x <c>pcTransports</c> or candidate pairs; 3.x <c>iceTransports</c> or candidate pairs).</param>
/// <param name="HasRtp">The sample has RTP stats or data channels for it. A PC listed with neither transport nor RTP is an empty shell, which real clients leave behind a closed PC.</param>
/// <param name="ReportsClosed">The sample itself says it is closed (transport/ICE/DTLS state <c>closed</c>).</param>
public sealed record PeerConnectionView(string PeerConnectionId, string? Label, bool HasTransport, bool HasRtp, bool ReportsClosed);

/// <summary>
/// A track as one sample shows it: all RTP rows of the same (peer connection, direction, track id)
/// merged (simulcast layers give several SSRCs). A row with no track id gives a view with
/// <see cref="TrackId"/> null: an outbound one is a sender whose track was removed (its SSRC tells
/// which); such views never create a track.
/// </summary>
/// <param name="PeerConnectionId">The peer connection it flows on.</param>
/// <param name="TrackId">The track id (2.x <c>trackId</c>; 3.x track list id, <c>trackIdentifier</c>, or the media source's).</param>
/// <param name="Direction">Inbound or outbound.</param>
/// <param name="Kind">Audio or video.</param>
/// <param name="Ssrcs">The SSRCs of its RTP streams, ascending, distinct.</param>
/// <param name="SfuStreamId">The SFU stream (2.x <c>sfuStreamId</c>; 3.x track attachments <c>producerId</c>/<c>sfuStreamId</c>).</param>
/// <param name="SfuSinkId">The SFU sink, inbound only (2.x <c>sfuSinkId</c>; 3.x attachments <c>consumerId</c>/<c>sfuSinkId</c>).</param>
/// <param name="RemoteClientId">The sender's client id when the client already knows it (2.x inbound <c>remoteClientId</c>).</param>
/// <param name="Bytes">Total payload bytes so far: received (inbound) or sent (outbound), summed over its SSRCs; null when not reported.</param>
public sealed record TrackView(
    string PeerConnectionId,
    string? TrackId,
    TrackDirection Direction,
    MediaKind Kind,
    IReadOnlyList<long> Ssrcs,
    string? SfuStreamId,
    string? SfuSinkId,
    string? RemoteClientId,
    double? Bytes);

/// <summary>
/// A client-sent event: a 2.x custom call event or a 3.x client event. Lifecycle names
/// (<c>CLIENT_JOINED</c>, <c>CLIENT_LEFT</c>, <c>PEER_CONNECTION_OPENED</c>, <c>PEER_CONNECTION_CLOSED</c>,
/// <c>MEDIA_TRACK_ADDED</c>, <c>MEDIA_TRACK_REMOVED</c>) also drive the lifecycle.
/// </summary>
/// <param name="Name">2.x <c>name</c>, 3.x <c>type</c>.</param>
/// <param name="TimestampMs">The event's own timestamp (client clock), if given.</param>
/// <param name="PeerConnectionId">2.x <c>peerConnectionId</c>; 3.x payload <c>peerConnectionId</c>.</param>
/// <param name="TrackId">2.x <c>mediaTrackId</c>; 3.x payload <c>trackId</c>.</param>
/// <param name="Value">2.x <c>value</c>.</param>
/// <param name="Message">2.x <c>message</c>.</param>
/// <param name="Attachments">2.x <c>attachments</c>; 3.x <c>payload</c> (JSON text).</param>
public sealed record ClientEventView(
    string Name,
    long? TimestampMs,
    string? PeerConnectionId,
    string? TrackId,
    string? Value,
    string? Message,
    string? Attachments);

/// <summary>A client-reported issue.</summary>
/// <param name="Type">The issue type (3.x <c>type</c>; 2.x the event's <c>value</c> or <c>message</c>).</param>
/// <param name="TimestampMs">When it happened (client clock), if given.</param>
/// <param name="PeerConnectionId">The peer connection it concerns, if said.</param>
/// <param name="TrackId">The track it concerns, if said.</param>
/// <param name="Payload">Details as JSON text (3.x <c>payload</c>; 2.x <c>attachments</c>).</param>
public sealed record ClientIssueView(string Type, long? TimestampMs, string? PeerConnectionId, string? TrackId, string? Payload);

/// <summary>A schema-neutral view of one SFU sample (schema 2.x <c>SfuSample</c>).</summary>
public sealed class SfuSampleView
{
    /// <summary>Where and when the sample was received.</summary>
    public required SampleOrigin Origin { get; init; }
    /// <summary>The SFU's id.</summary>
    public required string SfuId { get; init; }
    /// <summary>The sample's timestamp, SFU clock, epoch ms.</summary>
    public required long TimestampMs { get; init; }
    /// <summary>The sample's marker.</summary>
    public string? Marker { get; init; }
    /// <summary>Transports.</summary>
    public IReadOnlyList<SfuTransportView> Transports { get; init; } = [];
    /// <summary>RTP pads: inbound (media into the SFU, a producer) and outbound (a consumer).</summary>
    public IReadOnlyList<SfuRtpPadView> RtpPads { get; init; } = [];
    /// <summary>SCTP streams.</summary>
    public IReadOnlyList<SfuSctpStreamView> SctpStreams { get; init; } = [];
    /// <summary>SFU custom events, passed through as SFU_EVENT.</summary>
    public IReadOnlyList<SfuEventView> Events { get; init; } = [];
}

/// <summary>An SFU transport.</summary>
/// <param name="TransportId">Its id.</param>
/// <param name="Internal">Between two SFUs (piping), not to a client.</param>
/// <param name="ReportsClosed">ICE, DTLS or SCTP state says <c>closed</c>.</param>
public sealed record SfuTransportView(string TransportId, bool Internal, bool ReportsClosed);

/// <summary>An SFU RTP pad.</summary>
/// <param name="PadId">Its id.</param>
/// <param name="TransportId">Its transport.</param>
/// <param name="Direction">Inbound (into the SFU) or outbound.</param>
/// <param name="StreamId">The SFU stream (= the publisher's outbound <c>sfuStreamId</c>).</param>
/// <param name="SinkId">Outbound only: the sink (= the subscriber's inbound <c>sfuSinkId</c>).</param>
/// <param name="Ssrc">The pad's SSRC.</param>
/// <param name="Kind">Audio or video.</param>
/// <param name="Internal">Between two SFUs.</param>
/// <param name="CallId">Outbound only, when the SFU knows it.</param>
/// <param name="ClientId">Outbound only, when the SFU knows it.</param>
/// <param name="TrackId">Outbound only, when the SFU knows it.</param>
public sealed record SfuRtpPadView(
    string PadId,
    string TransportId,
    TrackDirection Direction,
    string StreamId,
    string? SinkId,
    long Ssrc,
    MediaKind Kind,
    bool Internal,
    string? CallId,
    string? ClientId,
    string? TrackId);

/// <summary>An SFU SCTP stream.</summary>
/// <param name="ChannelId">The channel id.</param>
/// <param name="TransportId">Its transport.</param>
/// <param name="StreamId">The stream id.</param>
public sealed record SfuSctpStreamView(string ChannelId, string TransportId, string StreamId);

/// <summary>An SFU custom event.</summary>
public sealed record SfuEventView(
    string Name,
    long? TimestampMs,
    string? TransportId,
    string? SfuStreamId,
    string? SfuSinkId,
    string? Value,
    string? Message,
    string? Attachments);
