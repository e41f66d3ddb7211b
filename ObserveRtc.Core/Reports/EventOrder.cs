using ObserveRtc.Core.Calls;

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
        CallEventNames.CallStarted => "10",
        CallEventNames.ClientJoined or SfuEventNames.SfuJoined => "20",
        CallEventNames.ClientRejoined => "21",
        CallEventNames.PeerConnectionOpened or SfuEventNames.TransportOpened => "30",
        CallEventNames.MediaTrackAdded or SfuEventNames.RtpPadAdded or SfuEventNames.SctpStreamAdded => "40",
        CallEventNames.MediaTrackMatched => "41",
        CallEventNames.MediaTrackRemoved or SfuEventNames.RtpPadRemoved or SfuEventNames.SctpStreamRemoved => "60",
        CallEventNames.PeerConnectionClosed or SfuEventNames.TransportClosed => "70",
        CallEventNames.ClientLeft or SfuEventNames.SfuLeft => "80",
        CallEventNames.CallEnded => "90",
        _ => "50",
    };
}
