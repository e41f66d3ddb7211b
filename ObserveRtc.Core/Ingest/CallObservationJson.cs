using System.Text.Json;
using ObserveRtc.Core.Json;
using ObserveRtc.Core.Samples;
using static ObserveRtc.Core.Json.CompactJson;

namespace ObserveRtc.Core.Ingest;

/// <summary>
/// The wire form of a <see cref="CallObservation"/>, the input of a call entity's signal (see
/// <see cref="ObservationJsonConverter{TObservation, TSample}"/> for why it is compact). The ids a
/// call's samples repeat (client, peer connections, tracks) are written once, a sample's timestamp is
/// a difference from its receive time and an event's or issue's from the sample's, and trailing absent
/// fields are left out.
/// <para>
/// Positions after the origin: sample <c>[…, schemaVersion, client, callId, room, user, marker,
/// timestamp, sampleSeq, [peer connections], [tracks], [events], [issues]]</c>; peer connection
/// <c>[id, label, flags]</c> (1 transport, 2 RTP, 4 reports closed); track <c>[peer connection, track,
/// direction, kind, ssrcs, bytes, sfuStream?, sfuSink?, remoteClient?]</c>; event <c>[name, timestamp?,
/// peer connection?, track?, value?, message?, attachments?]</c>; issue <c>[type, timestamp?, peer
/// connection?, track?, payload?]</c>. Exact, independent of the serializer options, and strict like
/// the call state's.
/// </para>
/// </summary>
public sealed class CallObservationJsonConverter : ObservationJsonConverter<CallObservation, ClientSampleView>
{
    private protected override string Subject => "call observation";
    private protected override string KeyOf(CallObservation observation) => observation.CallId;
    private protected override IReadOnlyList<ClientSampleView> SamplesOf(CallObservation observation) => observation.Samples;
    private protected override SampleOrigin OriginOf(ClientSampleView sample) => sample.Origin;
    private protected override CallObservation Create(string key, List<ClientSampleView> samples) => new() { CallId = key, Samples = samples };

    // ---------------------------------------------------------------- writing

    private protected override void WriteSampleFields(Utf8JsonWriter w, ClientSampleView s, CompactWriter t)
    {
        w.WriteNumberValue(t.Ref(s.SchemaVersion));
        w.WriteNumberValue(t.Ref(s.ClientId));
        Ref(w, t, s.CallId);
        Ref(w, t, s.RoomId);
        Ref(w, t, s.UserId);
        Ref(w, t, s.Marker);
        w.WriteNumberValue(s.TimestampMs - s.Origin.ReceivedAtMs);
        Number(w, s.SampleSeq);

        w.WriteStartArray();
        foreach (var pc in s.PeerConnections)
        {
            w.WriteStartArray();
            w.WriteNumberValue(t.Ref(pc.PeerConnectionId));
            Ref(w, t, pc.Label);
            w.WriteNumberValue((pc.HasTransport ? 1 : 0) | (pc.HasRtp ? 2 : 0) | (pc.ReportsClosed ? 4 : 0));
            w.WriteEndArray();
        }
        w.WriteEndArray();

        w.WriteStartArray();
        foreach (var k in s.Tracks)
        {
            w.WriteStartArray();
            w.WriteNumberValue(t.Ref(k.PeerConnectionId));
            Ref(w, t, k.TrackId);
            w.WriteNumberValue((int)k.Direction);
            w.WriteNumberValue((int)k.Kind);
            Longs(w, k.Ssrcs);
            Number(w, k.Bytes);
            Refs(w, t, k.SfuStreamId, k.SfuSinkId, k.RemoteClientId);
            w.WriteEndArray();
        }
        w.WriteEndArray();

        w.WriteStartArray();
        foreach (var e in s.Events)
        {
            w.WriteStartArray();
            w.WriteNumberValue(t.Ref(e.Name));
            var rest = e.PeerConnectionId ?? e.TrackId ?? e.Value ?? e.Message ?? e.Attachments;
            if (e.TimestampMs is not null || rest is not null) Delta(w, e.TimestampMs, s.TimestampMs);
            Refs(w, t, e.PeerConnectionId, e.TrackId, e.Value, e.Message, e.Attachments);
            w.WriteEndArray();
        }
        w.WriteEndArray();

        w.WriteStartArray();
        foreach (var i in s.Issues)
        {
            w.WriteStartArray();
            w.WriteNumberValue(t.Ref(i.Type));
            if (i.TimestampMs is not null || (i.PeerConnectionId ?? i.TrackId ?? i.Payload) is not null) Delta(w, i.TimestampMs, s.TimestampMs);
            Refs(w, t, i.PeerConnectionId, i.TrackId, i.Payload);
            w.WriteEndArray();
        }
        w.WriteEndArray();
    }

