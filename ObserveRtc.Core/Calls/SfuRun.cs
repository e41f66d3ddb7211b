using ObserveRtc.Core.Reports;
using ObserveRtc.Core.Samples;

namespace ObserveRtc.Core.Calls;

/// <summary>One SFU tracker operation.</summary>
internal sealed class SfuRun(SfuState sfu, SfuTrackerOptions options)
{
    private readonly List<Report> _events = [];
    private Dictionary<string, SfuObjectState>? _index;
    private bool _left;

    /// <summary>The SFU's objects by <see cref="Key"/>, built once per operation: a busy SFU lists hundreds of pads in every sample.</summary>
    private Dictionary<string, SfuObjectState> Index
    {
        get
        {
            if (_index is not null) return _index;
            _index = new Dictionary<string, SfuObjectState>(sfu.Objects.Count, StringComparer.Ordinal);
            foreach (var o in sfu.Objects) _index.TryAdd(Key(o.Kind, o.Id, o.TransportId), o);
            return _index;
        }
    }

    public SfuTrackerResult Result() => new()
    {
        State = sfu,
        Events = [.. _events.OrderBy(e => e.TimestampMs)],
        NextDeadlineMs = NextDeadline(),
        SfuLeft = _left,
        NewestSampleReceivedAtMs = _newestSampleReceivedAtMs,
    };

    private long? _newestSampleReceivedAtMs;
    private long? _batchJoinTs;

    /// <summary>The earliest sample of the batch that is not late: an SFU that joins in it joins then (as a call's client does), whatever the delivery order.</summary>
    public void Prescan(IReadOnlyList<SfuSampleView> samples)
    {
        foreach (var sample in samples)
        {
            if (sample.TimestampMs <= sfu.LeftBarrierTs) continue;
            _batchJoinTs = Math.Min(_batchJoinTs ?? long.MaxValue, sample.TimestampMs);
        }
    }

    public void Process(SfuSampleView sample)
    {
        var ts = sample.TimestampMs;
        if (sfu.RecentSamples.Contains(ts)) return; // duplicate
        // News (not late, newer than any sample so far) counts as seen at the tracker's clock when that
        // is already past its receive time, and tells how far behind the host is (as for calls).
        // Older than its last leave: late, also once the SFU is back (what it removed stays removed).
        var late = ts <= sfu.LeftBarrierTs;
        var news = !late && ts > sfu.LastSampleTs;
        var observedAt = news ? Math.Max(sample.Origin.ReceivedAtMs, sfu.ClockMs) : sample.Origin.ReceivedAtMs;
        if (news) _newestSampleReceivedAtMs = Math.Max(_newestSampleReceivedAtMs ?? long.MinValue, sample.Origin.ReceivedAtMs);
        sfu.ClockMs = Math.Max(sfu.ClockMs, sample.Origin.ReceivedAtMs);
        if (late)
        {
            // Never resurrects (0 before a first leave); what it reported is still passed through while
            // the SFU is live, once (the sample is remembered), as a call's late samples are.
            if (sfu.Live)
            {
                Remember(ts);
                PassThrough(sample);
            }
            return;
        }
        if (!sfu.Live) Join(sample);
        Remember(ts);
        sfu.LastSampleTs = Math.Max(sfu.LastSampleTs, ts);
        sfu.LastSeenAtMs = Math.Max(sfu.LastSeenAtMs, observedAt);
        sfu.Marker ??= sample.Marker;

        // The SFU's own SFU_TRANSPORT_OPENED (sfu-monitor-js's createSfuEvents): a transport that lived
        // between two samples is known only from its events. Before the rows, at the event's time, but not
        // before the SFU (re)joined: its first sample announces transports opened before it.
        var openFloor = Math.Max(sfu.JoinedTs, sfu.LeftBarrierTs + 1);
        foreach (var e in sample.Events)
        {
            if (e.Name == SfuEventNames.TransportOpened && e.TransportId is { } opened)
                Touch(SfuObjectKind.Transport, opened, null, Math.Max(Math.Min(e.TimestampMs ?? ts, ts), openFloor), observedAt, _ => { });
        }
        var seenTransports = new HashSet<string>(StringComparer.Ordinal);
        foreach (var t in sample.Transports)
        {
            seenTransports.Add(t.TransportId);
            var transport = Touch(SfuObjectKind.Transport, t.TransportId, null, ts, observedAt, o => o.Internal = t.Internal, allowOpen: !t.ReportsClosed);
            if (transport is not null && t.ReportsClosed) Remove(transport, ts, observedAt, "closed", final: true);
        }
        foreach (var p in sample.RtpPads)
        {
            if (!EnsureTransport(p.TransportId, seenTransports, ts, observedAt)) continue;
            Touch(SfuObjectKind.RtpPad, p.PadId, p.TransportId, ts, observedAt, o =>
            {
                o.Internal = p.Internal;
                o.Direction = p.Direction;
                o.StreamId = p.StreamId;
                o.SinkId ??= p.SinkId;
                o.Ssrc = p.Ssrc;
                o.MediaKind = p.Kind;
                o.CallId ??= p.CallId;
                o.ClientId ??= p.ClientId;
                o.TrackId ??= p.TrackId;
            });
        }
        foreach (var s in sample.SctpStreams)
        {
            if (!EnsureTransport(s.TransportId, seenTransports, ts, observedAt)) continue;
            Touch(SfuObjectKind.SctpStream, s.ChannelId, s.TransportId, ts, observedAt, o => o.StreamId = s.StreamId);
        }
        // An explicit close, after the rows so the same sample's cannot reopen it; at the event's time, and
        // for good: a transport not known yet gets a final tombstone, so an older sample delivered later
        // cannot open it.
        foreach (var e in sample.Events)
        {
            if (e.Name != SfuEventNames.TransportClosed || e.TransportId is not { } closed) continue;
            var closedTs = Math.Min(e.TimestampMs ?? ts, ts);
            if (Find(SfuObjectKind.Transport, closed) is { } transport) Remove(transport, Math.Max(closedTs, transport.LastSeenTs), observedAt, "closed", final: true);
            else AddTombstone(Key(SfuObjectKind.Transport, closed, null), closedTs, final: true);
        }
        PassThrough(sample);
    }

