using System.Text.Json;
using ObserveRtc.Core.Json;
using ObserveRtc.Core.Samples;
using static ObserveRtc.Core.Json.CompactJson;

namespace ObserveRtc.Core.Ingest;

/// <summary>
/// The wire form of an <see cref="SfuObservation"/>, the input of an SFU entity's signal (see
/// <see cref="ObservationJsonConverter{TObservation, TSample}"/>): an SFU sample lists every transport
/// and RTP pad, so one sample of a busy SFU can pass the 45 KiB queue limit in plain JSON.
/// <para>
/// Positions after the origin: sample <c>[…, sfu, timestamp, marker, [transports], [pads], [sctp
/// streams], [events]]</c> (the timestamp from the receive time); transport <c>[id, flags]</c>
/// (1 internal, 2 reports closed); pad <c>[id, transport, direction, stream, ssrc, kind, internal,
/// sink?, call?, client?, track?]</c>; SCTP stream <c>[channel, transport, stream]</c>; event <c>[name,
/// timestamp?, transport?, stream?, sink?, value?, message?, attachments?]</c> (the timestamp from the
/// sample's).
/// </para>
/// </summary>
public sealed class SfuObservationJsonConverter : ObservationJsonConverter<SfuObservation, SfuSampleView>
{
    private protected override string Subject => "sfu observation";
    private protected override string KeyOf(SfuObservation observation) => observation.SfuId;
    private protected override IReadOnlyList<SfuSampleView> SamplesOf(SfuObservation observation) => observation.Samples;
    private protected override SampleOrigin OriginOf(SfuSampleView sample) => sample.Origin;
    private protected override SfuObservation Create(string key, List<SfuSampleView> samples) => new() { SfuId = key, Samples = samples };

    // ---------------------------------------------------------------- writing

    private protected override void WriteSampleFields(Utf8JsonWriter w, SfuSampleView s, CompactWriter t)
    {
        w.WriteNumberValue(t.Ref(s.SfuId));
        w.WriteNumberValue(s.TimestampMs - s.Origin.ReceivedAtMs);
        Ref(w, t, s.Marker);

        w.WriteStartArray();
        foreach (var x in s.Transports)
        {
            w.WriteStartArray();
            w.WriteNumberValue(t.Ref(x.TransportId));
            w.WriteNumberValue((x.Internal ? 1 : 0) | (x.ReportsClosed ? 2 : 0));
            w.WriteEndArray();
        }
        w.WriteEndArray();

        w.WriteStartArray();
        foreach (var p in s.RtpPads)
        {
            w.WriteStartArray();
            w.WriteNumberValue(t.Ref(p.PadId));
            w.WriteNumberValue(t.Ref(p.TransportId));
            w.WriteNumberValue((int)p.Direction);
            w.WriteNumberValue(t.Ref(p.StreamId));
            w.WriteNumberValue(p.Ssrc);
            w.WriteNumberValue((int)p.Kind);
            Bool(w, p.Internal);
            Refs(w, t, p.SinkId, p.CallId, p.ClientId, p.TrackId);
            w.WriteEndArray();
        }
        w.WriteEndArray();

        w.WriteStartArray();
        foreach (var c in s.SctpStreams)
        {
            w.WriteStartArray();
            w.WriteNumberValue(t.Ref(c.ChannelId));
            w.WriteNumberValue(t.Ref(c.TransportId));
            w.WriteNumberValue(t.Ref(c.StreamId));
            w.WriteEndArray();
        }
        w.WriteEndArray();

        w.WriteStartArray();
        foreach (var e in s.Events)
        {
            w.WriteStartArray();
            w.WriteNumberValue(t.Ref(e.Name));
            var rest = e.TransportId ?? e.SfuStreamId ?? e.SfuSinkId ?? e.Value ?? e.Message ?? e.Attachments;
            if (e.TimestampMs is not null || rest is not null) Delta(w, e.TimestampMs, s.TimestampMs);
            Refs(w, t, e.TransportId, e.SfuStreamId, e.SfuSinkId, e.Value, e.Message, e.Attachments);
            w.WriteEndArray();
        }
        w.WriteEndArray();
    }

