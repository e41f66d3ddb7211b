using ObserveRtc.Core.Reports;

namespace ObserveRtc.Core.Calls;

/// <summary>The CALL_SUMMARY report payload (<see cref="ReportTypes.CallSummary"/>), emitted right after CALL_ENDED.</summary>
public sealed class CallSummaryReport
{
    /// <summary>The service.</summary>
    public string? ServiceId { get; set; }
    /// <summary>The call.</summary>
    public string? CallId { get; set; }
    /// <summary>The room, if known.</summary>
    public string? RoomId { get; set; }
    /// <summary>The CALL_STARTED timestamp (epoch ms, client clock).</summary>
    public long? Started { get; set; }
    /// <summary>The CALL_ENDED timestamp (epoch ms, client clock).</summary>
    public long? Ended { get; set; }
    /// <summary><see cref="Ended"/> − <see cref="Started"/>, ms.</summary>
    public long? DurationMs { get; set; }
    /// <summary>When the observer decided the end (epoch ms, observer clock).</summary>
    public long? ObservedAt { get; set; }
    /// <summary>Most clients live at the same time.</summary>
    public int PeakConcurrentClients { get; set; }
    /// <summary>Every client of the call.</summary>
    public List<CallSummaryClient> Clients { get; set; } = [];
}

/// <summary>One client in a <see cref="CallSummaryReport"/>.</summary>
public sealed class CallSummaryClient
{
    /// <summary>The client.</summary>
    public string? ClientId { get; set; }
    /// <summary>Its user.</summary>
    public string? UserId { get; set; }
    /// <summary>Its media unit.</summary>
    public string? MediaUnitId { get; set; }
    /// <summary>Its first CLIENT_JOINED timestamp.</summary>
    public long? Joined { get; set; }
    /// <summary>Its last CLIENT_LEFT timestamp.</summary>
    public long? Left { get; set; }
    /// <summary>How many times it rejoined.</summary>
    public int Rejoins { get; set; }
    /// <summary>How many peer connections it opened.</summary>
    public int PeerConnectionCount { get; set; }
    /// <summary>The peer connections it opened (bounded by <see cref="CallTrackerOptions.MaxSummaryItemsPerClient"/>).</summary>
    public List<string> PeerConnectionIds { get; set; } = [];
    /// <summary>Tracks added, by kind and direction.</summary>
    public List<CallSummaryTrackCount> Tracks { get; set; } = [];
    /// <summary>Its inbound tracks matched to publishers (bounded).</summary>
    public List<CallSummaryMatch> Matches { get; set; } = [];
    /// <summary>How many issues it reported.</summary>
    public int IssueCount { get; set; }
    /// <summary>Reported issues by type (bounded).</summary>
    public List<CallSummaryIssue> Issues { get; set; } = [];
}

/// <summary>Tracks of one kind and direction.</summary>
public sealed class CallSummaryTrackCount
{
    /// <summary><c>audio</c>, <c>video</c> or <c>unknown</c>.</summary>
    public string? Kind { get; set; }
    /// <summary><c>inbound</c> or <c>outbound</c>.</summary>
    public string? Direction { get; set; }
    /// <summary>How many.</summary>
    public int Count { get; set; }
}

/// <summary>An inbound track and the publisher's track it carries.</summary>
public sealed class CallSummaryMatch
{
    /// <summary>The inbound track's peer connection.</summary>
    public string? PeerConnectionId { get; set; }
    /// <summary>The inbound track.</summary>
    public string? TrackId { get; set; }
    /// <summary>The publisher's client.</summary>
    public string? RemoteClientId { get; set; }
    /// <summary>The publisher's user.</summary>
    public string? RemoteUserId { get; set; }
    /// <summary>The publisher's peer connection.</summary>
    public string? RemotePeerConnectionId { get; set; }
    /// <summary>The publisher's track.</summary>
    public string? RemoteTrackId { get; set; }
    /// <summary><c>sfuStreamId</c> or <c>ssrc</c>.</summary>
    public string? MatchedBy { get; set; }
}

/// <summary>Issues of one type.</summary>
public sealed class CallSummaryIssue
{
    /// <summary>The issue type.</summary>
    public string? Type { get; set; }
    /// <summary>How many.</summary>
    public int Count { get; set; }
}

/// <summary>Builds the CALL_SUMMARY report from the state of an ending call.</summary>
internal static class CallSummaryBuilder
{
    public static Report Build(CallState call, long endedTs, long observedAtMs)
    {
        var summary = new CallSummaryReport
        {
            ServiceId = call.ServiceId,
            CallId = call.CallId,
            RoomId = call.RoomId,
            Started = call.StartedTs,
            Ended = endedTs,
            DurationMs = call.StartedTs is { } started ? Math.Max(0, endedTs - started) : null,
            ObservedAt = observedAtMs,
            PeakConcurrentClients = call.PeakClients,
            Clients = [.. call.Clients.Select(Client)],
        };
        return new Report
        {
            Type = ReportTypes.CallSummary,
            Id = ReportIds.From(call.CallId, ReportTypes.CallSummary, CallEventBuilder.Invariant(call.StartedTs ?? 0)),
            ServiceId = call.ServiceId ?? "",
            CallId = call.CallId,
            TimestampMs = endedTs,
            Payload = summary,
        };
    }

    private static CallSummaryClient Client(ClientState c) => new()
    {
        ClientId = c.ClientId,
        UserId = c.UserId,
        MediaUnitId = c.MediaUnitId,
        Joined = c.JoinedTs,
        Left = c.LeftTs,
        Rejoins = c.Rejoins,
        PeerConnectionCount = c.PeerConnectionCount,
        PeerConnectionIds = [.. c.PeerConnectionIds],
        Tracks = [.. c.TrackCounts.Select(t => new CallSummaryTrackCount
        {
            Kind = CallEventBuilder.KindName(t.Kind),
            Direction = CallEventBuilder.DirectionName(t.Direction),
            Count = t.Count,
        })],
        Matches = [.. c.Matches.Select(m => new CallSummaryMatch
        {
            PeerConnectionId = m.PeerConnectionId,
            TrackId = m.TrackId,
            RemoteClientId = m.RemoteClientId,
            RemoteUserId = m.RemoteUserId,
            RemotePeerConnectionId = m.RemotePeerConnectionId,
            RemoteTrackId = m.RemoteTrackId,
            MatchedBy = m.By,
        })],
        IssueCount = c.IssueTotal,
        Issues = [.. c.Issues.Select(i => new CallSummaryIssue { Type = i.Type, Count = i.Count })],
    };
}
