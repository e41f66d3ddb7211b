using System.Text.Json;
using ObserveRtc.Core.Json;
using ObserveRtc.Core.Samples;
using static ObserveRtc.Core.Json.CompactJson;

namespace ObserveRtc.Core.Calls;

/// <summary>
/// The stored form of a <see cref="CallState"/>: compact JSON, because a Durable entity reads and
/// writes the whole state in every operation (its size is storage, I/O and CPU per operation).
/// <para>
/// <c>{"v":4,"s":[strings…],"u":"…","t":t0,"c":[call…]}</c>. Every id and other string is written once, in
/// the table <c>s</c> (a lowercase UUID packed in <c>u</c>, see <see cref="CompactJson"/>), and referred to by its index. Every timestamp is written as a difference: the
/// client's ones from <c>t0</c> (the call's observer clock), a peer connection's from its client's, a
/// track's from its peer connection's, the dedup window's from the previous entry, so most are a digit
/// or two. Repeated things (clients, peer connections, tracks, matches, tombstones, counts) are
/// positional arrays, booleans are 0/1, and a track's match that equals an entry of its client's match
/// summary is written as that entry's index. The field order is in <see cref="WriteClient"/> and the
/// other writers, mirrored by the readers; it changes only with a new <c>v</c>.
/// </para>
/// <para>
/// The conversion is exact (every value comes back, including nulls, zeros and negative differences),
/// independent of the serializer options (naming policies and case rules do not apply), and a state of
/// another version or a malformed one is refused with a <see cref="JsonException"/> naming what is wrong.
/// </para>
/// </summary>
public sealed class CallStateJsonConverter : CompactJsonConverter<CallState>
{
    /// <summary>
    /// 4: runs of packed ids counted in <c>s</c>; a dedup window entry whose sequence number steps as the
    /// one before it did is its time difference alone; a client's <see cref="ClientState.LeftBarrierTs"/>
    /// of 0 (none) is <c>null</c>. 3: lowercase UUIDs packed in the envelope's <c>u</c>. 2: a client's rejoin
    /// time (<see cref="ClientState.RejoinedTs"/>) after its issue total. 1 to 3 are still read.
    /// </summary>
    public override int FormatVersion => 4;

    /// <inheritdoc />
    public override int OldestReadableVersion => 1;

    private protected override int PackedIdsSince => 3;

    private protected override int PackedRunsSince => 4;

    /// <summary>The version from which the dedup window steps and the barrier's null are written (see <see cref="FormatVersion"/>).</summary>
    private const int SteppedWindowSince = 4;

    private protected override string Subject => "call state";

    private protected override long BaseTime(CallState value) => value.ClockMs;

    private protected override void WriteBody(CompactWriter t, CallState value) => WriteCall(t, value);

    private protected override CallState ReadBody(ref Utf8JsonReader reader, CompactStrings strings, long t0, int version) => ReadCall(ref reader, strings, t0, version);

    // ---------------------------------------------------------------- writing

    private static void WriteCall(CompactWriter t, CallState s)
    {
        var w = t.Writer;
        var t0 = s.ClockMs;
        w.WriteStartArray();
        w.WriteNumberValue(t.Ref(s.CallId));
        Ref(w, t, s.ServiceId);
        Ref(w, t, s.RoomId);
        Bool(w, s.Live);
        Delta(w, s.StartedTs, t0);
        Delta(w, s.EmptySinceMs, t0);
        w.WriteNumberValue(s.PeakClients);
        w.WriteStartArray();
        foreach (var client in s.Clients) WriteClient(w, client, t, t0);
        w.WriteEndArray();
        w.WriteStartArray();
        foreach (var b in s.PreviousClients)
        {
            w.WriteStartArray();
            w.WriteNumberValue(t.Ref(b.ClientId));
            w.WriteNumberValue(b.Ts - t0);
            w.WriteEndArray();
        }
        w.WriteEndArray();
        w.WriteEndArray();
    }