    private void Remember(long ts)
    {
        sfu.RecentSamples.Add(ts);
        if (sfu.RecentSamples.Count > options.DedupWindowSize) sfu.RecentSamples.RemoveRange(0, sfu.RecentSamples.Count - options.DedupWindowSize);
    }

    /// <summary>
    /// The SFU's custom events. One named after an event the tracker raises itself (sfu-monitor-js's
    /// createSfuEvents sends SFU_TRANSPORT_OPENED and SFU_TRANSPORT_CLOSED) is not passed through: it
    /// would be a second event of that name for the same transport.
    /// </summary>
    private void PassThrough(SfuSampleView sample)
    {
        for (var i = 0; i < sample.Events.Count; i++)
        {
            if (!SfuEventNames.IsObserverMade(sample.Events[i].Name)) _events.Add(Custom(sample, sample.Events[i], i));
        }
    }

    /// <summary>A transport known only from its pads or streams is seen too; false when it is closed for good.</summary>
    private bool EnsureTransport(string transportId, HashSet<string> seen, long ts, long observedAt)
    {
        if (seen.Add(transportId)) return Touch(SfuObjectKind.Transport, transportId, null, ts, observedAt, _ => { }) is not null;
        return Find(SfuObjectKind.Transport, transportId) is not null;
    }

    private void Join(SfuSampleView sample)
    {
        sfu.Live = true;
        sfu.ServiceId = sample.Origin.ServiceId;
        sfu.MediaUnitId = sample.Origin.MediaUnitId;
        sfu.LastSampleTs = sample.TimestampMs;
        sfu.LastSeenAtMs = sample.Origin.ReceivedAtMs;
        var ts = Math.Min(_batchJoinTs ?? sample.TimestampMs, sample.TimestampMs);
        sfu.JoinedTs = ts;
        _events.Add(Event(SfuEventNames.SfuJoined, ts, sample.Origin.ReceivedAtMs, null, "SFU joined", null));
    }

