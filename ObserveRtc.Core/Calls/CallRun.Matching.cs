using ObserveRtc.Core.Samples;

namespace ObserveRtc.Core.Calls;

/// <summary>
/// Matching inbound tracks to the publisher's outbound track (sfuStreamId in SFU calls, a shared SSRC
/// between two clients in P2P calls), and removing receivers whose publisher is gone and whose bytes stopped.
/// </summary>
internal sealed partial class CallRun
{
    private readonly record struct Publisher(TrackMatch Match, TrackState Track);

    private Publisher? FindPublisher(ClientState subscriber, TrackState inbound)
    {
        var owner = subscriber.PeerConnections.Find(p => p.Tracks.Contains(inbound));
        foreach (var client in call.Clients)
        {
            if (client == subscriber || client.Left) continue;
            if (inbound.RemoteClientHint is { } hint && hint != client.ClientId) continue;
            foreach (var pc in client.PeerConnections)
            {
                foreach (var track in pc.Tracks)
                {
                    if (track.Direction != TrackDirection.Outbound) continue;
                    string by;
                    if (inbound.SfuStreamId is not null)
                    {
                        if (track.SfuStreamId != inbound.SfuStreamId) continue;
                        by = "sfuStreamId";
                    }
                    else
                    {
                        var kindsAgree = track.Kind == inbound.Kind || track.Kind == MediaKind.Unknown || inbound.Kind == MediaKind.Unknown;
                        if (!kindsAgree || !track.Ssrcs.Exists(inbound.Ssrcs.Contains)) continue;
                        by = "ssrc";
                    }
                    return new Publisher(new TrackMatch
                    {
                        PeerConnectionId = owner?.PeerConnectionId ?? "",
                        TrackId = inbound.TrackId,
                        RemoteClientId = client.ClientId,
                        RemoteUserId = client.UserId,
                        RemotePeerConnectionId = pc.PeerConnectionId,
                        RemoteTrackId = track.TrackId,
                        By = by,
                    }, track);
                }
            }
        }
        return null;
    }

    /// <summary>Matches inbound tracks that are still unmatched; each new match is a MEDIA_TRACK_MATCHED event.</summary>
    private void MatchPass(Cause cause)
    {
        _matchDirty = false;
        foreach (var client in call.Clients)
        {
            if (client.Left) continue;
            foreach (var pc in client.PeerConnections)
            {
                foreach (var track in pc.Tracks)
                {
                    if (track.Direction != TrackDirection.Inbound || track.Match is not null) continue;
                    if (FindPublisher(client, track) is not { } found) continue;
                    track.Match = found.Match;
                    RecordMatch(client, pc, track);
                    var ts = Math.Max(track.AddedTs, found.Track.AddedTs);
                    _events.Add(CallEventBuilder.Lifecycle(call, CallEventNames.MediaTrackMatched, ts, cause.With("matched"),
                        client, pc.PeerConnectionId, track, "Media track matched"));
                }
            }
        }
    }

    private void RecordMatch(ClientState client, PeerConnectionState pc, TrackState track)
    {
        if (track.Match is { } match && client.Matches.Count < options.MaxSummaryItemsPerClient)
        {
            match.PeerConnectionId = pc.PeerConnectionId;
            client.Matches.Add(match.Clone());
        }
    }

    /// <summary>
    /// A receiver keeps reporting a removed remote track with frozen counters until its PC closes:
    /// when its matched publisher track is gone and its bytes stopped growing, it is removed too.
    /// </summary>
    private void FrozenReceiverPass(Cause cause)
    {
        foreach (var client in call.Clients)
        {
            if (client.Left) continue;
            foreach (var pc in client.PeerConnections)
            {
                // After every sample: copy the list (removal changes it) only when a track could be frozen.
                if (!pc.Tracks.Exists(IsStalledMatchedReceiver)) continue;
                foreach (var track in pc.Tracks.ToList())
                {
                    if (!IsStalledMatchedReceiver(track)) continue;
                    var match = track.Match!;
                    if (PublisherIsLive(match)) continue;
                    // Its media stopped when the counter reached its final value: the last sample that grew it.
                    var removedTs = Math.Min(track.LastSeenTs, Math.Max(track.AddedTs, track.MaxBytesTs));
                    RemoveTrack(client, pc, track, removedTs, cause.With("publisher-removed"), tombstone: true, final: true);
                }
            }
        }
    }

    private static bool IsStalledMatchedReceiver(TrackState track) =>
        track.Direction == TrackDirection.Inbound && track.BytesStalled && track.Match is not null;

    private bool PublisherIsLive(TrackMatch match)
    {
        var publisher = FindClient(match.RemoteClientId);
        if (publisher is null || publisher.Left) return false;
        var pc = FindPeerConnection(publisher, match.RemotePeerConnectionId);
        return pc is not null && pc.Tracks.Exists(t => t.Direction == TrackDirection.Outbound && t.TrackId == match.RemoteTrackId);
    }
}