    private static void WriteClient(Utf8JsonWriter w, ClientState c, CompactWriter t, long t0)
    {
        w.WriteStartArray();
        w.WriteNumberValue(t.Ref(c.ClientId));
        Ref(w, t, c.UserId);
        Ref(w, t, c.MediaUnitId);
        Ref(w, t, c.Marker);
        w.WriteNumberValue(c.JoinedTs - t0);
        w.WriteNumberValue(c.LastSampleTs - t0);
        w.WriteNumberValue(c.LastSeenAtMs - t0);
        Number(w, c.LastSampleSeq);
        Bool(w, c.Left);
        Delta(w, c.LeftTs, t0);
        if (c.LeftBarrierTs == 0) w.WriteNullValue(); // none: most clients
        else w.WriteNumberValue(c.LeftBarrierTs - t0);
        w.WriteNumberValue(c.Rejoins);

        // Dedup window, each entry the difference from the one before (the first from -1 and t0): [seq, ts],
        // or ts alone when seq steps as it did in the entry before (by 1 for numbered samples, by 0 for 3.x
        // ones, whose seq is -1), so a window is mostly one time difference a sample. The first is a pair.
        w.WriteStartArray();
        long seq = -1, ts = t0, step = 0;
        var first = true;
        foreach (var m in c.RecentSamples)
        {
            if (first || m.Seq - seq != step)
            {
                step = m.Seq - seq;
                w.WriteStartArray();
                w.WriteNumberValue(step);
                w.WriteNumberValue(m.Ts - ts);
                w.WriteEndArray();
            }
            else
            {
                w.WriteNumberValue(m.Ts - ts);
            }
            (seq, ts, first) = (m.Seq, m.Ts, false);
        }
        w.WriteEndArray();

        w.WriteStartArray();
        foreach (var m in c.Matches) WriteMatch(w, m, t);
        w.WriteEndArray();

        w.WriteStartArray();
        foreach (var pc in c.PeerConnections) WritePeerConnection(w, pc, c, t);
        w.WriteEndArray();

        w.WriteStartArray();
        foreach (var g in c.Tombstones)
        {
            w.WriteStartArray();
            w.WriteStartArray();
            foreach (var part in g.Key.Split('|')) w.WriteNumberValue(t.Ref(part));
            w.WriteEndArray();
            w.WriteNumberValue(g.RemovedTs - c.LastSampleTs);
            Number(w, g.Bytes);
            Bool(w, g.Final);
            w.WriteEndArray();
        }
        w.WriteEndArray();

        w.WriteStartArray();
        foreach (var id in c.PeerConnectionIds) w.WriteNumberValue(t.Ref(id));
        w.WriteEndArray();
        w.WriteNumberValue(c.PeerConnectionCount);

        w.WriteStartArray();
        foreach (var n in c.TrackCounts)
        {
            w.WriteStartArray();
            w.WriteNumberValue((int)n.Kind);
            w.WriteNumberValue((int)n.Direction);
            w.WriteNumberValue(n.Count);
            w.WriteEndArray();
        }
        w.WriteEndArray();

        w.WriteStartArray();
        foreach (var i in c.Issues)
        {
            w.WriteStartArray();
            w.WriteNumberValue(t.Ref(i.Type));
            w.WriteNumberValue(i.Count);
            w.WriteEndArray();
        }
        w.WriteEndArray();
        w.WriteNumberValue(c.IssueTotal);
        // Version 2: trailing and optional, so a version 1 state (without it) reads the same way.
        if (c.RejoinedTs is { } rejoined) w.WriteNumberValue(rejoined - t0);
        w.WriteEndArray();
    }

    private static void WritePeerConnection(Utf8JsonWriter w, PeerConnectionState pc, ClientState c, CompactWriter t)
    {
        w.WriteStartArray();
        w.WriteNumberValue(t.Ref(pc.PeerConnectionId));
        w.WriteNumberValue(pc.LastSeenTs - c.LastSampleTs);
        w.WriteNumberValue(pc.LastSeenAtMs - c.LastSeenAtMs);
        Delta(w, pc.LastMediaTs, pc.LastSeenTs);
        w.WriteStartArray();
        foreach (var track in pc.Tracks) WriteTrack(w, track, pc, c, t);
        w.WriteEndArray();
        w.WriteEndArray();
    }

    private static void WriteTrack(Utf8JsonWriter w, TrackState k, PeerConnectionState pc, ClientState c, CompactWriter t)
    {
        w.WriteStartArray();
        w.WriteNumberValue(t.Ref(k.TrackId));
        w.WriteNumberValue((int)k.Direction);
        w.WriteNumberValue((int)k.Kind);
        Longs(w, k.Ssrcs);
        w.WriteNumberValue(k.AddedTs - pc.LastSeenTs);
        w.WriteNumberValue(k.LastSeenTs - pc.LastSeenTs);
        w.WriteNumberValue(k.LastSeenAtMs - pc.LastSeenAtMs);
        Number(w, k.MaxBytes);
        w.WriteNumberValue(k.MaxBytesTs - k.LastSeenTs);

        // Rarely set, so written only up to the last one that is.
        var tail = k.Match is not null ? 5 : k.RemoteClientHint is not null ? 4 : k.SfuSinkId is not null ? 3 : k.SfuStreamId is not null ? 2 : k.BytesStalled ? 1 : 0;
        if (tail >= 1) Bool(w, k.BytesStalled);
        if (tail >= 2) Ref(w, t, k.SfuStreamId);
        if (tail >= 3) Ref(w, t, k.SfuSinkId);
        if (tail >= 4) Ref(w, t, k.RemoteClientHint);
        if (tail >= 5)
        {
            var index = c.Matches.FindIndex(m => Same(m, k.Match!));
            if (index >= 0) w.WriteNumberValue(index);
            else WriteMatch(w, k.Match!, t);
        }
        w.WriteEndArray();
    }