    // ---------------------------------------------------------------- reading

    private protected override ClientSampleView ReadSampleFields(ref Utf8JsonReader r, CompactStrings refs, SampleOrigin origin)
    {
        var schema = refs.Required(ref r);
        var clientId = refs.Required(ref r);
        var callId = refs.Optional(ref r);
        var roomId = refs.Optional(ref r);
        var userId = refs.Optional(ref r);
        var marker = refs.Optional(ref r);
        var timestamp = NextInt64(ref r) + origin.ReceivedAtMs;
        var seq = NextNullableInt64(ref r);

        var pcs = new List<PeerConnectionView>();
        StartNext(ref r, "peer connections");
        while (Item(ref r))
        {
            Start(ref r, "peer connection");
            var id = refs.Required(ref r);
            var label = refs.Optional(ref r);
            var flags = NextInt32(ref r);
            if ((flags & ~7) != 0) throw Bad($"peer connection flags {flags} are not 0–7");
            pcs.Add(new PeerConnectionView(id, label, (flags & 1) != 0, (flags & 2) != 0, (flags & 4) != 0));
            End(ref r);
        }

        var tracks = new List<TrackView>();
        StartNext(ref r, "tracks");
        while (Item(ref r)) tracks.Add(ReadTrack(ref r, refs));

        var events = new List<ClientEventView>();
        StartNext(ref r, "events");
        while (Item(ref r))
        {
            Start(ref r, "event");
            var name = refs.Required(ref r);
            long? ts = null;
            string? pc = null, track = null, value = null, message = null, attachments = null;
            for (var i = 0; Item(ref r); i++)
            {
                switch (i)
                {
                    case 0: ts = NullableInt64(ref r) + timestamp; break;
                    case 1: pc = refs.HereOptional(ref r); break;
                    case 2: track = refs.HereOptional(ref r); break;
                    case 3: value = refs.HereOptional(ref r); break;
                    case 4: message = refs.HereOptional(ref r); break;
                    case 5: attachments = refs.HereOptional(ref r); break;
                    default: throw Bad("an event holds more than its fields");
                }
            }
            events.Add(new ClientEventView(name, ts, pc, track, value, message, attachments));
        }

        var issues = new List<ClientIssueView>();
        StartNext(ref r, "issues");
        while (Item(ref r))
        {
            Start(ref r, "issue");
            var type = refs.Required(ref r);
            long? ts = null;
            string? pc = null, track = null, payload = null;
            for (var i = 0; Item(ref r); i++)
            {
                switch (i)
                {
                    case 0: ts = NullableInt64(ref r) + timestamp; break;
                    case 1: pc = refs.HereOptional(ref r); break;
                    case 2: track = refs.HereOptional(ref r); break;
                    case 3: payload = refs.HereOptional(ref r); break;
                    default: throw Bad("an issue holds more than its fields");
                }
            }
            issues.Add(new ClientIssueView(type, ts, pc, track, payload));
        }
        End(ref r);

        return new ClientSampleView
        {
            Origin = origin,
            SchemaVersion = schema,
            ClientId = clientId,
            CallId = callId,
            RoomId = roomId,
            UserId = userId,
            Marker = marker,
            TimestampMs = timestamp,
            SampleSeq = seq,
            PeerConnections = pcs,
            Tracks = tracks,
            Events = events,
            Issues = issues,
        };
    }

    private static TrackView ReadTrack(ref Utf8JsonReader r, CompactStrings refs)
    {
        Start(ref r, "track");
        var pc = refs.Required(ref r);
        var trackId = refs.Optional(ref r);
        var direction = (TrackDirection)NextInt32(ref r);
        var kind = (MediaKind)NextInt32(ref r);
        var ssrcs = NextLongs(ref r, "ssrcs");
        var bytes = NextNullableDouble(ref r);
        string? stream = null, sink = null, remote = null;
        for (var i = 0; Item(ref r); i++)
        {
            switch (i)
            {
                case 0: stream = refs.HereOptional(ref r); break;
                case 1: sink = refs.HereOptional(ref r); break;
                case 2: remote = refs.HereOptional(ref r); break;
                default: throw Bad("a track holds more than its fields");
            }
        }
        return new TrackView(pc, trackId, direction, kind, ssrcs, stream, sink, remote, bytes);
    }
}