    private SfuObjectState? Touch(SfuObjectKind kind, string id, string? transportId, long ts, long observedAt, Action<SfuObjectState> update, bool allowOpen = true)
    {
        var o = Find(kind, id, transportId);
        if (o is null)
        {
            if (!allowOpen) return null;
            var key = Key(kind, id, transportId);
            var tomb = sfu.Tombstones.Find(t => t.Key == key);
            if (tomb is not null && (tomb.Final || ts <= tomb.RemovedTs)) return null;
            if (tomb is not null) sfu.Tombstones.Remove(tomb);
            o = new SfuObjectState { Kind = kind, Id = id, TransportId = transportId, LastSeenTs = ts, LastSeenAtMs = observedAt };
            update(o);
            sfu.Objects.Add(o);
            Index[key] = o;
            _events.Add(Event(AddedName(kind), ts, observedAt, o, null, "sample"));
            return o;
        }
        update(o);
        o.LastSeenTs = Math.Max(o.LastSeenTs, ts);
        o.LastSeenAtMs = Math.Max(o.LastSeenAtMs, observedAt);
        return o;
    }

    private void Remove(SfuObjectState o, long ts, long observedAt, string reason, bool final, bool tombstone = true)
    {
        if (o.Kind == SfuObjectKind.Transport)
        {
            foreach (var child in sfu.Objects.Where(c => c.Kind != SfuObjectKind.Transport && c.TransportId == o.Id).ToList())
                Remove(child, Math.Min(child.LastSeenTs, ts), observedAt, "transport-closed", final: false, tombstone: false);
        }
        _events.Add(Event(RemovedName(o.Kind), ts, observedAt, o, null, reason));
        sfu.Objects.Remove(o);
        var key = Key(o.Kind, o.Id, o.TransportId);
        _index?.Remove(key);
        if (tombstone) AddTombstone(key, ts, final);
    }

    private void AddTombstone(string key, long ts, bool final)
    {
        sfu.Tombstones.RemoveAll(t => t.Key == key);
        sfu.Tombstones.Add(new Tombstone { Key = key, RemovedTs = ts, Final = final });
        if (sfu.Tombstones.Count > options.MaxTombstones) sfu.Tombstones.RemoveRange(0, sfu.Tombstones.Count - options.MaxTombstones);
    }

    public void Advance(long nowMs)
    {
        sfu.ClockMs = Math.Max(sfu.ClockMs, nowMs);
        while (NextDeadline() is { } deadline && deadline <= sfu.ClockMs) ExpireAt(deadline);
    }

    private long? NextDeadline()
    {
        if (!sfu.Live) return null;
        var next = sfu.LastSeenAtMs + Ms(options.SfuIdleTimeout);
        foreach (var o in sfu.Objects) next = Math.Min(next, o.LastSeenAtMs + Idle(o.Kind));
        return next;
    }

    private void ExpireAt(long deadline)
    {
        foreach (var o in sfu.Objects.Where(o => o.Kind != SfuObjectKind.Transport).ToList())
        {
            var due = o.LastSeenAtMs + Idle(o.Kind);
            if (due <= deadline) Remove(o, o.LastSeenTs, due, "timeout", final: false);
        }
        foreach (var o in sfu.Objects.Where(o => o.Kind == SfuObjectKind.Transport).ToList())
        {
            var due = o.LastSeenAtMs + Idle(o.Kind);
            if (due <= deadline) Remove(o, o.LastSeenTs, due, "timeout", final: false);
        }
        var sfuDue = sfu.LastSeenAtMs + Ms(options.SfuIdleTimeout);
        if (sfuDue > deadline) return;
        foreach (var o in sfu.Objects.Where(o => o.Kind == SfuObjectKind.Transport).ToList())
            Remove(o, Math.Min(o.LastSeenTs, sfu.LastSampleTs), sfuDue, "sfu-left", final: false, tombstone: false);
        foreach (var o in sfu.Objects.ToList()) Remove(o, Math.Min(o.LastSeenTs, sfu.LastSampleTs), sfuDue, "sfu-left", final: false, tombstone: false);
        _events.Add(Event(SfuEventNames.SfuLeft, sfu.LastSampleTs, sfuDue, null, "SFU left (timeout)", null));
        sfu.Live = false;
        sfu.LeftBarrierTs = sfu.LastSampleTs;
        sfu.Tombstones.Clear();
        _left = true;
    }

    private SfuObjectState? Find(SfuObjectKind kind, string id, string? transportId = null) =>
        Index.GetValueOrDefault(Key(kind, id, transportId));

    private static string Key(SfuObjectKind kind, string id, string? transportId) =>
        kind == SfuObjectKind.SctpStream ? "sctp|" + transportId + "|" + id : (kind == SfuObjectKind.Transport ? "transport|" : "pad|") + id;