    private static void WriteMatch(Utf8JsonWriter w, TrackMatch m, CompactWriter t)
    {
        w.WriteStartArray();
        w.WriteNumberValue(t.Ref(m.PeerConnectionId));
        w.WriteNumberValue(t.Ref(m.TrackId));
        w.WriteNumberValue(t.Ref(m.RemoteClientId));
        Ref(w, t, m.RemoteUserId);
        w.WriteNumberValue(t.Ref(m.RemotePeerConnectionId));
        w.WriteNumberValue(t.Ref(m.RemoteTrackId));
        w.WriteNumberValue(t.Ref(m.By));
        w.WriteEndArray();
    }

    private static bool Same(TrackMatch a, TrackMatch b) =>
        a.PeerConnectionId == b.PeerConnectionId && a.TrackId == b.TrackId && a.RemoteClientId == b.RemoteClientId &&
        a.RemoteUserId == b.RemoteUserId && a.RemotePeerConnectionId == b.RemotePeerConnectionId &&
        a.RemoteTrackId == b.RemoteTrackId && a.By == b.By;

    // ---------------------------------------------------------------- reading

    private static CallState ReadCall(ref Utf8JsonReader r, CompactStrings refs, long t0, int version)
    {
        Start(ref r, "call");
        var s = new CallState { ClockMs = t0 };
        s.CallId = refs.Required(ref r);
        s.ServiceId = refs.Optional(ref r);
        s.RoomId = refs.Optional(ref r);
        s.Live = NextBool(ref r);
        s.StartedTs = NextDelta(ref r, t0);
        s.EmptySinceMs = NextDelta(ref r, t0);
        s.PeakClients = NextInt32(ref r);
        StartNext(ref r, "clients");
        while (Item(ref r)) s.Clients.Add(ReadClient(ref r, refs, t0, version));
        StartNext(ref r, "previous clients");
        while (Item(ref r))
        {
            Start(ref r, "previous client");
            s.PreviousClients.Add(new ClientBarrier { ClientId = refs.Required(ref r), Ts = NextInt64(ref r) + t0 });
            End(ref r);
        }
        End(ref r);
        return s;
    }

    private static ClientState ReadClient(ref Utf8JsonReader r, CompactStrings refs, long t0, int version)
    {
        Start(ref r, "client");
        var c = new ClientState
        {
            ClientId = refs.Required(ref r),
            UserId = refs.Optional(ref r),
            MediaUnitId = refs.Optional(ref r),
            Marker = refs.Optional(ref r),
            JoinedTs = NextInt64(ref r) + t0,
            LastSampleTs = NextInt64(ref r) + t0,
            LastSeenAtMs = NextInt64(ref r) + t0,
            LastSampleSeq = NextNullableInt64(ref r),
            Left = NextBool(ref r),
            LeftTs = NextDelta(ref r, t0),
            LeftBarrierTs = version >= SteppedWindowSince ? NextBarrier(ref r, t0) : NextInt64(ref r) + t0,
            Rejoins = NextInt32(ref r),
        };

        StartNext(ref r, "dedup window");
        long seq = -1, ts = t0, step = 0;
        while (Item(ref r))
        {
            if (version < SteppedWindowSince)
            {
                seq += Int64(ref r); // flat [seq, ts, seq, ts, …]
                ts += NextInt64(ref r);
            }
            else if (r.TokenType == JsonTokenType.StartArray)
            {
                var next = NextInt64(ref r);
                if (next == step && c.RecentSamples.Count > 0) throw Bad("a dedup window pair repeats the step before it (that entry is its time alone)");
                step = next;
                seq += step;
                ts += NextInt64(ref r);
                End(ref r);
            }
            else
            {
                if (c.RecentSamples.Count == 0) throw Bad("a dedup window starts with a [seq, ts] pair");
                seq += step;
                ts += Int64(ref r);
            }
            c.RecentSamples.Add(new SampleMark(seq, ts));
        }

        StartNext(ref r, "matches");
        while (Item(ref r)) c.Matches.Add(ReadMatch(ref r, refs));

        StartNext(ref r, "peer connections");
        while (Item(ref r)) c.PeerConnections.Add(ReadPeerConnection(ref r, refs, c));

        StartNext(ref r, "tombstones");
        while (Item(ref r))
        {
            Start(ref r, "tombstone");
            StartNext(ref r, "tombstone key");
            var parts = new List<string>(4);
            while (Item(ref r)) parts.Add(refs.Here(ref r));
            c.Tombstones.Add(new Tombstone
            {
                Key = string.Join('|', parts),
                RemovedTs = NextInt64(ref r) + c.LastSampleTs,
                Bytes = NextNullableDouble(ref r),
                Final = NextBool(ref r),
            });
            End(ref r);
        }

        StartNext(ref r, "peer connection ids");
        while (Item(ref r)) c.PeerConnectionIds.Add(refs.Here(ref r));
        c.PeerConnectionCount = NextInt32(ref r);

        StartNext(ref r, "track counts");
        while (Item(ref r))
        {
            Start(ref r, "track count");
            c.TrackCounts.Add(new TrackCount { Kind = (MediaKind)NextInt32(ref r), Direction = (TrackDirection)NextInt32(ref r), Count = NextInt32(ref r) });
            End(ref r);
        }

        StartNext(ref r, "issues");
        while (Item(ref r))
        {
            Start(ref r, "issue count");
            c.Issues.Add(new IssueCount { Type = refs.Required(ref r), Count = NextInt32(ref r) });
            End(ref r);
        }
        c.IssueTotal = NextInt32(ref r);
        if (Item(ref r))
        {
            c.RejoinedTs = Int64(ref r) + t0;
            End(ref r);
        }
        return c;
    }

