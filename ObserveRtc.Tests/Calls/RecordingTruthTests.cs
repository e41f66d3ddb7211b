using System.Text.Json;
using ObserveRtc.Core.Calls;
using ObserveRtc.Core.Reports;
using ObserveRtc.Tests.Pipeline;

namespace ObserveRtc.Tests.Calls;

/// <summary>
/// Every real-browser recording replayed through the whole pipeline, the emitted CALL_EVENT reports
/// and the CALL_SUMMARY checked against the recording's ground truth (what the page really did):
/// exact counts and identities of every lifecycle event, timestamps within a tolerance derived from
/// the sampling period, and every inbound track matched to the right remote client.
/// </summary>
public class RecordingTruthTests
{
    private static readonly string[] Scenarios =
        ["p2p-1to1", "mesh-3-late-joiner-leaves-first", "screenshare", "rejoin", "mute-unmute", "datachannel", "client-call-id"];

    /// <summary>Every run of every truth file in the recordings folder (a re-recorded or new scenario is checked too).</summary>
    public static TheoryData<string, string> Runs()
    {
        var data = new TheoryData<string, string>();
        foreach (var file in Directory.GetFiles(Recording.Dir, "*.truth.json").Order(StringComparer.Ordinal))
        {
            var scenario = Path.GetFileName(file)[..^".truth.json".Length];
            foreach (var schema in RecordingTruth.Load(scenario).Runs.Keys.Order(StringComparer.Ordinal)) data.Add(scenario, schema);
        }
        return data;
    }

    [Fact]
    public void EveryScenario_HasBothSchemasAndTheirRecordings()
    {
        foreach (var scenario in Scenarios)
        {
            var truth = RecordingTruth.Load(scenario);
            Assert.Equal(scenario, truth.Scenario);
            foreach (var (schema, version) in new[] { ("schema2", "2.2"), ("schema3", "3.0.0") })
            {
                Assert.True(truth.Runs.TryGetValue(schema, out var run), $"{scenario}: no {schema} run");
                Assert.Equal(version, run!.SchemaVersion);
                Assert.Equal(run.SampleLines, Recording.Lines(Recording.PathOf(run.File)).Count());
                Assert.Equal(run.SampleLines, run.Participants.Sum(p => p.Sessions.Sum(s => s.SamplesShipped)));
                // A rejoin is the same client again (design §4: CLIENT_REJOINED, not a second CLIENT_JOINED).
                Assert.All(run.Participants, p => Assert.All(p.Sessions, s => Assert.Equal(p.ClientId, s.ClientId)));
                if (scenario == "rejoin") Assert.Equal(2, run.Participants.Single(p => p.Name == "bob").Sessions.Count);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Runs))]
    public async Task Replay_MatchesGroundTruth(string scenario, string schema)
    {
        var truth = RecordingTruth.Load(scenario);
        var run = truth.Runs[schema];
        using var h = new PipelineTests.Harness();
        await h.ReplayAsync(run.File);

        var problems = Check(run, h.Store);
        Assert.True(problems.Count == 0, $"{scenario}/{schema}: {problems.Count} problem(s):\n  " + string.Join("\n  ", problems));
    }

    /// <summary>
    /// The same, delivered as a hub would: every line received within a 3 s window in one batch, handled
    /// when the window's last line arrives (several samples of several clients per tracker call).
    /// </summary>
    [Theory]
    [MemberData(nameof(Runs))]
    public async Task ReplayInBatches_MatchesGroundTruth(string scenario, string schema)
    {
        var truth = RecordingTruth.Load(scenario);
        var run = truth.Runs[schema];
        using var h = new PipelineTests.Harness();
        var batch = new List<ObserveRtc.Core.Ingest.IngestEvent>();
        long? windowStart = null;
        long last = 0;
        var n = 0;
        foreach (var (line, context) in Recording.Lines(Recording.PathOf(run.File)))
        {
            var at = context.Origin.ReceivedAtMs;
            if (windowStart is { } start && at - start > 3_000)
            {
                await h.Pipeline.IngestAsync(batch, last);
                batch = [];
                windowStart = null;
            }
            windowStart ??= at;
            last = at;
            batch.Add(new ObserveRtc.Core.Ingest.IngestEvent(line.Body, context, $"{run.File}:{n++}"));
        }
        if (batch.Count > 0) await h.Pipeline.IngestAsync(batch, last);
        await h.Pipeline.DrainAsync();

        var problems = Check(run, h.Store);
        Assert.True(problems.Count == 0, $"{scenario}/{schema} in batches: {problems.Count} problem(s):\n  " + string.Join("\n  ", problems));
    }

