using ObserveRtc.Core.Reports;
using ObserveRtc.Core.Samples;

namespace ObserveRtc.Core.Calls;

/// <summary>
/// One tracker operation on one call's state: applies samples and timeouts, collects the events.
/// Split by concern: samples (this file), lifecycle transitions, matching.
/// </summary>
internal sealed partial class CallRun(CallState call, CallTrackerOptions options)
{
    private readonly List<Report> _events = [];
    private readonly Dictionary<string, long> _batchJoinTs = new(StringComparer.Ordinal);
    private long? _batchStartTs;
    private bool _ended;
    private bool _matchDirty;
    private long? _newestSampleReceivedAtMs;

    public void Observe(IReadOnlyList<ClientSampleView> samples, long nowMs)
    {
        Prescan(samples);
        foreach (var sample in samples) ProcessSample(sample);
        Advance(nowMs);
    }

    /// <summary>Moves the clock to <paramref name="nowMs"/> and ends everything whose deadline passed, in deadline order.</summary>
    public void Advance(long nowMs)
    {
        call.ClockMs = Math.Max(call.ClockMs, nowMs);
        while (NextDeadline() is { } deadline && deadline <= call.ClockMs) ExpireAt(deadline);
    }

    /// <summary>When the sample being processed counts as seen, for the idle timeouts: set by <see cref="ProcessSample"/> before anything reads it.</summary>
    private long _seenAtMs;

    /// <summary>The sample being processed counts its issues in the summary (it was not, in all likelihood, counted before).</summary>
    private bool _countIssues = true;

    public CallTrackerResult Result() => new()
    {
        State = call,
        Events = [.. _events.OrderBy(e => e.TimestampMs)], // stable: children stay before parents
        NextDeadlineMs = NextDeadline(),
        CallEnded = _ended,
        RoomEntryToRemove = _ended && call.RoomId is not null && call.ServiceId is not null
            ? new RoomEntry(call.ServiceId, call.RoomId, call.CallId)
            : null,
        NewestSampleReceivedAtMs = _newestSampleReceivedAtMs,
    };

    /// <summary>Earliest timestamps per client and overall in this batch (samples and explicit joins), for the start and join events.</summary>
    private void Prescan(IReadOnlyList<ClientSampleView> samples)
    {
        foreach (var sample in samples)
        {
            if (IsLate(sample, FindClient(sample.ClientId))) continue;
            var ts = sample.TimestampMs;
            foreach (var e in sample.Events)
            {
                if (e.Name == CallEventNames.ClientJoined && e.TimestampMs is { } joined) ts = Math.Min(ts, joined);
            }
            _batchJoinTs[sample.ClientId] = _batchJoinTs.TryGetValue(sample.ClientId, out var known) ? Math.Min(known, ts) : ts;
            _batchStartTs = _batchStartTs is { } start ? Math.Min(start, ts) : ts;
        }
    }

    /// <summary>
    /// A sample of a client that left (or of a former client of an ended session) that is not newer
    /// than its leave, or that itself says the client left (a repeated leave is no rejoin); after a
    /// rejoin, one from before the leave.
    /// </summary>
    private bool IsLate(ClientSampleView sample, ClientState? client)
    {
        if (client is not null)
        {
            // After a rejoin (or a join to a call that restarted), a sample from before the leave belongs to the session that ended.
            if (!client.Left) return sample.TimestampMs <= client.LeftBarrierTs;
            return sample.TimestampMs <= client.LeftBarrierTs || sample.Events.Any(e => e.Name == CallEventNames.ClientLeft);
        }
        var barrier = call.PreviousClients.Find(b => b.ClientId == sample.ClientId);
        return barrier is not null && sample.TimestampMs <= barrier.Ts;
    }

