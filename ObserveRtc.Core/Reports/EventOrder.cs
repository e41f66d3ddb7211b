namespace ObserveRtc.Core.Reports;

/// <summary>
/// The order of events that share a timestamp: openings before what they contain, endings after
/// (CALL_STARTED, CLIENT_JOINED, PEER_CONNECTION_OPENED, MEDIA_TRACK_ADDED, …, MEDIA_TRACK_REMOVED,
/// PEER_CONNECTION_CLOSED, CLIENT_LEFT, CALL_ENDED), as the tracker emits them (design §4: a call's
/// children end before it). Stores sort a call's events by (timestamp, rank, id) so a reader sees
/// that order even when timestamps tie, which they do at a cascade's end.
/// </summary>
public static class EventOrder
{
    /// <summary>Two digits: the rank of a CALL_EVENT or SFU_EVENT report by its name; other events (custom, issues) rank in the middle.</summary>
    public static string Rank(Report report) => Rank(report.Payload switch
    {
        CallEventReport e => e.Name,
        SfuEventReport e => e.Name,
        _ => null,
    });

    /// <summary>The rank of an event name.</summary>
    public static string Rank(string? name) => name switch
    {
        "CALL_STARTED" => "10",
        "CLIENT_JOINED" or "SFU_JOINED" => "20",
        "CLIENT_REJOINED" => "21",
        "PEER_CONNECTION_OPENED" or "SFU_TRANSPORT_OPENED" => "30",
        "MEDIA_TRACK_ADDED" or "SFU_RTP_PAD_ADDED" or "SFU_SCTP_STREAM_ADDED" => "40",
        "MEDIA_TRACK_MATCHED" => "41",
        "MEDIA_TRACK_REMOVED" or "SFU_RTP_PAD_REMOVED" or "SFU_SCTP_STREAM_REMOVED" => "60",
        "PEER_CONNECTION_CLOSED" or "SFU_TRANSPORT_CLOSED" => "70",
        "CLIENT_LEFT" or "SFU_LEFT" => "80",
        "CALL_ENDED" => "90",
        _ => "50",
    };
}