    // ---------------------------------------------------------------- reading

    private protected override SfuSampleView ReadSampleFields(ref Utf8JsonReader r, CompactStrings refs, SampleOrigin origin)
    {
        var sfuId = refs.Required(ref r);
        var timestamp = NextInt64(ref r) + origin.ReceivedAtMs;
        var marker = refs.Optional(ref r);

        var transports = new List<SfuTransportView>();
        StartNext(ref r, "transports");
        while (Item(ref r))
        {
            Start(ref r, "transport");
            var id = refs.Required(ref r);
            var flags = NextInt32(ref r);
            if ((flags & ~3) != 0) throw Bad($"transport flags {flags} are not 0–3");
            transports.Add(new SfuTransportView(id, (flags & 1) != 0, (flags & 2) != 0));
            End(ref r);
        }

        var pads = new List<SfuRtpPadView>();
        StartNext(ref r, "rtp pads");
        while (Item(ref r)) pads.Add(ReadPad(ref r, refs));

        var sctp = new List<SfuSctpStreamView>();
        StartNext(ref r, "sctp streams");
        while (Item(ref r))
        {
            Start(ref r, "sctp stream");
            sctp.Add(new SfuSctpStreamView(refs.Required(ref r), refs.Required(ref r), refs.Required(ref r)));
            End(ref r);
        }

        var events = new List<SfuEventView>();
        StartNext(ref r, "events");
        while (Item(ref r))
        {
            Start(ref r, "event");
            var name = refs.Required(ref r);
            long? ts = null;
            string? transport = null, stream = null, sink = null, value = null, message = null, attachments = null;
            for (var i = 0; Item(ref r); i++)
            {
                switch (i)
                {
                    case 0: ts = NullableInt64(ref r) + timestamp; break;
                    case 1: transport = refs.HereOptional(ref r); break;
                    case 2: stream = refs.HereOptional(ref r); break;
                    case 3: sink = refs.HereOptional(ref r); break;
                    case 4: value = refs.HereOptional(ref r); break;
                    case 5: message = refs.HereOptional(ref r); break;
                    case 6: attachments = refs.HereOptional(ref r); break;
                    default: throw Bad("an event holds more than its fields");
                }
            }
            events.Add(new SfuEventView(name, ts, transport, stream, sink, value, message, attachments));
        }
        End(ref r);

        return new SfuSampleView
        {
            Origin = origin,
            SfuId = sfuId,
            TimestampMs = timestamp,
            Marker = marker,
            Transports = transports,
            RtpPads = pads,
            SctpStreams = sctp,
            Events = events,
        };
    }

    private static SfuRtpPadView ReadPad(ref Utf8JsonReader r, CompactStrings refs)
    {
        Start(ref r, "rtp pad");
        var id = refs.Required(ref r);
        var transport = refs.Required(ref r);
        var direction = (TrackDirection)NextInt32(ref r);
        var stream = refs.Required(ref r);
        var ssrc = NextInt64(ref r);
        var kind = (MediaKind)NextInt32(ref r);
        var isInternal = NextBool(ref r);
        string? sink = null, call = null, client = null, track = null;
        for (var i = 0; Item(ref r); i++)
        {
            switch (i)
            {
                case 0: sink = refs.HereOptional(ref r); break;
                case 1: call = refs.HereOptional(ref r); break;
                case 2: client = refs.HereOptional(ref r); break;
                case 3: track = refs.HereOptional(ref r); break;
                default: throw Bad("an rtp pad holds more than its fields");
            }
        }
        return new SfuRtpPadView(id, transport, direction, stream, sink, ssrc, kind, isInternal, call, client, track);
    }
}
