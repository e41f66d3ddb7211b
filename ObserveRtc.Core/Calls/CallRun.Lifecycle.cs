using ObserveRtc.Core.Samples;

namespace ObserveRtc.Core.Calls;

/// <summary>The lifecycle transitions: start, join, rejoin, open, add, remove, close, leave, end, and the timeouts.</summary>
internal sealed partial class CallRun
{
    private void StartCall(ClientSampleView sample)
    {
        call.Live = true;
        call.ServiceId ??= sample.Origin.ServiceId;
        call.RoomId ??= sample.RoomId;
        call.StartedTs = _batchStartTs ?? sample.TimestampMs;
        call.EmptySinceMs = null;
        call.PeakClients = 0;
        _events.Add(CallEventBuilder.Lifecycle(call, CallEventNames.CallStarted, call.StartedTs.Value,
            Cause.Of(sample, "sample"), message: "Call started"));
    }

    private ClientState Join(ClientSampleView sample)
    {
        var ts = _batchJoinTs.TryGetValue(sample.ClientId, out var earliest) ? Math.Min(earliest, sample.TimestampMs) : sample.TimestampMs;
        var client = new ClientState
        {
            ClientId = sample.ClientId,
            UserId = sample.UserId,
            MediaUnitId = sample.Origin.MediaUnitId,
            Marker = sample.Marker,
            JoinedTs = ts,
            LastSampleTs = sample.TimestampMs,
            // A client of the call's previous session: its samples from then stay out (a late redelivery).
            LeftBarrierTs = call.PreviousClients.Find(b => b.ClientId == sample.ClientId)?.Ts ?? 0,
            LastSeenAtMs = sample.Origin.ReceivedAtMs,
        };
        call.Clients.Add(client);
        call.RoomId ??= sample.RoomId;
        call.EmptySinceMs = null;
        var cause = Cause.Of(sample, "sample") with { Explicit = sample.Events.FirstOrDefault(e => e.Name == CallEventNames.ClientJoined) };
        _events.Add(CallEventBuilder.Lifecycle(call, CallEventNames.ClientJoined, ts, cause, client, message: "Client joined"));
        CountLiveClients();
        return client;
    }

    /// <summary>
    /// A client that left is back. A new monitor session (<paramref name="newSession"/>: a page reload, say)
    /// may name its objects as the old one did, so what the old session closed for good is forgotten; the
    /// same session back from a timeout keeps it (a peer connection it closed stays closed).
    /// </summary>
    private void Rejoin(ClientState client, ClientSampleView sample, bool newSession)
    {
        if (newSession)
        {
            client.Tombstones.Clear();
            // Whatever is older than the new session's first sample belongs to the old one (a late sample of
            // it, its CLIENT_LEFT say, must not end the new session or reopen what the old one closed).
            client.LeftBarrierTs = Math.Max(client.LeftBarrierTs, sample.TimestampMs - 1);
        }
        client.RejoinedTs = sample.TimestampMs;
        client.Left = false;
        client.Rejoins++;
        call.EmptySinceMs = null;
        var cause = Cause.Of(sample, "rejoin") with { Explicit = sample.Events.FirstOrDefault(e => e.Name == CallEventNames.ClientJoined) };
        _events.Add(CallEventBuilder.Lifecycle(call, CallEventNames.ClientRejoined, sample.TimestampMs, cause, client, message: "Client rejoined"));
        CountLiveClients();
    }

    /// <summary>The earliest an explicitly opened peer connection may be dated: its client's join, or its latest rejoin.</summary>
    private static long OpenFloor(ClientState client) => Math.Max(client.JoinedTs, client.RejoinedTs ?? long.MinValue);

    private void CountLiveClients() => call.PeakClients = Math.Max(call.PeakClients, call.Clients.Count(c => !c.Left));

    private PeerConnectionState OpenPeerConnection(ClientState client, string pcId, long ts, Cause cause)
    {
        var pc = new PeerConnectionState { PeerConnectionId = pcId, LastSeenTs = ts, LastSeenAtMs = cause.ObservedAtMs };
        client.PeerConnections.Add(pc);
        client.PeerConnectionCount++;
        if (client.PeerConnectionIds.Count < options.MaxSummaryItemsPerClient && !client.PeerConnectionIds.Contains(pcId))
            client.PeerConnectionIds.Add(pcId);
        _events.Add(CallEventBuilder.Lifecycle(call, CallEventNames.PeerConnectionOpened, ts, cause, client, pcId, message: "Peer connection opened"));
        return pc;
    }

