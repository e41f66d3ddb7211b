using ObserveRtc.Core.Samples;

namespace ObserveRtc.Core.Calls;

/// <summary>Client-sent events: explicit lifecycle signals, custom events passed through, and issues.</summary>
internal sealed partial class CallRun
{
    /// <summary>Explicit signals that open things, applied before the stats so their timestamps count.</summary>
    private void ApplyOpeningEvents(ClientState client, ClientSampleView sample)
    {
        foreach (var e in sample.Events)
        {
            if (e.Name is not (CallEventNames.PeerConnectionOpened or CallEventNames.MediaTrackAdded) || e.PeerConnectionId is null) continue;
            if (FindPeerConnection(client, e.PeerConnectionId) is not null) continue;
            // Not before its client joined or rejoined: a peer connection the client says it opened before that
            // opens then (the call's start and the join are the earliest sample or explicit join).
            var ts = Math.Max(e.TimestampMs ?? sample.TimestampMs, OpenFloor(client));
            var tomb = FindTombstone(client, PcKey(e.PeerConnectionId));
            if (tomb is not null && (tomb.Final || ts <= tomb.RemovedTs)) continue;
            if (tomb is not null) client.Tombstones.Remove(tomb);
            var cause = Cause.Of(sample, "explicit");
            if (e.Name == CallEventNames.PeerConnectionOpened) cause = cause with { Explicit = e };
            var pc = OpenPeerConnection(client, e.PeerConnectionId, ts, cause);
            pc.LastSeenTs = Math.Max(ts, sample.TimestampMs);
            pc.LastSeenAtMs = _seenAtMs;
        }
    }

    /// <summary>Explicit signals that end things (after the stats, so the same sample's rows cannot reopen them), and pass-through of custom events.</summary>
    private void ApplyClosingAndCustomEvents(ClientState client, ClientSampleView sample)
    {
        for (var i = 0; i < sample.Events.Count; i++)
        {
            var e = sample.Events[i];
            var ts = e.TimestampMs ?? sample.TimestampMs;
            var cause = Cause.Of(sample, "explicit") with { Explicit = e };
            switch (e.Name)
            {
                case CallEventNames.ClientLeft:
                    if (!client.Left) Leave(client, ts, cause);
                    client.LeftBarrierTs = Math.Max(client.LeftBarrierTs, Math.Max(ts, sample.TimestampMs));
                    break;
                case CallEventNames.PeerConnectionClosed when e.PeerConnectionId is not null:
                    if (FindPeerConnection(client, e.PeerConnectionId) is { } pc) ClosePeerConnection(client, pc, ts, cause, final: true);
                    else if (!client.Left) AddTombstone(client, PcKey(e.PeerConnectionId), ts, null, final: true);
                    break;
                case CallEventNames.MediaTrackRemoved when e.TrackId is not null:
                    foreach (var owner in client.PeerConnections.Where(p => e.PeerConnectionId is null || p.PeerConnectionId == e.PeerConnectionId).ToList())
                    {
                        foreach (var track in owner.Tracks.Where(t => t.TrackId == e.TrackId).ToList())
                            RemoveTrack(client, owner, track, ts, cause, tombstone: true, final: true);
                    }
                    break;
                case CallEventNames.ClientIssue:
                    // 2.x clients send issues as custom events (client-monitor-js 3.x: value = severity, message = description).
                    AddIssue(client, sample, IssueOf(e), i, asSent: e);
                    break;
                default:
                    // Lifecycle names drive the lifecycle and are carried by the lifecycle event they raise; the
                    // other names the tracker raises itself (CALL_STARTED, CALL_ENDED, CLIENT_REJOINED,
                    // MEDIA_TRACK_MATCHED) are not passed through either: they would be a second event of that name.
                    if (!CallEventNames.IsObserverMade(e.Name)) _events.Add(CallEventBuilder.Custom(call, client, sample, e, i));
                    break;
            }
        }
    }

    /// <summary>Only the custom events and issues of a sample (for late samples of a client that left).</summary>
    private void PassThrough(ClientState client, ClientSampleView sample)
    {
        for (var i = 0; i < sample.Events.Count; i++)
        {
            var e = sample.Events[i];
            if (e.Name == CallEventNames.ClientIssue)
                AddIssue(client, sample, IssueOf(e), i, asSent: e);
            else if (!CallEventNames.IsObserverMade(e.Name))
                _events.Add(CallEventBuilder.Custom(call, client, sample, e, i));
        }
        ApplyIssues(client, sample);
    }

    /// <summary>A 2.x CLIENT_ISSUE custom event as an issue: its description (message, else value) is the type the summary counts.</summary>
    private static ClientIssueView IssueOf(ClientEventView e) =>
        new(e.Message ?? e.Value ?? "unknown", e.TimestampMs, e.PeerConnectionId, e.TrackId, e.Attachments);

    private void ApplyIssues(ClientState client, ClientSampleView sample)
    {
        for (var i = 0; i < sample.Issues.Count; i++) AddIssue(client, sample, sample.Issues[i], sample.Events.Count + i);
    }

    /// <summary>Reports and counts an issue; one sent as a custom event (<paramref name="asSent"/>) keeps its value, message and attachments as sent.</summary>
    private void AddIssue(ClientState client, ClientSampleView sample, ClientIssueView issue, int index, ClientEventView? asSent = null)
    {
        _events.Add(CallEventBuilder.Issue(call, client, sample, issue, index, asSent));
        if (!_countIssues) return;
        client.IssueTotal++;
        var entry = client.Issues.Find(x => x.Type == issue.Type);
        if (entry is not null) entry.Count++;
        else if (client.Issues.Count < options.MaxSummaryItemsPerClient) client.Issues.Add(new IssueCount { Type = issue.Type, Count = 1 });
    }
}
