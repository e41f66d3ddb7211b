using System.Text.Json;

namespace ObserveRtc.Tests.Calls;

/// <summary>
/// The ground truth of a real-browser recording (<c>Recordings/&lt;scenario&gt;.truth.json</c>, written by
/// tools/recorder from what the page did; format in Recordings/README.md). Only the fields the tests read.
/// </summary>
internal sealed class RecordingTruth
{
    public string Scenario { get; set; } = "";
    public string? Description { get; set; }
    public Dictionary<string, TruthRun> Runs { get; set; } = [];

    private static readonly JsonSerializerOptions Options = new() { PropertyNameCaseInsensitive = true };

    public static RecordingTruth Load(string scenario)
    {
        var path = Recording.PathOf(scenario + ".truth.json");
        return JsonSerializer.Deserialize<RecordingTruth>(File.ReadAllText(path), Options)
            ?? throw new InvalidOperationException("empty truth file " + path);
    }
}

internal sealed class TruthRun
{
    public string SchemaVersion { get; set; } = "";
    public string File { get; set; } = "";
    public long SamplingPeriodMs { get; set; }
    public string? RoomId { get; set; }
    public string? CallId { get; set; }
    public long StartedAt { get; set; }
    public long EndedAt { get; set; }
    public int SampleLines { get; set; }
    public List<TruthParticipant> Participants { get; set; } = [];

    public IEnumerable<(TruthParticipant Owner, TruthPeerConnection Pc)> PeerConnections() =>
        Participants.SelectMany(p => p.PeerConnections.Select(pc => (p, pc)));

    public IEnumerable<(TruthParticipant Owner, TruthPeerConnection Pc, TruthTrack Track)> Tracks() =>
        PeerConnections().SelectMany(x => x.Pc.Tracks.Select(t => (x.Owner, x.Pc, t)));
}

internal sealed class TruthParticipant
{
    public string Name { get; set; } = "";
    public string ClientId { get; set; } = "";
    public string? UserId { get; set; }
    public List<TruthSession> Sessions { get; set; } = [];
    public List<TruthPeerConnection> PeerConnections { get; set; } = [];
}

internal sealed class TruthSession
{
    public int Index { get; set; }
    public string ClientId { get; set; } = "";
    public long JoinedAt { get; set; }
    public bool ExplicitJoin { get; set; }
    public long LeftAt { get; set; }
    public bool LeaveExplicit { get; set; }
    public long FirstSampleTimestamp { get; set; }
    public long LastSampleTimestamp { get; set; }
    public int SamplesShipped { get; set; }
}

internal sealed class TruthPeerConnection
{
    public string PeerConnectionId { get; set; } = "";
    public string Label { get; set; } = "";
    public int Session { get; set; }
    public string? RemoteClientId { get; set; }
    public string? RemotePeerConnectionId { get; set; }
    public long OpenedAt { get; set; }
    public long ClosedAt { get; set; }
    public bool CloseExplicit { get; set; }
    public List<TruthTrack> Tracks { get; set; } = [];
}

internal sealed class TruthTrack
{
    public string TrackId { get; set; } = "";
    public string Kind { get; set; } = "";
    public string Purpose { get; set; } = "";
    public string Direction { get; set; } = "";
    public long? Ssrc { get; set; }
    public long AddedAt { get; set; }
    public long RemovedAt { get; set; }
    public string? RemovedHow { get; set; }
    public TruthRemote? Remote { get; set; }
}

internal sealed class TruthRemote
{
    public string Participant { get; set; } = "";
    public string ClientId { get; set; } = "";
    public string PeerConnectionId { get; set; } = "";
    public string TrackId { get; set; } = "";
    public long? Ssrc { get; set; }
}