    private void AddTrack(ClientState client, PeerConnectionState pc, TrackView view, Cause cause)
    {
        var ts = cause.Sample!.TimestampMs;
        var track = new TrackState
        {
            TrackId = view.TrackId!,
            Direction = view.Direction,
            Kind = view.Kind,
            Ssrcs = [.. view.Ssrcs.Take(MaxSsrcsPerTrack)],
            SfuStreamId = view.SfuStreamId,
            SfuSinkId = view.SfuSinkId,
            RemoteClientHint = view.RemoteClientId,
            AddedTs = ts,
            LastSeenTs = ts,
            LastSeenAtMs = cause.ObservedAtMs,
            MaxBytes = view.Bytes,
            MaxBytesTs = ts,
        };
        pc.Tracks.Add(track);
        var count = client.TrackCounts.Find(c => c.Kind == track.Kind && c.Direction == track.Direction);
        if (count is null) client.TrackCounts.Add(new TrackCount { Kind = track.Kind, Direction = track.Direction, Count = 1 });
        else count.Count++;
        if (track.Direction == TrackDirection.Inbound && FindPublisher(client, track) is { } found)
        {
            track.Match = found.Match;
            RecordMatch(client, pc, track);
        }
        _matchDirty = true;
        _events.Add(CallEventBuilder.Lifecycle(call, CallEventNames.MediaTrackAdded, ts, cause, client, pc.PeerConnectionId, track, "Media track added"));
        if (track.Direction != TrackDirection.Outbound) return;
        // replaceTrack(): the sender's SSRC now carries the new track, so the old one was removed at this sample.
        foreach (var replaced in pc.Tracks.Where(t => t != track && t.Direction == TrackDirection.Outbound && t.LastSeenTs < ts && t.Ssrcs.Exists(track.Ssrcs.Contains)).ToList())
            RemoveTrack(client, pc, replaced, ts, cause.With("sender-track-replaced"), tombstone: true, final: true);
    }

    private void RemoveTrack(ClientState client, PeerConnectionState pc, TrackState track, long ts, Cause cause, bool tombstone, bool final = false)
    {
        _events.Add(CallEventBuilder.Lifecycle(call, CallEventNames.MediaTrackRemoved, ts, cause, client, pc.PeerConnectionId, track, "Media track removed (" + cause.Reason + ")"));
        pc.Tracks.Remove(track);
        if (tombstone) AddTombstone(client, TrackKey(pc.PeerConnectionId, track.Direction, track.TrackId), ts, track.MaxBytes, final);
    }

    private void ClosePeerConnection(ClientState client, PeerConnectionState pc, long ts, Cause cause, bool final, bool tombstone = true)
    {
        var childCause = cause.With("peer-connection-closed");
        foreach (var track in pc.Tracks.ToList()) RemoveTrack(client, pc, track, Math.Min(track.LastSeenTs, ts), childCause, tombstone: false);
        _events.Add(CallEventBuilder.Lifecycle(call, CallEventNames.PeerConnectionClosed, ts, cause, client, pc.PeerConnectionId, message: "Peer connection closed (" + cause.Reason + ")"));
        client.PeerConnections.Remove(pc);
        if (tombstone) AddTombstone(client, PcKey(pc.PeerConnectionId), ts, null, final);
    }

    private void Leave(ClientState client, long ts, Cause cause)
    {
        var childCause = cause.With("client-left");
        foreach (var pc in client.PeerConnections.ToList()) ClosePeerConnection(client, pc, Math.Min(pc.LastSeenTs, ts), childCause, final: false, tombstone: false);
        _events.Add(CallEventBuilder.Lifecycle(call, CallEventNames.ClientLeft, ts, cause, client, message: "Client left (" + cause.Reason + ")"));
        client.Left = true;
        client.LeftTs = ts;
        client.LeftBarrierTs = Math.Max(client.LeftBarrierTs, Math.Max(ts, client.LastSampleTs));
        // The leave barrier now keeps late samples out; what was closed for good (explicitly, an empty shell,
        // a sender that lost its track) stays closed when the client comes back with the same objects listed.
        client.Tombstones.RemoveAll(t => !t.Final);
        if (call.Clients.TrueForAll(c => c.Left)) call.EmptySinceMs = cause.ObservedAtMs;
    }

