using System.Text.Json.Serialization;
using ObserveRtc.Core.Samples;

namespace ObserveRtc.Core.Calls;

/// <summary>
/// What the <see cref="SfuTracker"/> remembers about one SFU: its transports, RTP pads and SCTP
/// streams (ids, first/last-seen times), the dedup window and tombstones. Plain get/set properties
/// for the default System.Text.Json options; removed objects are pruned once their events are returned.
/// </summary>
public sealed class SfuState
{
    /// <summary>The SFU.</summary>
    public string SfuId { get; set; } = "";
    /// <summary>The service, from its samples.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? ServiceId { get; set; }
    /// <summary>The media unit, from its samples.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? MediaUnitId { get; set; }
    /// <summary>The first marker it sent.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Marker { get; set; }
    /// <summary>It has joined and not left.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool Live { get; set; }
    /// <summary>When it (last) joined: its SFU_JOINED's time. Nothing it opens is dated before (0 in states written before it was kept).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public long JoinedTs { get; set; }
    /// <summary>Its newest sample timestamp.</summary>
    public long LastSampleTs { get; set; }
    /// <summary>The newest receive time of its samples (observer clock).</summary>
    public long LastSeenAtMs { get; set; }
    /// <summary>After a leave, samples at or before this timestamp are late and ignored.</summary>
    public long LeftBarrierTs { get; set; }
    /// <summary>The latest observer time seen.</summary>
    public long ClockMs { get; set; }
    /// <summary>Recent sample timestamps, oldest first, for dedup (SFU samples have no sequence number).</summary>
    public List<long> RecentSamples { get; set; } = [];
    /// <summary>Open transports, RTP pads and SCTP streams.</summary>
    public List<SfuObjectState> Objects { get; set; } = [];
    /// <summary>Recently removed objects, oldest first.</summary>
    public List<Tombstone> Tombstones { get; set; } = [];
}

/// <summary>What an <see cref="SfuObjectState"/> is.</summary>
public enum SfuObjectKind
{
    /// <summary>A transport.</summary>
    Transport = 0,
    /// <summary>An RTP pad.</summary>
    RtpPad = 1,
    /// <summary>An SCTP stream.</summary>
    SctpStream = 2,
}

/// <summary>An open SFU transport, RTP pad or SCTP stream.</summary>
public sealed class SfuObjectState
{
    /// <summary>What it is.</summary>
    public SfuObjectKind Kind { get; set; }
    /// <summary>Transport id, pad id, or SCTP channel id.</summary>
    public string Id { get; set; } = "";
    /// <summary>The transport it belongs to (pads, streams).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? TransportId { get; set; }
    /// <summary>Between two SFUs.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool Internal { get; set; }
    /// <summary>Pads: into the SFU (inbound) or out of it.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public TrackDirection? Direction { get; set; }
    /// <summary>Pads: the SFU stream; SCTP: the stream id.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? StreamId { get; set; }
    /// <summary>Outbound pads: the sink.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? SinkId { get; set; }
    /// <summary>Pads: the SSRC.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public long? Ssrc { get; set; }
    /// <summary>Pads: audio or video.</summary>
    public MediaKind MediaKind { get; set; }
    /// <summary>Outbound pads: the call, when the SFU knows it.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? CallId { get; set; }
    /// <summary>Outbound pads: the client, when the SFU knows it.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? ClientId { get; set; }
    /// <summary>Outbound pads: the track, when the SFU knows it.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? TrackId { get; set; }
    /// <summary>Newest sample timestamp that listed it.</summary>
    public long LastSeenTs { get; set; }
    /// <summary>Newest receive time of a sample that listed it.</summary>
    public long LastSeenAtMs { get; set; }
}
