using System.Text.Json;
using System.Text.Json.Serialization;
using ObserveRtc.Core.Json;
using ObserveRtc.Core.Samples;
using static ObserveRtc.Core.Json.CompactJson;

namespace ObserveRtc.Core.Ingest;

/// <summary>
/// The wire form of a <see cref="CallObservation"/>, the input of a call entity's signal: the compact
/// envelope of <see cref="CompactJson"/> (<c>{"v":1,"s":[strings…],"t":t0,"c":[callId,[samples…]]}</c>).
/// A signal travels through the Durable backend's queue, and a message over its limit (about 45 KB on
/// the Azure Storage backend) goes to a blob instead, which costs more; one batch can hold many
/// samples of one call. Here the ids a call's samples repeat (service, media unit, client, peer
/// connections, tracks) are written once, times are differences (receive times from <c>t0</c>, a
/// sample's timestamp from its receive time, an event's or issue's from the sample's timestamp), and
/// trailing absent fields are left out.
/// <para>
/// Positions: sample <c>[service, mediaUnit, receivedAt, schemaVersion, client, callId, room, user,
/// marker, timestamp, sampleSeq, [peer connections], [tracks], [events], [issues]]</c>; peer
/// connection <c>[id, label, flags]</c> (1 transport, 2 RTP, 4 reports closed); track <c>[peer
/// connection, track, direction, kind, ssrcs, bytes, sfuStream?, sfuSink?, remoteClient?]</c>; event
/// <c>[name, timestamp?, peer connection?, track?, value?, message?, attachments?]</c>; issue
/// <c>[type, timestamp?, peer connection?, track?, payload?]</c>. Exact, independent of the serializer
/// options, and strict like the call state's.
/// </para>
/// </summary>
public sealed class CallObservationJsonConverter : JsonConverter<CallObservation>
{
    /// <summary>The format version written in <c>v</c>.</summary>
    public const int Version = 1;

    private const string Subject = "call observation";

    /// <inheritdoc />
    public override CallObservation Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        ReadEnvelope(ref reader, Version, Subject, ReadObservation);

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, CallObservation value, JsonSerializerOptions options) =>
        WriteEnvelope(writer, Version, value.Samples.Count > 0 ? value.Samples[0].Origin.ReceivedAtMs : 0, value, WriteObservation);

    // ---------------------------------------------------------------- writing

    private static void WriteObservation(CompactWriter t, CallObservation o)
    {
        var w = t.Writer;
        var t0 = o.Samples.Count > 0 ? o.Samples[0].Origin.ReceivedAtMs : 0;
        w.WriteStartArray();
        w.WriteNumberValue(t.Ref(o.CallId));
        w.WriteStartArray();
        foreach (var s in o.Samples) WriteSample(w, s, t, t0);
        w.WriteEndArray();
        w.WriteEndArray();
    }

    private static void WriteSample(Utf8JsonWriter w, ClientSampleView s, CompactWriter t, long t0)
    {
        w.WriteStartArray();
        w.WriteNumberValue(t.Ref(s.Origin.ServiceId));
        w.WriteNumberValue(t.Ref(s.Origin.MediaUnitId));
        w.WriteNumberValue(s.Origin.ReceivedAtMs - t0);
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
            var tail = e.Attachments is not null ? 6 : e.Message is not null ? 5 : e.Value is not null ? 4 : e.TrackId is not null ? 3 : e.PeerConnectionId is not null ? 2 : e.TimestampMs is not null ? 1 : 0;
            if (tail >= 1) Delta(w, e.TimestampMs, s.TimestampMs);
            if (tail >= 2) Refs(w, t, e.PeerConnectionId, e.TrackId, e.Value, e.Message, e.Attachments);
            w.WriteEndArray();
        }
        w.WriteEndArray();

        w.WriteStartArray();
        foreach (var i in s.Issues)
        {
            w.WriteStartArray();
            w.WriteNumberValue(t.Ref(i.Type));
            var tail = i.Payload is not null ? 4 : i.TrackId is not null ? 3 : i.PeerConnectionId is not null ? 2 : i.TimestampMs is not null ? 1 : 0;
            if (tail >= 1) Delta(w, i.TimestampMs, s.TimestampMs);
            if (tail >= 2) Refs(w, t, i.PeerConnectionId, i.TrackId, i.Payload);
            w.WriteEndArray();
        }
        w.WriteEndArray();
        w.WriteEndArray();
    }

    /// <summary>String references up to the last one that is not null.</summary>
    private static void Refs(Utf8JsonWriter w, CompactWriter t, params ReadOnlySpan<string?> values)
    {
        var n = values.Length;
        while (n > 0 && values[n - 1] is null) n--;
        for (var i = 0; i < n; i++) Ref(w, t, values[i]);
    }

    // ---------------------------------------------------------------- reading

    private static CallObservation ReadObservation(ref Utf8JsonReader r, CompactStrings refs, long t0)
    {
        Start(ref r, "call observation");
        var callId = refs.Required(ref r);
        var samples = new List<ClientSampleView>();
        StartNext(ref r, "samples");
        while (Item(ref r)) samples.Add(ReadSample(ref r, refs, t0));
        End(ref r);
        return new CallObservation { CallId = callId, Samples = samples };
    }

    private static ClientSampleView ReadSample(ref Utf8JsonReader r, CompactStrings refs, long t0)
    {
        Start(ref r, "sample");
        var origin = new SampleOrigin(refs.Required(ref r), refs.Required(ref r), NextInt64(ref r) + t0);
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