    /// <summary>Ends the call: everything still open first (children before parents), then CALL_ENDED and CALL_SUMMARY.</summary>
    public void EndCall(Cause cause)
    {
        if (!call.Live) return;
        foreach (var client in call.Clients.Where(c => !c.Left).ToList()) Leave(client, client.LastSampleTs, cause.With("call-ended"));
        var ts = call.Clients.Count == 0 ? call.StartedTs ?? 0 : call.Clients.Max(c => c.LeftTs ?? c.LastSampleTs);
        _events.Add(CallEventBuilder.Lifecycle(call, CallEventNames.CallEnded, ts, cause, message: "Call ended"));
        _events.Add(CallSummaryBuilder.Build(call, ts, cause.ObservedAtMs));
        call.Live = false;
        call.EmptySinceMs = null;
        foreach (var client in call.Clients)
        {
            var barrierTs = Math.Max(client.LeftBarrierTs, client.LastSampleTs);
            var barrier = call.PreviousClients.Find(b => b.ClientId == client.ClientId);
            if (barrier is null) call.PreviousClients.Add(new ClientBarrier { ClientId = client.ClientId, Ts = barrierTs });
            else barrier.Ts = Math.Max(barrier.Ts, barrierTs);
        }
        call.Clients.Clear();
        _ended = true;
    }

    /// <summary>The earliest time a timeout is due, or null when nothing can time out.</summary>
    public long? NextDeadline()
    {
        if (!call.Live) return null;
        long? next = null;
        void Consider(long at) => next = next is { } n ? Math.Min(n, at) : at;
        foreach (var client in call.Clients)
        {
            if (client.Left) continue;
            Consider(client.LastSeenAtMs + Ms(options.ClientIdleTimeout));
            foreach (var pc in client.PeerConnections)
            {
                Consider(pc.LastSeenAtMs + Ms(options.PeerConnectionIdleTimeout));
                foreach (var track in pc.Tracks) Consider(track.LastSeenAtMs + Ms(options.TrackIdleTimeout));
            }
        }
        if (call.EmptySinceMs is { } emptySince) Consider(emptySince + Ms(options.CallEmptyTimeout));
        return next;
    }

    /// <summary>Ends everything due at <paramref name="deadline"/>: tracks, then peer connections, then clients, then the call.</summary>
    private void ExpireAt(long deadline)
    {
        foreach (var client in call.Clients.Where(c => !c.Left).ToList())
        {
            foreach (var pc in client.PeerConnections.ToList())
            {
                foreach (var track in pc.Tracks.ToList())
                {
                    var due = track.LastSeenAtMs + Ms(options.TrackIdleTimeout);
                    if (due <= deadline) RemoveTrack(client, pc, track, track.LastSeenTs, Cause.Timeout(due), tombstone: true);
                }
                var pcDue = pc.LastSeenAtMs + Ms(options.PeerConnectionIdleTimeout);
                if (pcDue <= deadline) ClosePeerConnection(client, pc, pc.LastSeenTs, Cause.Timeout(pcDue), final: false);
            }
            var clientDue = client.LastSeenAtMs + Ms(options.ClientIdleTimeout);
            if (clientDue <= deadline) Leave(client, client.LastSampleTs, Cause.Timeout(clientDue));
        }
        FrozenReceiverPass(Cause.Timeout(deadline) with { Reason = "publisher-removed" });
        if (call.EmptySinceMs is { } emptySince && emptySince + Ms(options.CallEmptyTimeout) <= deadline)
            EndCall(Cause.Timeout(emptySince + Ms(options.CallEmptyTimeout)));
    }

    private static long Ms(TimeSpan span) => (long)span.TotalMilliseconds;
}
