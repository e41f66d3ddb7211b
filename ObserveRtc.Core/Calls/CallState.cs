using System.Text.Json.Serialization;
using ObserveRtc.Core.Samples;

namespace ObserveRtc.Core.Calls;

/// <summary>
/// Everything the <see cref="CallTracker"/> remembers about one call between operations: ids, kinds,
/// first/last-seen times, SSRCs, the last byte counter of tracks, dedup windows and tombstones; no
/// stats. Removed peer connections and tracks are pruned as soon as their events are returned; after
/// <c>CALL_ENDED</c> only one barrier per former client is kept. Stored in the compact form of
/// <see cref="CallStateJsonConverter"/> with any serializer options (a Durable entity's too).
/// </summary>
[JsonConverter(typeof(CallStateJsonConverter))]
public sealed class CallState
{
    /// <summary>The call id.</summary>
    public string CallId { get; set; } = "";
    /// <summary>The service, from the first sample.</summary>
    public string? ServiceId { get; set; }
    /// <summary>The room, from the first sample that names one.</summary>
    public string? RoomId { get; set; }
    /// <summary>The call has started and not ended.</summary>
    public bool Live { get; set; }
    /// <summary>The <c>CALL_STARTED</c> timestamp (client clock), null before the first start.</summary>
    public long? StartedTs { get; set; }
    /// <summary>The latest observer time seen (receive times and operation times), epoch ms.</summary>
    public long ClockMs { get; set; }
    /// <summary>Observer time since when the live call has had no live client.</summary>
    public long? EmptySinceMs { get; set; }
    /// <summary>Most clients live at once.</summary>
    public int PeakClients { get; set; }
    /// <summary>The clients of the current (or just ended) session.</summary>
    public List<ClientState> Clients { get; set; } = [];
    /// <summary>After an end: per former client, the newest timestamp seen, so late samples are ignored.</summary>
    public List<ClientBarrier> PreviousClients { get; set; } = [];
}

/// <summary>A client of the call.</summary>
public sealed class ClientState
{
    /// <summary>Its id.</summary>
    public string ClientId { get; set; } = "";
    /// <summary>Its user, as last reported.</summary>
    public string? UserId { get; set; }
    /// <summary>Its media unit.</summary>
    public string? MediaUnitId { get; set; }
    /// <summary>The first marker it sent.</summary>
    public string? Marker { get; set; }
    /// <summary>The <c>CLIENT_JOINED</c> timestamp (client clock).</summary>
    public long JoinedTs { get; set; }
    /// <summary>Its newest sample timestamp (client clock).</summary>
    public long LastSampleTs { get; set; }
    /// <summary>The newest receive time of its samples (observer clock).</summary>
    public long LastSeenAtMs { get; set; }
    /// <summary>The <c>sampleSeq</c> of its newest sample (2.x), to see a new monitor instance start over.</summary>
    public long? LastSampleSeq { get; set; }
    /// <summary>It has left (and not rejoined).</summary>
    public bool Left { get; set; }
    /// <summary>The last <c>CLIENT_LEFT</c> timestamp.</summary>
    public long? LeftTs { get; set; }
    /// <summary>Samples at or before this timestamp after a leave are late and ignored; newer ones rejoin.</summary>
    public long LeftBarrierTs { get; set; }
    /// <summary>How many times it rejoined.</summary>
    public int Rejoins { get; set; }
    /// <summary>The <c>CLIENT_REJOINED</c> timestamp of its latest rejoin (client clock), if it rejoined.</summary>
    public long? RejoinedTs { get; set; }
    /// <summary>Recent samples (sampleSeq and timestamp), oldest first, for dedup.</summary>
    public List<SampleMark> RecentSamples { get; set; } = [];
    /// <summary>Its open peer connections.</summary>
    public List<PeerConnectionState> PeerConnections { get; set; } = [];
    /// <summary>Recently removed peer connections and tracks, oldest first.</summary>
    public List<Tombstone> Tombstones { get; set; } = [];
    /// <summary>Summary: peer connections it opened (bounded).</summary>
    public List<string> PeerConnectionIds { get; set; } = [];
    /// <summary>Summary: how many peer connections it opened.</summary>
    public int PeerConnectionCount { get; set; }
    /// <summary>Summary: tracks added, by kind and direction.</summary>
    public List<TrackCount> TrackCounts { get; set; } = [];
    /// <summary>Summary: its inbound tracks' matches (bounded).</summary>
    public List<TrackMatch> Matches { get; set; } = [];
    /// <summary>Summary: reported issues by type (bounded).</summary>
    public List<IssueCount> Issues { get; set; } = [];
    /// <summary>Summary: how many issues it reported.</summary>
    public int IssueTotal { get; set; }
}

/// <summary>What identifies a client's sample for dedup: its <c>sampleSeq</c> (-1 when it has none, 3.x) and timestamp.</summary>
/// <param name="Seq">The sample's <c>sampleSeq</c>, or -1.</param>
/// <param name="Ts">The sample's timestamp, epoch ms.</param>
public readonly record struct SampleMark(long Seq, long Ts);

