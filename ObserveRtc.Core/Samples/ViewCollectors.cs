namespace ObserveRtc.Core.Samples;

/// <summary>The outcome of building a view: the view, or why the sample is rejected.</summary>
internal readonly record struct ViewOutcome<T>(T? View, (string Reason, string Detail)? Rejection)
    where T : class
{
    public static ViewOutcome<T> Reject(string reason, string detail) => new(null, (reason, detail));
}

/// <summary>Checks shared by every schema.</summary>
internal static class SampleChecks
{
    /// <summary>2000-01-01T00:00:00Z: a timestamp before it is seconds, not milliseconds, or garbage.</summary>
    private const long EarliestMs = 946_684_800_000;

    public static string? TimestampError(long? timestamp, SampleOrigin origin, SampleDecoderOptions options)
    {
        if (timestamp is not { } ts) return "timestamp is required";
        if (ts < EarliestMs) return $"timestamp {ts} is before 2000-01-01 (epoch milliseconds expected)";
        var limit = origin.ReceivedAtMs + (long)options.MaxClockAhead.TotalMilliseconds;
        if (ts > limit) return $"timestamp {ts} is more than {options.MaxClockAhead} ahead of the receive time {origin.ReceivedAtMs}";
        return null;
    }

    /// <summary>How far an event may be dated after the sample that carries it (a client sends what happened before it sampled).</summary>
    public const long MaxEventAfterSampleMs = 60_000;

    /// <summary>
    /// A client or SFU event's own timestamp when it passes the sample's checks and is at most
    /// <see cref="MaxEventAfterSampleMs"/> after its sample's (<paramref name="sampleTs"/>, already checked), else
    /// null (its sample's timestamp stands in): a timestamp in seconds would date the call to 1970, one far
    /// ahead would set a leave in the future and keep the client out. The event itself is kept.
    /// </summary>
    public static long? EventTimestamp(long? timestamp, long sampleTs, SampleOrigin origin, SampleDecoderOptions options) =>
        timestamp is { } ts && TimestampError(ts, origin, options) is null && ts <= sampleTs + MaxEventAfterSampleMs ? ts : null;

    /// <summary>Why one of the ids that key a sample's rows and entities is too long, or null.</summary>
    public static string? IdLengthError(SampleDecoderOptions options, params ReadOnlySpan<(string Name, string? Value)> ids)
    {
        foreach (var (name, value) in ids)
        {
            if (value is { Length: var n } && n > options.MaxIdLength)
                return $"{name} is {n:N0} characters long; the limit is {options.MaxIdLength:N0}";
        }
        return null;
    }

    /// <summary>A track's or RTP row's kind, in any case (<c>"video"</c>, <c>"VIDEO"</c>).</summary>
    public static MediaKind Kind(string? kind) =>
        string.Equals(kind, "audio", StringComparison.OrdinalIgnoreCase) ? MediaKind.Audio
        : string.Equals(kind, "video", StringComparison.OrdinalIgnoreCase) ? MediaKind.Video
        : MediaKind.Unknown;

    public static bool IsClosed(string? state) => string.Equals(state, "closed", StringComparison.OrdinalIgnoreCase);
}

/// <summary>Collects the peer connections a sample mentions, in first-seen order.</summary>
internal sealed class PeerConnectionCollector
{
    private readonly Dictionary<string, int> _index = new(StringComparer.Ordinal);
    private readonly List<(string Id, string? Label, bool Transport, bool Rtp, bool Closed)> _items = [];

    public void Add(string? peerConnectionId, string? label = null, bool transport = false, bool rtp = false, bool closed = false)
    {
        var id = Ids.Normalize(peerConnectionId);
        if (id is null) return;
        if (_index.TryGetValue(id, out var i))
        {
            var p = _items[i];
            _items[i] = (id, p.Label ?? label, p.Transport || transport, p.Rtp || rtp, p.Closed || closed);
            return;
        }
        _index[id] = _items.Count;
        _items.Add((id, label, transport, rtp, closed));
    }

    public IReadOnlyList<PeerConnectionView> Build() =>
        _items.Count == 0 ? [] : _items.ConvertAll(p => new PeerConnectionView(p.Id, p.Label, p.Transport, p.Rtp, p.Closed));
}

/// <summary>Merges RTP rows into tracks: one per (peer connection, direction, track id); rows without a track id stay apart.</summary>
internal sealed class TrackCollector
{
    private sealed class Acc(string pc, string? trackId, TrackDirection direction)
    {
        public string PeerConnectionId { get; } = pc;
        public string? TrackId { get; } = trackId;
        public TrackDirection Direction { get; } = direction;
        public MediaKind Kind { get; set; }
        public SortedSet<long> Ssrcs { get; } = [];
        public string? SfuStreamId { get; set; }
        public string? SfuSinkId { get; set; }
        public string? RemoteClientId { get; set; }
        public double? Bytes { get; set; }
    }

    private readonly Dictionary<(string, TrackDirection, string), Acc> _byTrack = [];
    private readonly List<Acc> _items = [];

    /// <summary>Adds one RTP row or track-list entry. Rows without a peer connection are dropped: they cannot be placed.</summary>
    public void Add(string? peerConnectionId, string? trackId, TrackDirection direction, MediaKind kind, long? ssrc,
        string? sfuStreamId = null, string? sfuSinkId = null, string? remoteClientId = null, double? bytes = null)
    {
        var pc = Ids.Normalize(peerConnectionId);
        if (pc is null) return;
        var track = Ids.Normalize(trackId);
        Acc acc;
        if (track is null)
        {
            acc = new Acc(pc, null, direction);
            _items.Add(acc);
        }
        else if (!_byTrack.TryGetValue((pc, direction, track), out acc!))
        {
            acc = new Acc(pc, track, direction);
            _byTrack[(pc, direction, track)] = acc;
            _items.Add(acc);
        }
        if (acc.Kind == MediaKind.Unknown) acc.Kind = kind;
        if (ssrc is { } s) acc.Ssrcs.Add(s);
        acc.SfuStreamId ??= Ids.Normalize(sfuStreamId);
        acc.SfuSinkId ??= Ids.Normalize(sfuSinkId);
        acc.RemoteClientId ??= Ids.Normalize(remoteClientId);
        if (bytes is { } b) acc.Bytes = (acc.Bytes ?? 0) + b;
    }

    public IReadOnlyList<TrackView> Build() =>
        _items.Count == 0 ? [] : _items.ConvertAll(a => new TrackView(a.PeerConnectionId, a.TrackId, a.Direction, a.Kind,
            a.Ssrcs.Count == 0 ? [] : [.. a.Ssrcs], a.SfuStreamId, a.SfuSinkId, a.RemoteClientId, a.Bytes));
}
