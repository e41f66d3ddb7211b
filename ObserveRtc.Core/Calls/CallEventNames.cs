namespace ObserveRtc.Core.Calls;

/// <summary>The names of the call events the tracker raises (report schema 2.2 names plus this observer's additions).</summary>
public static class CallEventNames
{
    /// <summary>The first accepted sample of a call that is not live.</summary>
    public const string CallStarted = "CALL_STARTED";
    /// <summary>No live client for <see cref="CallTrackerOptions.CallEmptyTimeout"/>.</summary>
    public const string CallEnded = "CALL_ENDED";
    /// <summary>A client's first sample or explicit join.</summary>
    public const string ClientJoined = "CLIENT_JOINED";
    /// <summary>A client that left sends newer samples while the call is live.</summary>
    public const string ClientRejoined = "CLIENT_REJOINED";
    /// <summary>A client's explicit leave, or its idle timeout.</summary>
    public const string ClientLeft = "CLIENT_LEFT";
    /// <summary>First sight of a peer connection.</summary>
    public const string PeerConnectionOpened = "PEER_CONNECTION_OPENED";
    /// <summary>A peer connection closed (explicitly, by its state, as an empty shell, with its client, or idle).</summary>
    public const string PeerConnectionClosed = "PEER_CONNECTION_CLOSED";
    /// <summary>First sight of a track on a peer connection.</summary>
    public const string MediaTrackAdded = "MEDIA_TRACK_ADDED";
    /// <summary>A track removed (explicitly, trackless sender, frozen receiver, with its peer connection, or idle).</summary>
    public const string MediaTrackRemoved = "MEDIA_TRACK_REMOVED";
    /// <summary>An inbound track matched to its publisher's track after it was added.</summary>
    public const string MediaTrackMatched = "MEDIA_TRACK_MATCHED";
    /// <summary>A client-reported issue.</summary>
    public const string ClientIssue = "CLIENT_ISSUE";

    /// <summary>An event the call tracker itself raises (not a client's custom event or issue): a client's event of such a name is never passed through.</summary>
    internal static bool IsObserverMade(string? name) => name is CallStarted or CallEnded or ClientJoined or ClientRejoined or ClientLeft
        or PeerConnectionOpened or PeerConnectionClosed or MediaTrackAdded or MediaTrackRemoved or MediaTrackMatched;
}

/// <summary>The names of the SFU events the SFU tracker raises (SFU_EVENT reports).</summary>
public static class SfuEventNames
{
    /// <summary>An SFU's first sample.</summary>
    public const string SfuJoined = "SFU_JOINED";
    /// <summary>An SFU's idle timeout.</summary>
    public const string SfuLeft = "SFU_LEFT";
    /// <summary>First sight of a transport.</summary>
    public const string TransportOpened = "SFU_TRANSPORT_OPENED";
    /// <summary>A transport closed or gone.</summary>
    public const string TransportClosed = "SFU_TRANSPORT_CLOSED";
    /// <summary>First sight of an RTP pad.</summary>
    public const string RtpPadAdded = "SFU_RTP_PAD_ADDED";
    /// <summary>An RTP pad gone.</summary>
    public const string RtpPadRemoved = "SFU_RTP_PAD_REMOVED";
    /// <summary>First sight of an SCTP stream.</summary>
    public const string SctpStreamAdded = "SFU_SCTP_STREAM_ADDED";
    /// <summary>An SCTP stream gone.</summary>
    public const string SctpStreamRemoved = "SFU_SCTP_STREAM_REMOVED";

    /// <summary>An event the SFU tracker itself raises (not an SFU's custom event).</summary>
    internal static bool IsObserverMade(string? name) => name is SfuJoined or SfuLeft or TransportOpened or TransportClosed
        or RtpPadAdded or RtpPadRemoved or SctpStreamAdded or SctpStreamRemoved;
}