    /// <summary>
    /// A client's <see cref="ClientState.LeftBarrierTs"/> from format 4 on: null for none (0), else its difference
    /// from <paramref name="t0"/>; a difference that makes 0 is the form before format 4, refused.
    /// </summary>
    private static long NextBarrier(ref Utf8JsonReader r, long t0)
    {
        if (NextNullableInt64(ref r) is not { } barrier) return 0;
        return barrier + t0 is var ts and not 0 ? ts : throw Bad("a client without a leave barrier is null, not its difference from t0");
    }

    private static PeerConnectionState ReadPeerConnection(ref Utf8JsonReader r, CompactStrings refs, ClientState c)
    {
        Start(ref r, "peer connection");
        var pc = new PeerConnectionState
        {
            PeerConnectionId = refs.Required(ref r),
            LastSeenTs = NextInt64(ref r) + c.LastSampleTs,
            LastSeenAtMs = NextInt64(ref r) + c.LastSeenAtMs,
        };
        pc.LastMediaTs = NextDelta(ref r, pc.LastSeenTs);
        StartNext(ref r, "tracks");
        while (Item(ref r)) pc.Tracks.Add(ReadTrack(ref r, refs, pc, c));
        End(ref r);
        return pc;
    }

    private static TrackState ReadTrack(ref Utf8JsonReader r, CompactStrings refs, PeerConnectionState pc, ClientState c)
    {
        Start(ref r, "track");
        var k = new TrackState
        {
            TrackId = refs.Required(ref r),
            Direction = (TrackDirection)NextInt32(ref r),
            Kind = (MediaKind)NextInt32(ref r),
        };
        k.Ssrcs = NextLongs(ref r, "ssrcs");
        k.AddedTs = NextInt64(ref r) + pc.LastSeenTs;
        k.LastSeenTs = NextInt64(ref r) + pc.LastSeenTs;
        k.LastSeenAtMs = NextInt64(ref r) + pc.LastSeenAtMs;
        k.MaxBytes = NextNullableDouble(ref r);
        k.MaxBytesTs = NextInt64(ref r) + k.LastSeenTs;

        if (!Item(ref r)) return k;
        k.BytesStalled = Bool(ref r);
        if (!Item(ref r)) return k;
        k.SfuStreamId = refs.HereOptional(ref r);
        if (!Item(ref r)) return k;
        k.SfuSinkId = refs.HereOptional(ref r);
        if (!Item(ref r)) return k;
        k.RemoteClientHint = refs.HereOptional(ref r);
        if (!Item(ref r)) return k;
        if (r.TokenType == JsonTokenType.Number)
        {
            var index = r.TryGetInt32(out var i) && i >= 0 && i < c.Matches.Count ? i : throw Bad("a track's match index is out of range");
            k.Match = c.Matches[index].Clone();
        }
        else
        {
            k.Match = ReadMatch(ref r, refs);
        }
        End(ref r);
        return k;
    }

    private static TrackMatch ReadMatch(ref Utf8JsonReader r, CompactStrings refs)
    {
        Start(ref r, "match");
        var m = new TrackMatch
        {
            PeerConnectionId = refs.Required(ref r),
            TrackId = refs.Required(ref r),
            RemoteClientId = refs.Required(ref r),
            RemoteUserId = refs.Optional(ref r),
            RemotePeerConnectionId = refs.Required(ref r),
            RemoteTrackId = refs.Required(ref r),
            By = refs.Required(ref r),
        };
        End(ref r);
        return m;
    }
}