    private void ProcessSample(ClientSampleView sample)
    {
        var client = FindClient(sample.ClientId);
        var key = new SampleMark(sample.SampleSeq ?? -1, sample.TimestampMs);
        if (client is not null && client.RecentSamples.Contains(key)) return; // duplicate: changes nothing
        // Only a sample that can report issues (listed, or as CLIENT_ISSUE events) needs the window scanned.
        _countIssues = (sample.Issues.Count == 0 && sample.Events.Count == 0) || !OlderThanItsWindow(client, sample);
        // News: not late, and newer (client clock) than anything of this client so far. Only news counts
        // as seen at the tracker's clock when that is already past its receive time (a timer ran ahead of
        // samples queued behind a host's backlog: what it shows is not timed out again at once), and only
        // news tells how far behind the host is; an old batch delivered again, or reordered samples, do not.
        var news = !IsLate(sample, client) && (client is null || sample.TimestampMs > client.LastSampleTs);
        _seenAtMs = news ? Math.Max(sample.Origin.ReceivedAtMs, call.ClockMs) : sample.Origin.ReceivedAtMs;
        if (news) _newestSampleReceivedAtMs = Math.Max(_newestSampleReceivedAtMs ?? long.MinValue, sample.Origin.ReceivedAtMs);
        call.ClockMs = Math.Max(call.ClockMs, sample.Origin.ReceivedAtMs);
        if (IsLate(sample, client))
        {
            // Never resurrects a left client; what it reported is still passed through while the call is live.
            if (client is not null && call.Live)
            {
                Remember(client, key);
                PassThrough(client, sample);
                // A client still in the call is alive whatever its clock says (idle decisions run on receive
                // time): one whose clock stepped back behind its earlier session's end is not timed out.
                if (!client.Left) client.LastSeenAtMs = Math.Max(client.LastSeenAtMs, _seenAtMs);
            }
            return;
        }

        if (!call.Live) StartCall(sample);
        if (client is null) client = Join(sample);
        else if (client.Left) Rejoin(client, sample, newSession: StartsNewSession(client, sample) is not null);
        else if (StartsNewSession(client, sample) is { } how)
        {
            // Its previous session ended without a word: it left with its last sample.
            Leave(client, client.LastSampleTs, Cause.Of(sample, how));
            Rejoin(client, sample, newSession: true);
        }

        Remember(client, key);
        client.UserId = sample.UserId ?? client.UserId;
        client.MediaUnitId = sample.Origin.MediaUnitId;
        client.Marker ??= sample.Marker;
        if (sample.TimestampMs >= client.LastSampleTs) client.LastSampleSeq = sample.SampleSeq ?? client.LastSampleSeq;
        client.LastSampleTs = Math.Max(client.LastSampleTs, sample.TimestampMs);
        client.LastSeenAtMs = Math.Max(client.LastSeenAtMs, _seenAtMs);

        ApplyOpeningEvents(client, sample);
        ApplyStats(client, sample);
        ApplyClosingAndCustomEvents(client, sample);
        ApplyIssues(client, sample);

        var cause = Cause.Of(sample, "sample");
        if (_matchDirty) MatchPass(cause);
        FrozenReceiverPass(cause);
    }

    /// <summary>
    /// A sample newer than everything of a live client that comes from a new monitor instance: it counts
    /// its <c>sampleSeq</c> from the start again (2.x), or it says CLIENT_JOINED again after its last sample.
    /// Returns how, or null. (A late sample of the same session is older than the client's newest one.)
    /// </summary>
    private static string? StartsNewSession(ClientState client, ClientSampleView sample)
    {
        if (sample.TimestampMs <= client.LastSampleTs) return null;
        if (sample.SampleSeq is { } seq && client.LastSampleSeq is { } last && seq < last) return "new-session";
        foreach (var e in sample.Events)
        {
            if (e.Name == CallEventNames.ClientJoined && e.TimestampMs is { } joined && joined > client.LastSampleTs) return "new-session";
        }
        return null;
    }

    /// <summary>
    /// A numbered sample older than every sample of a full dedup window and below its newest number: a
    /// call's samples come through one Event Hubs partition in order, so this is one delivered again after
    /// the window moved on. It is processed as before (its events keep their ids), but its issues were
    /// counted. (A 3.x sample has no number: one older than the window may as well be new, from a clock
    /// that stepped back, so its issues count.)
    /// </summary>
    private bool OlderThanItsWindow(ClientState? client, ClientSampleView sample)
    {
        if (client is null || sample.SampleSeq is not { } seq || client.RecentSamples.Count < options.DedupWindowSize) return false;
        long oldestTs = long.MaxValue, newestSeq = long.MinValue;
        foreach (var mark in client.RecentSamples)
        {
            oldestTs = Math.Min(oldestTs, mark.Ts);
            newestSeq = Math.Max(newestSeq, mark.Seq);
        }
        return sample.TimestampMs < oldestTs && seq < newestSeq;
    }