    private long Idle(SfuObjectKind kind) => Ms(kind switch
    {
        SfuObjectKind.Transport => options.TransportIdleTimeout,
        SfuObjectKind.RtpPad => options.RtpPadIdleTimeout,
        _ => options.SctpStreamIdleTimeout,
    });

    private static long Ms(TimeSpan span) => (long)span.TotalMilliseconds;

    private static string AddedName(SfuObjectKind kind) => kind switch
    {
        SfuObjectKind.Transport => SfuEventNames.TransportOpened,
        SfuObjectKind.RtpPad => SfuEventNames.RtpPadAdded,
        _ => SfuEventNames.SctpStreamAdded,
    };

    private static string RemovedName(SfuObjectKind kind) => kind switch
    {
        SfuObjectKind.Transport => SfuEventNames.TransportClosed,
        SfuObjectKind.RtpPad => SfuEventNames.RtpPadRemoved,
        _ => SfuEventNames.SctpStreamRemoved,
    };

    private Report Event(string name, long ts, long observedAt, SfuObjectState? o, string? message, string? reason)
    {
        var payload = new SfuEventReport
        {
            ServiceId = sfu.ServiceId,
            MediaUnitId = sfu.MediaUnitId,
            Timestamp = ts,
            ObservedAt = observedAt,
            Name = name,
            Marker = sfu.Marker,
            SfuId = sfu.SfuId,
            Message = message,
        };
        if (o is not null)
        {
            payload.TransportId = o.Kind == SfuObjectKind.Transport ? o.Id : o.TransportId;
            payload.CallId = o.CallId;
            switch (o.Kind)
            {
                case SfuObjectKind.RtpPad:
                    payload.RtpPadId = o.Id;
                    payload.MediaStreamId = o.StreamId;
                    payload.MediaSinkId = o.SinkId;
                    break;
                case SfuObjectKind.SctpStream:
                    payload.SctpStreamId = o.StreamId;
                    break;
            }
            payload.Attachments = Attachments(o, reason);
        }
        return new Report
        {
            Type = ReportTypes.SfuEvent,
            Id = ReportIds.From(sfu.SfuId, name, o?.Kind.ToString(), o?.TransportId, o?.Id, CallEventBuilder.Invariant(ts)),
            ServiceId = sfu.ServiceId ?? "",
            CallId = o?.CallId,
            ClientId = o?.ClientId,
            SfuId = sfu.SfuId,
            TimestampMs = ts,
            Payload = payload,
        };
    }

    private Report Custom(SfuSampleView sample, SfuEventView e, int index)
    {
        var ts = e.TimestampMs ?? sample.TimestampMs;
        return new Report
        {
            Type = ReportTypes.SfuEvent,
            Id = ReportIds.From(sfu.SfuId, "custom", CallEventBuilder.Invariant(sample.TimestampMs), CallEventBuilder.Invariant(index)),
            ServiceId = sfu.ServiceId ?? "",
            SfuId = sfu.SfuId,
            TimestampMs = ts,
            Payload = new SfuEventReport
            {
                ServiceId = sfu.ServiceId,
                MediaUnitId = sfu.MediaUnitId,
                Timestamp = ts,
                ObservedAt = sample.Origin.ReceivedAtMs,
                Name = e.Name,
                Marker = sample.Marker,
                SfuId = sfu.SfuId,
                TransportId = e.TransportId,
                MediaStreamId = e.SfuStreamId,
                MediaSinkId = e.SfuSinkId,
                Value = e.Value,
                Message = e.Message,
                Attachments = e.Attachments,
            },
        };
    }

    private static string Attachments(SfuObjectState o, string? reason)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(128);
        using (var w = new System.Text.Json.Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteBoolean("internal", o.Internal);
            if (o.Direction is { } direction) w.WriteString("direction", CallEventBuilder.DirectionName(direction));
            if (o.Kind == SfuObjectKind.RtpPad) w.WriteString("kind", CallEventBuilder.KindName(o.MediaKind));
            if (o.Ssrc is { } ssrc) w.WriteNumber("ssrc", ssrc);
            if (o.ClientId is not null) w.WriteString("clientId", o.ClientId);
            if (o.TrackId is not null) w.WriteString("trackId", o.TrackId);
            if (reason is not null) w.WriteString("reason", reason);
            w.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