/// <summary>An open peer connection.</summary>
public sealed class PeerConnectionState
{
    /// <summary>Its id.</summary>
    public string PeerConnectionId { get; set; } = "";
    /// <summary>Newest sample timestamp that mentioned it.</summary>
    public long LastSeenTs { get; set; }
    /// <summary>Newest receive time of a sample that mentioned it.</summary>
    public long LastSeenAtMs { get; set; }
    /// <summary>Newest sample timestamp in which it had transport or RTP stats; null if never.</summary>
    public long? LastMediaTs { get; set; }
    /// <summary>Its open tracks.</summary>
    public List<TrackState> Tracks { get; set; } = [];
}

/// <summary>An open track: identified by (client, peer connection, direction, track id).</summary>
public sealed class TrackState
{
    /// <summary>Its track id.</summary>
    public string TrackId { get; set; } = "";
    /// <summary>Inbound or outbound.</summary>
    public TrackDirection Direction { get; set; }
    /// <summary>Audio or video.</summary>
    public MediaKind Kind { get; set; }
    /// <summary>The SSRCs seen for it (bounded).</summary>
    public List<long> Ssrcs { get; set; } = [];
    /// <summary>Its SFU stream.</summary>
    public string? SfuStreamId { get; set; }
    /// <summary>Its SFU sink (inbound).</summary>
    public string? SfuSinkId { get; set; }
    /// <summary>The sender's client id as the client itself reported it (inbound).</summary>
    public string? RemoteClientHint { get; set; }
    /// <summary>The <c>MEDIA_TRACK_ADDED</c> timestamp.</summary>
    public long AddedTs { get; set; }
    /// <summary>Newest sample timestamp that listed it.</summary>
    public long LastSeenTs { get; set; }
    /// <summary>Newest receive time of a sample that listed it.</summary>
    public long LastSeenAtMs { get; set; }
    /// <summary>The highest byte counter seen.</summary>
    public double? MaxBytes { get; set; }
    /// <summary>The timestamp of the sample that first showed <see cref="MaxBytes"/>: the last time media flowed.</summary>
    public long MaxBytesTs { get; set; }
    /// <summary>The newest sample did not grow the byte counter.</summary>
    public bool BytesStalled { get; set; }
    /// <summary>Inbound: the publisher's track, once matched.</summary>
    public TrackMatch? Match { get; set; }
}

/// <summary>An inbound track matched to the publisher's outbound track.</summary>
public sealed class TrackMatch
{
    /// <summary>The inbound track's peer connection.</summary>
    public string PeerConnectionId { get; set; } = "";
    /// <summary>The inbound track.</summary>
    public string TrackId { get; set; } = "";
    /// <summary>The publisher's client.</summary>
    public string RemoteClientId { get; set; } = "";
    /// <summary>The publisher's user.</summary>
    public string? RemoteUserId { get; set; }
    /// <summary>The publisher's peer connection.</summary>
    public string RemotePeerConnectionId { get; set; } = "";
    /// <summary>The publisher's outbound track.</summary>
    public string RemoteTrackId { get; set; } = "";
    /// <summary>How it was matched: <c>sfuStreamId</c> or <c>ssrc</c>.</summary>
    public string By { get; set; } = "";

    /// <summary>A copy (the track's match and its client's summary entry are separate objects).</summary>
    public TrackMatch Clone() => (TrackMatch)MemberwiseClone();
}

/// <summary>A removed peer connection or track, kept so late samples cannot resurrect it.</summary>
public sealed class Tombstone
{
    /// <summary><c>pc|{pcId}</c> or <c>track|{pcId}|{direction}|{trackId}</c>.</summary>
    public string Key { get; set; } = "";
    /// <summary>The removal timestamp (client clock).</summary>
    public long RemovedTs { get; set; }
    /// <summary>The byte counter at removal (tracks).</summary>
    public double? Bytes { get; set; }
    /// <summary>Removed by a signal (explicit, closed, shell, trackless sender, frozen receiver), not by a timeout: only growing bytes bring a track back, and a peer connection never returns.</summary>
    public bool Final { get; set; }
}

/// <summary>Tracks added by a client, per kind and direction.</summary>
public sealed class TrackCount
{
    /// <summary>Audio or video.</summary>
    public MediaKind Kind { get; set; }
    /// <summary>Inbound or outbound.</summary>
    public TrackDirection Direction { get; set; }
    /// <summary>How many.</summary>
    public int Count { get; set; }
}

/// <summary>Issues reported by a client, per type.</summary>
public sealed class IssueCount
{
    /// <summary>The issue type.</summary>
    public string Type { get; set; } = "";
    /// <summary>How many.</summary>
    public int Count { get; set; }
}

/// <summary>A former client of an ended session and its newest timestamp.</summary>
public sealed class ClientBarrier
{
    /// <summary>The client.</summary>
    public string ClientId { get; set; } = "";
    /// <summary>Its samples at or before this timestamp are late.</summary>
    public long Ts { get; set; }
}