    /// <summary>One delivered lifecycle event, with the track key read from its attachments.</summary>
    private sealed record Ev(string Name, string? ClientId, string? PcId, string? TrackId, string? Direction, long Ts, long ObservedAt, string? CallId, JsonElement? Attachments)
    {
        public string? Att(string name) =>
            Attachments is { ValueKind: JsonValueKind.Object } a && a.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
    }

    private static readonly string[] Counted =
    [
        CallEventNames.CallStarted, CallEventNames.CallEnded, CallEventNames.ClientJoined, CallEventNames.ClientRejoined, CallEventNames.ClientLeft,
        CallEventNames.PeerConnectionOpened, CallEventNames.PeerConnectionClosed, CallEventNames.MediaTrackAdded, CallEventNames.MediaTrackRemoved,
    ];

    private static List<string> Check(TruthRun run, FakeReportStore store)
    {
        var problems = new List<string>();
        var period = run.SamplingPeriodMs;
        // A sample is taken once per period: what the page did shows in the next sample (≤ 1 period later),
        // and the last sample before an end is ≤ 1 period earlier. Half a period more for scheduling jitter.
        var tol = period * 3 / 2;
        var events = store.Events
            .Where(e => Counted.Contains(e.Name) || e.Name == CallEventNames.MediaTrackMatched)
            .Select(e =>
            {
                JsonElement? att = null;
                if (e.Attachments is { } text && text.StartsWith('{')) att = JsonDocument.Parse(text).RootElement.Clone();
                var ev = new Ev(e.Name!, e.ClientId, e.PeerConnectionId, e.MediaTrackId, null, e.Timestamp ?? 0, e.ObservedAt ?? 0, e.CallId, att);
                return ev with { Direction = ev.Att("direction") };
            })
            .OrderBy(e => e.Ts)
            .ToList();
        var names = run.Participants.ToDictionary(p => p.ClientId, p => p.Name);
        string Who(string? clientId) => clientId is not null && names.TryGetValue(clientId, out var n) ? n : "unknown client " + clientId;
        string Pc(TruthParticipant owner, TruthPeerConnection pc) => $"{owner.Name}'s PC {pc.Label} ({pc.PeerConnectionId})";
        string Tr(TruthParticipant owner, TruthPeerConnection pc, TruthTrack t) => $"{owner.Name}'s {t.Direction} {t.Purpose} track {t.TrackId} on {pc.Label}";
        List<Ev> Named(string name) => events.Where(e => e.Name == name).ToList();

        // The call: one start, one end, one call id (the app's, when it gave one).
        var started = Named(CallEventNames.CallStarted);
        var ended = Named(CallEventNames.CallEnded);
        if (started.Count != 1) problems.Add($"CALL_STARTED: expected 1, got {started.Count}");
        if (ended.Count != 1) problems.Add($"CALL_ENDED: expected 1, got {ended.Count}");
        var callIds = events.Select(e => e.CallId).Distinct().ToList();
        if (callIds.Count != 1) problems.Add($"expected one call id, got {string.Join(", ", callIds)}");
        else if (run.CallId is not null && callIds[0] != run.CallId) problems.Add($"call id: expected the app's {run.CallId}, got {callIds[0]}");
        if (started.Count == 1 && Math.Abs(started[0].Ts - run.StartedAt) > tol) problems.Add($"CALL_STARTED at {started[0].Ts}, truth started {run.StartedAt}");
        long? endTs = ended.Count == 1 ? ended[0].Ts : null;
        long? endObserved = ended.Count == 1 ? ended[0].ObservedAt : null;

        // Clients: one CLIENT_JOINED per participant, one CLIENT_REJOINED per later session, one CLIENT_LEFT per session.
        foreach (var p in run.Participants)
        {
            var joined = Named(CallEventNames.ClientJoined).Where(e => e.ClientId == p.ClientId).ToList();
            var rejoined = Named(CallEventNames.ClientRejoined).Where(e => e.ClientId == p.ClientId).ToList();
            var left = Named(CallEventNames.ClientLeft).Where(e => e.ClientId == p.ClientId).ToList();
            if (joined.Count != 1) problems.Add($"{p.Name}: CLIENT_JOINED expected 1, got {joined.Count}");
            if (rejoined.Count != p.Sessions.Count - 1) problems.Add($"{p.Name}: CLIENT_REJOINED expected {p.Sessions.Count - 1}, got {rejoined.Count}");
            if (left.Count != p.Sessions.Count) problems.Add($"{p.Name}: CLIENT_LEFT expected {p.Sessions.Count}, got {left.Count}");
            var first = p.Sessions[0];
            if (joined.Count == 1 && (joined[0].Ts < first.JoinedAt - tol || joined[0].Ts > first.FirstSampleTimestamp))
                problems.Add($"{p.Name}: CLIENT_JOINED at {joined[0].Ts}, truth joined {first.JoinedAt}, first sample {first.FirstSampleTimestamp}");
            for (var i = 1; i < p.Sessions.Count && i - 1 < rejoined.Count; i++)
            {
                var s = p.Sessions[i];
                if (rejoined[i - 1].Ts < s.JoinedAt - tol || rejoined[i - 1].Ts > s.FirstSampleTimestamp)
                    problems.Add($"{p.Name}: CLIENT_REJOINED #{i} at {rejoined[i - 1].Ts}, truth session {i} joined {s.JoinedAt}, first sample {s.FirstSampleTimestamp}");
            }
            for (var i = 0; i < p.Sessions.Count && i < left.Count; i++)
            {
                var s = p.Sessions[i];
                var ts = left[i].Ts;
                if (s.LeaveExplicit ? Math.Abs(ts - s.LeftAt) > tol : ts != s.LastSampleTimestamp)
                    problems.Add($"{p.Name}: CLIENT_LEFT of session {i} at {ts}; truth: {(s.LeaveExplicit ? "explicit" : "implicit")} leave at {s.LeftAt}, last sample {s.LastSampleTimestamp}");
                if (endTs is { } e && ts > e) problems.Add($"{p.Name}: CLIENT_LEFT of session {i} at {ts} after CALL_ENDED at {e}");
            }
        }
        // Whoever left first in the page leaves first in the events.
        var lastLeaves = run.Participants.Select(p => (p, s: p.Sessions[^1])).OrderBy(x => x.s.LeftAt).ToList();
        var leftOrder = Named(CallEventNames.ClientLeft).GroupBy(e => e.ClientId).Select(g => (ClientId: g.Key, Ts: g.Max(e => e.Ts))).OrderBy(x => x.Ts).Select(x => Who(x.ClientId)).ToList();
        var truthOrder = lastLeaves.Select(x => x.p.Name).ToList();
        if (!leftOrder.SequenceEqual(truthOrder)) problems.Add($"leave order: expected {string.Join(", ", truthOrder)}, got {string.Join(", ", leftOrder)}");

        // Peer connections: each opened once and closed once, near the truth.
        foreach (var (owner, pc) in run.PeerConnections())
        {
            var opened = Named(CallEventNames.PeerConnectionOpened).Where(e => e.ClientId == owner.ClientId && e.PcId == pc.PeerConnectionId).ToList();
            var closed = Named(CallEventNames.PeerConnectionClosed).Where(e => e.ClientId == owner.ClientId && e.PcId == pc.PeerConnectionId).ToList();
            if (opened.Count != 1) problems.Add($"{Pc(owner, pc)}: PEER_CONNECTION_OPENED expected 1, got {opened.Count}");
            else if (Math.Abs(opened[0].Ts - pc.OpenedAt) > tol) problems.Add($"{Pc(owner, pc)}: opened at {opened[0].Ts}, truth {pc.OpenedAt}");
            if (closed.Count != 1) problems.Add($"{Pc(owner, pc)}: PEER_CONNECTION_CLOSED expected 1, got {closed.Count}");
            else
            {
                if (Math.Abs(closed[0].Ts - pc.ClosedAt) > tol) problems.Add($"{Pc(owner, pc)}: closed at {closed[0].Ts}, truth {pc.ClosedAt} ({(pc.CloseExplicit ? "explicit" : "implicit")})");
                if (endObserved is { } eo && closed[0].ObservedAt > eo) problems.Add($"{Pc(owner, pc)}: closed after the call ended");
            }
        }

        // Tracks: each (client, PC, direction, trackId) added once and removed once, near the truth; inbound ones matched right.
        var summary = store.Reports.Where(r => r.Type == ReportTypes.CallSummary).Select(r => r.Payload).OfType<CallSummaryReport>().ToList();
        if (summary.Count != 1) problems.Add($"CALL_SUMMARY: expected 1, got {summary.Count}");
        foreach (var (owner, pc, t) in run.Tracks())
        {
            bool Is(Ev e) => e.ClientId == owner.ClientId && e.PcId == pc.PeerConnectionId && e.TrackId == t.TrackId && e.Direction == t.Direction;
            var added = Named(CallEventNames.MediaTrackAdded).Where(Is).ToList();
            var removed = Named(CallEventNames.MediaTrackRemoved).Where(Is).ToList();
            var matched = Named(CallEventNames.MediaTrackMatched).Where(Is).ToList();
            if (added.Count != 1) problems.Add($"{Tr(owner, pc, t)}: MEDIA_TRACK_ADDED expected 1, got {added.Count}");
            else
            {
                if (Math.Abs(added[0].Ts - t.AddedAt) > tol) problems.Add($"{Tr(owner, pc, t)}: added at {added[0].Ts}, truth {t.AddedAt}");
                if (added[0].Att("kind") != t.Kind) problems.Add($"{Tr(owner, pc, t)}: added as kind {added[0].Att("kind")}");
                var ssrcs = added[0].Attachments is { } a && a.TryGetProperty("ssrcs", out var list) ? list.EnumerateArray().Select(x => x.GetInt64()).ToList() : [];
                if (t.Ssrc is { } ssrc && !ssrcs.Contains(ssrc)) problems.Add($"{Tr(owner, pc, t)}: added with SSRCs [{string.Join(",", ssrcs)}], truth {ssrc}");
            }
            if (removed.Count != 1) problems.Add($"{Tr(owner, pc, t)}: MEDIA_TRACK_REMOVED expected 1, got {removed.Count}");
            else if (Math.Abs(removed[0].Ts - t.RemovedAt) > tol)
                problems.Add($"{Tr(owner, pc, t)}: removed at {removed[0].Ts} ({removed[0].Att("reason")}), truth {t.RemovedAt} ({t.RemovedHow})");

            if (t.Direction != "inbound" || t.Remote is not { } remote) continue;
            if (matched.Count > 1) problems.Add($"{Tr(owner, pc, t)}: MEDIA_TRACK_MATCHED expected at most 1, got {matched.Count}");
            var match = added.Concat(matched).FirstOrDefault(e => e.Att("remoteClientId") is not null);
            var expected = $"{remote.Participant} ({remote.ClientId}) PC {remote.PeerConnectionId} track {remote.TrackId}";
            if (match is null) problems.Add($"{Tr(owner, pc, t)}: never matched; expected {expected}");
            else if (match.Att("remoteClientId") != remote.ClientId || match.Att("remotePeerConnectionId") != remote.PeerConnectionId || match.Att("remoteTrackId") != remote.TrackId)
                problems.Add($"{Tr(owner, pc, t)}: matched to {Who(match.Att("remoteClientId"))} ({match.Att("remoteClientId")}) PC {match.Att("remotePeerConnectionId")} track {match.Att("remoteTrackId")}; expected {expected}");
            if (summary.Count == 1)
            {
                var inSummary = summary[0].Clients.Where(c => c.ClientId == owner.ClientId).SelectMany(c => c.Matches)
                    .Where(m => m.PeerConnectionId == pc.PeerConnectionId && m.TrackId == t.TrackId).ToList();
                if (inSummary.Count != 1) problems.Add($"{Tr(owner, pc, t)}: CALL_SUMMARY has {inSummary.Count} matches for it");
                else if (inSummary[0].RemoteClientId != remote.ClientId || inSummary[0].RemotePeerConnectionId != remote.PeerConnectionId || inSummary[0].RemoteTrackId != remote.TrackId)
                    problems.Add($"{Tr(owner, pc, t)}: CALL_SUMMARY match {Who(inSummary[0].RemoteClientId)} PC {inSummary[0].RemotePeerConnectionId} track {inSummary[0].RemoteTrackId}; expected {expected}");
            }
        }

        // The call spans its clients: it starts with the first join and ends with the last leave; the summary says the same.
        var joins = Named(CallEventNames.ClientJoined);
        var leaves = Named(CallEventNames.ClientLeft);
        if (started.Count == 1 && joins.Count > 0 && started[0].Ts != joins.Min(e => e.Ts)) problems.Add($"CALL_STARTED at {started[0].Ts}, first CLIENT_JOINED at {joins.Min(e => e.Ts)}");
        if (endTs is { } end && leaves.Count > 0 && end != leaves.Max(e => e.Ts)) problems.Add($"CALL_ENDED at {end}, last CLIENT_LEFT at {leaves.Max(e => e.Ts)}");
        if (summary.Count == 1)
        {
            var sum = summary[0];
            if (sum.Started != (started.Count == 1 ? started[0].Ts : null) || sum.Ended != endTs) problems.Add($"CALL_SUMMARY {sum.Started}-{sum.Ended}, events {started.FirstOrDefault()?.Ts}-{endTs}");
            if (sum.Clients.Count != run.Participants.Count) problems.Add($"CALL_SUMMARY has {sum.Clients.Count} clients, truth {run.Participants.Count}");
            foreach (var p in run.Participants)
            {
                var c = sum.Clients.Find(x => x.ClientId == p.ClientId);
                if (c is null)
                {
                    problems.Add($"CALL_SUMMARY has no {p.Name}");
                    continue;
                }
                var expectedTracks = p.PeerConnections.SelectMany(pc => pc.Tracks).GroupBy(t => (t.Kind, t.Direction)).ToDictionary(g => g.Key, g => g.Count());
                var gotTracks = c.Tracks.ToDictionary(t => (t.Kind ?? "", t.Direction ?? ""), t => t.Count);
                var got = $"rejoins {c.Rejoins}, PCs {c.PeerConnectionCount} [{string.Join(",", c.PeerConnectionIds.Order(StringComparer.Ordinal))}], tracks {string.Join(" ", gotTracks.OrderBy(x => x.Key).Select(x => $"{x.Key.Item1}/{x.Key.Item2}:{x.Value}"))}, user {c.UserId}";
                var want = $"rejoins {p.Sessions.Count - 1}, PCs {p.PeerConnections.Count} [{string.Join(",", p.PeerConnections.Select(pc => pc.PeerConnectionId).Order(StringComparer.Ordinal))}], tracks {string.Join(" ", expectedTracks.OrderBy(x => x.Key).Select(x => $"{x.Key.Item1}/{x.Key.Item2}:{x.Value}"))}, user {p.UserId}";
                if (got != want) problems.Add($"CALL_SUMMARY for {p.Name}: {got}; truth {want}");
                var joinedTs = joins.Where(e => e.ClientId == p.ClientId).Select(e => (long?)e.Ts).FirstOrDefault();
                var leftTs = leaves.Where(e => e.ClientId == p.ClientId).Select(e => (long?)e.Ts).DefaultIfEmpty().Max();
                if (c.Joined != joinedTs || c.Left != leftTs) problems.Add($"CALL_SUMMARY for {p.Name}: joined {c.Joined} left {c.Left}; events {joinedTs} {leftTs}");
            }
        }

        // Early ends are seen while the call is live, not swept up by its end; a stopped share is seen at once.
        var lastLeave = run.Participants.Max(p => p.Sessions[^1].LeftAt);
        void Early(string what, long truthEnd, Ev? e)
        {
            if (e is null || endObserved is not { } eo || truthEnd >= lastLeave - tol) return;
            if (e.ObservedAt >= eo) problems.Add($"{what}: ended at {truthEnd}, before the last leave at {lastLeave}, but only observed with the call's end ({e.ObservedAt})");
        }
        foreach (var p in run.Participants)
        {
            var left = Named(CallEventNames.ClientLeft).Where(e => e.ClientId == p.ClientId).ToList();
            for (var i = 0; i < p.Sessions.Count && i < left.Count; i++) Early($"{p.Name}'s session {i}", p.Sessions[i].LeftAt, left[i]);
        }
        foreach (var (owner, pc) in run.PeerConnections())
            Early(Pc(owner, pc), pc.ClosedAt, Named(CallEventNames.PeerConnectionClosed).FirstOrDefault(e => e.ClientId == owner.ClientId && e.PcId == pc.PeerConnectionId));
        foreach (var (owner, pc, t) in run.Tracks())
        {
            var removed = Named(CallEventNames.MediaTrackRemoved).FirstOrDefault(e => e.ClientId == owner.ClientId && e.PcId == pc.PeerConnectionId && e.TrackId == t.TrackId && e.Direction == t.Direction);
            Early(Tr(owner, pc, t), t.RemovedAt, removed);
            // The sender's next sample shows the removal; the receiver's frozen counter shows in the sample after the one with its final value.
            if (t.Purpose == "screen" && removed is not null && removed.ObservedAt > t.RemovedAt + 3 * period)
                problems.Add($"{Tr(owner, pc, t)}: removal observed at {removed.ObservedAt}, {removed.ObservedAt - t.RemovedAt} ms after it happened ({t.RemovedAt})");
        }

        // Nothing beyond the truth: totals per event name.
        var sessions = run.Participants.Sum(p => p.Sessions.Count);
        var pcs = run.PeerConnections().Count();
        var tracks = run.Tracks().Count();
        var expectedTotals = new Dictionary<string, int>
        {
            [CallEventNames.ClientJoined] = run.Participants.Count,
            [CallEventNames.ClientRejoined] = sessions - run.Participants.Count,
            [CallEventNames.ClientLeft] = sessions,
            [CallEventNames.PeerConnectionOpened] = pcs,
            [CallEventNames.PeerConnectionClosed] = pcs,
            [CallEventNames.MediaTrackAdded] = tracks,
            [CallEventNames.MediaTrackRemoved] = tracks,
        };
        var truthTracks = run.Tracks().Select(x => (x.Owner.ClientId, x.Pc.PeerConnectionId, x.Track.Direction, x.Track.TrackId)).ToHashSet();
        var truthPcs = run.PeerConnections().Select(x => (x.Owner.ClientId, x.Pc.PeerConnectionId)).ToHashSet();
        foreach (var (name, count) in expectedTotals)
        {
            var got = Named(name);
            if (got.Count == count) continue;
            var extra = got.Where(e => name.StartsWith("MEDIA_TRACK", StringComparison.Ordinal)
                    ? !truthTracks.Contains((e.ClientId ?? "", e.PcId ?? "", e.Direction ?? "", e.TrackId ?? ""))
                    : name.StartsWith("PEER_CONNECTION", StringComparison.Ordinal) && !truthPcs.Contains((e.ClientId ?? "", e.PcId ?? "")))
                .Select(e => $"{Who(e.ClientId)} pc {e.PcId} {e.Direction} track {e.TrackId} at {e.Ts} ({e.Att("reason")})");
            problems.Add($"{name}: expected {count} in all, got {got.Count}; not in the truth: [{string.Join("; ", extra)}]");
        }
        var matchedTotal = Named(CallEventNames.MediaTrackMatched).Count;
        var inbound = run.Tracks().Count(x => x.Track.Direction == "inbound");
        if (matchedTotal > inbound) problems.Add($"MEDIA_TRACK_MATCHED: {matchedTotal} for {inbound} inbound tracks");
        return problems;
    }
}