    private void Remember(ClientState client, SampleMark key)
    {
        client.RecentSamples.Add(key);
        var excess = client.RecentSamples.Count - options.DedupWindowSize;
        if (excess > 0) client.RecentSamples.RemoveRange(0, excess);
    }

    private void ApplyStats(ClientState client, ClientSampleView sample)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var closing = new List<PeerConnectionState>();
        foreach (var view in sample.PeerConnections)
        {
            if (seen.Add(view.PeerConnectionId) && TouchPeerConnection(client, sample, view) is { } closed) closing.Add(closed);
        }
        foreach (var track in sample.Tracks)
        {
            // A PC known only from its track rows has RTP stats by definition.
            if (seen.Add(track.PeerConnectionId))
                TouchPeerConnection(client, sample, new PeerConnectionView(track.PeerConnectionId, null, false, true, false));
        }
        // Outbound first, so an inbound track added in the same batch can match a publisher seen in it.
        foreach (var track in sample.Tracks.Where(t => t.Direction == TrackDirection.Outbound)) TouchTrack(client, sample, track, closing);
        foreach (var track in sample.Tracks.Where(t => t.Direction == TrackDirection.Inbound)) TouchTrack(client, sample, track, closing);
        // A PC that reports itself closed still listed its tracks in this sample: they were last seen here.
        foreach (var pc in closing)
        {
            if (client.PeerConnections.Contains(pc)) ClosePeerConnection(client, pc, sample.TimestampMs, Cause.Of(sample, "closed"), final: true);
        }
    }

    /// <summary>Opens or refreshes a PC; returns it when the sample says it is closed (closed by the caller, after its tracks).</summary>
    private PeerConnectionState? TouchPeerConnection(ClientState client, ClientSampleView sample, PeerConnectionView view)
    {
        var ts = sample.TimestampMs;
        var hasMedia = view.HasTransport || view.HasRtp;
        var pc = FindPeerConnection(client, view.PeerConnectionId);
        if (pc is null)
        {
            if (view.ReportsClosed) return null; // first seen already closed: nothing to report
            var tomb = FindTombstone(client, PcKey(view.PeerConnectionId));
            if (tomb is not null && (tomb.Final || ts <= tomb.RemovedTs || !hasMedia)) return null;
            if (tomb is not null) client.Tombstones.Remove(tomb);
            pc = OpenPeerConnection(client, view.PeerConnectionId, ts, Cause.Of(sample, "sample"));
        }
        pc.LastSeenTs = Math.Max(pc.LastSeenTs, ts);
        pc.LastSeenAtMs = Math.Max(pc.LastSeenAtMs, _seenAtMs);
        if (view.ReportsClosed)
        {
            return pc;
        }
        if (hasMedia)
        {
            pc.LastMediaTs = Math.Max(pc.LastMediaTs ?? ts, ts);
        }
        else if (pc.LastMediaTs is { } lastMedia && ts > lastMedia)
        {
            // An empty shell after it had media: real clients leave this behind a closed PC.
            ClosePeerConnection(client, pc, ts, Cause.Of(sample, "empty-shell"), final: true);
        }
        return null;
    }

    private void TouchTrack(ClientState client, ClientSampleView sample, TrackView view, List<PeerConnectionState> closing)
    {
        var pc = FindPeerConnection(client, view.PeerConnectionId);
        if (pc is null) return; // closed (or blocked) in this very sample
        var pcClosing = closing.Contains(pc);
        var ts = sample.TimestampMs;
        if (view.TrackId is null)
        {
            // A sender that lost its track keeps its SSRC: that track was removed at this sample.
            if (view.Direction != TrackDirection.Outbound) return;
            var sender = pc.Tracks.Find(t => t.Direction == TrackDirection.Outbound && ts > t.LastSeenTs && t.Ssrcs.Exists(view.Ssrcs.Contains));
            if (sender is not null) RemoveTrack(client, pc, sender, ts, Cause.Of(sample, "sender-without-track"), tombstone: true, final: true);
            return;
        }

        var track = pc.Tracks.Find(t => t.Direction == view.Direction && t.TrackId == view.TrackId);
        if (track is null)
        {
            var key = TrackKey(pc.PeerConnectionId, view.Direction, view.TrackId);
            var tomb = FindTombstone(client, key);
            if (tomb is not null)
            {
                var bytesGrew = view.Bytes is { } b && tomb.Bytes is { } removedAt && b > removedAt;
                if (ts <= tomb.RemovedTs || (tomb.Final && !bytesGrew)) return;
                client.Tombstones.Remove(tomb);
            }
            if (pcClosing) return; // nothing new on a PC that closes in this sample
            // The client's own MEDIA_TRACK_ADDED in this sample (4.x: label, settings) rides on the event it raises.
            var said = sample.Events.FirstOrDefault(e => e.Name == CallEventNames.MediaTrackAdded && e.TrackId == view.TrackId
                && (e.PeerConnectionId is null || e.PeerConnectionId == pc.PeerConnectionId));
            AddTrack(client, pc, view, Cause.Of(sample, "sample") with { Explicit = said });
            if (pc.Tracks.Find(t => t.Direction == view.Direction && t.TrackId == view.TrackId) is { } added)
                added.LastSeenAtMs = Math.Max(added.LastSeenAtMs, _seenAtMs);
            return;
        }

        var late = ts < track.LastSeenTs;
        foreach (var ssrc in view.Ssrcs)
        {
            if (track.Ssrcs.Count < MaxSsrcsPerTrack && !track.Ssrcs.Contains(ssrc))
            {
                track.Ssrcs.Add(ssrc);
                _matchDirty = true;
            }
        }
        // Learned after the track was added (mediasoup: produce() resolves after the sender is on the PC):
        // a track waiting for this publisher can match now.
        if ((track.SfuStreamId is null && view.SfuStreamId is not null) || (track.RemoteClientHint is null && view.RemoteClientId is not null)) _matchDirty = true;
        track.SfuStreamId ??= view.SfuStreamId;
        track.SfuSinkId ??= view.SfuSinkId;
        track.RemoteClientHint ??= view.RemoteClientId;
        if (track.Kind == MediaKind.Unknown) track.Kind = view.Kind;
        if (!late && view.Bytes is { } bytes)
        {
            if (track.MaxBytes is null || bytes > track.MaxBytes)
            {
                track.MaxBytes = bytes;
                track.MaxBytesTs = ts;
                track.BytesStalled = false;
            }
            else
            {
                track.BytesStalled = true;
            }
        }
        track.LastSeenTs = Math.Max(track.LastSeenTs, ts);
        track.LastSeenAtMs = Math.Max(track.LastSeenAtMs, _seenAtMs);
    }

    private const int MaxSsrcsPerTrack = 16;

    private ClientState? FindClient(string clientId) => call.Clients.Find(c => c.ClientId == clientId);

    private static PeerConnectionState? FindPeerConnection(ClientState client, string pcId) =>
        client.PeerConnections.Find(p => p.PeerConnectionId == pcId);

    private static Tombstone? FindTombstone(ClientState client, string key) => client.Tombstones.Find(t => t.Key == key);

    private void AddTombstone(ClientState client, string key, long ts, double? bytes, bool final)
    {
        client.Tombstones.RemoveAll(t => t.Key == key);
        client.Tombstones.Add(new Tombstone { Key = key, RemovedTs = ts, Bytes = bytes, Final = final });
        var excess = client.Tombstones.Count - options.MaxTombstonesPerClient;
        if (excess > 0) client.Tombstones.RemoveRange(0, excess);
    }

    private static string PcKey(string pcId) => "pc|" + pcId;

    private static string TrackKey(string pcId, TrackDirection direction, string trackId) =>
        "track|" + pcId + "|" + CallEventBuilder.DirectionName(direction) + "|" + trackId;
}
