using System.Globalization;
using ObserveRtc.Core.Samples;
using ObserveRtc.Core.Samples.Json;
using S2 = ObserveRtc.Core.Samples.Schema2;
using S3 = ObserveRtc.Core.Samples.Schema3;

namespace ObserveRtc.Core.Reports;

/// <summary>
/// Builds the reports that come from a single sample (report schema 2.2 names): track stats, peer
/// connection transports, ICE candidate pairs, data channels, call meta data and client extension
/// data; and the SFU ones. Client events and issues are the call tracker's: it passes custom events
/// through as <c>CALL_EVENT</c> (deduplicated, in order with the lifecycle events they may drive) and
/// raises <c>CLIENT_ISSUE</c>; the SFU tracker does the same for SFU custom events.
/// Stateless and thread-safe; report ids are deterministic.
/// </summary>
public static class SampleReportBuilder
{
    /// <summary>
    /// The reports of one client sample, for the call it was resolved to. Schema 3 samples have no
    /// <c>sampleSeq</c>; their reports carry -1 there (the schema requires the field).
    /// </summary>
    public static List<Report> ForClient(DecodedClientSample sample, string callId)
    {
        ArgumentNullException.ThrowIfNull(sample);
        ArgumentException.ThrowIfNullOrEmpty(callId);
        var v = sample.View;
        var header = new ClientReportHeader(v.Origin.ServiceId, v.Origin.MediaUnitId, v.TimestampMs, callId, v.ClientId,
            v.SampleSeq ?? -1, v.Marker, v.RoomId, v.UserId);
        var emitter = new ClientEmitter(header);
        if (sample.Schema2 is { } s2) Schema2(s2, emitter);
        else if (sample.Schema3 is { } s3) Schema3(s3, v, emitter);
        return emitter.Reports;
    }

    private static void Schema2(S2.ClientSample s, ClientEmitter e)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var t in s.PcTransports.OrEmpty())
        {
            if (t.PeerConnectionId is { } pc && t.Label is { } label) labels.TryAdd(pc, label);
        }
        string? Label(string? pc) => pc is not null && labels.TryGetValue(pc, out var l) ? l : null;

        foreach (var t in s.InboundAudioTracks.OrEmpty())
        {
            var r = SampleReportMapping.ToInboundAudioTrackReport(e.Header, t);
            r.Label = Label(t.PeerConnectionId);
            e.Add(ReportTypes.InboundAudioTrack, r, t.PeerConnectionId, Ssrc(t.Ssrc));
        }
        foreach (var t in s.InboundVideoTracks.OrEmpty())
        {
            var r = SampleReportMapping.ToInboundVideoTrackReport(e.Header, t);
            r.Label = Label(t.PeerConnectionId);
            e.Add(ReportTypes.InboundVideoTrack, r, t.PeerConnectionId, Ssrc(t.Ssrc));
        }
        foreach (var t in s.OutboundAudioTracks.OrEmpty())
        {
            var r = SampleReportMapping.ToOutboundAudioTrackReport(e.Header, t);
            r.Label = Label(t.PeerConnectionId);
            e.Add(ReportTypes.OutboundAudioTrack, r, t.PeerConnectionId, Ssrc(t.Ssrc));
        }
        foreach (var t in s.OutboundVideoTracks.OrEmpty())
        {
            var r = SampleReportMapping.ToOutboundVideoTrackReport(e.Header, t);
            r.Label = Label(t.PeerConnectionId);
            e.Add(ReportTypes.OutboundVideoTrack, r, t.PeerConnectionId, Ssrc(t.Ssrc));
        }
        foreach (var t in s.PcTransports.OrEmpty())
            e.Add(ReportTypes.PeerConnectionTransport, SampleReportMapping.ToPeerConnectionTransportReport(e.Header, t), t.PeerConnectionId, t.TransportId);
        foreach (var p in s.IceCandidatePairs.OrEmpty())
            e.Add(ReportTypes.IceCandidatePair, SampleReportMapping.ToIceCandidatePairReport(e.Header, p), p.PeerConnectionId, p.CandidatePairId);
        var channel = 0;
        foreach (var d in s.DataChannels.OrEmpty())
            e.Add(ReportTypes.PeerConnectionDataChannel, DataChannelReport(e.Header, d, Label(d.PeerConnectionId)), d.PeerConnectionId, Index(channel++));

        var meta = new MetaEmitter(e);
        meta.Object("OPERATION_SYSTEM", s.Os);
        meta.Object("ENGINE", s.Engine);
        meta.Object("PLATFORM", s.Platform);
        meta.Object("BROWSER", s.Browser);
        meta.Objects("CERTIFICATE", s.Certificates);
        meta.Objects("CODEC", s.Codecs);
        meta.Objects("ICE_LOCAL_CANDIDATE", s.IceLocalCandidates);
        meta.Objects("ICE_REMOTE_CANDIDATE", s.IceRemoteCandidates);
        meta.Objects("MEDIA_DEVICE", s.MediaDevices);
        meta.Objects("MEDIA_SOURCE", s.MediaSources);
        meta.Strings("ICE_SERVER", s.IceServers);
        meta.Strings("MEDIA_CONSTRAINT", s.MediaConstraints);
        meta.Strings("USER_MEDIA_ERROR", s.UserMediaErrors);
        // The Java observer's rule: all local SDPs of a sample in one report, joined by newlines.
        if (s.LocalSDPs is { Count: > 0 } sdps) meta.Raw("LOCAL_SDP", string.Join('\n', sdps), null);

        var extension = 0;
        foreach (var x in s.ExtensionStats.OrEmpty())
            e.Extension(x.Type, x.Payload, extension++);
    }

    private static void Schema3(S3.ClientSample s, ClientSampleView view, ClientEmitter e)
    {
        var meta = new MetaEmitter(e);
        // 3.x clients name a track's SFU stream and sink in the track list's attachments, which the view
        // has already read: an RTP row gets the ids of the view's track that holds its SSRC.
        var sfu = view.Tracks.Any(t => t.SfuStreamId is not null || t.SfuSinkId is not null);
        TrackView? Track(string pcId, TrackDirection direction, long? ssrc) =>
            sfu && ssrc is { } x ? view.Tracks.FirstOrDefault(t => t.PeerConnectionId == pcId && t.Direction == direction && t.Ssrcs.Contains(x)) : null;

        foreach (var pc in s.PeerConnections.OrEmpty())
        {
            if (Ids.Normalize(pc.PeerConnectionId) is not { } pcId) continue;
            foreach (var r in pc.InboundRtps.OrEmpty())
            {
                var track = Track(pcId, TrackDirection.Inbound, r.Ssrc);
                if (SampleChecks.Kind(r.Kind) == MediaKind.Video)
                {
                    var report = SampleReportMapping.ToInboundVideoTrackReport(e.Header, Schema3Rows.InboundVideo(pcId, pc, r));
                    (report.SfuStreamId, report.SfuSinkId) = (track?.SfuStreamId, track?.SfuSinkId);
                    e.Add(ReportTypes.InboundVideoTrack, report, pcId, Ssrc(r.Ssrc));
                }
                else
                {
                    var report = SampleReportMapping.ToInboundAudioTrackReport(e.Header, Schema3Rows.InboundAudio(pcId, pc, r));
                    (report.SfuStreamId, report.SfuSinkId) = (track?.SfuStreamId, track?.SfuSinkId);
                    e.Add(ReportTypes.InboundAudioTrack, report, pcId, Ssrc(r.Ssrc));
                }
            }
            foreach (var r in pc.OutboundRtps.OrEmpty())
            {
                var track = Track(pcId, TrackDirection.Outbound, r.Ssrc);
                if (SampleChecks.Kind(r.Kind) == MediaKind.Video)
                {
                    var report = SampleReportMapping.ToOutboundVideoTrackReport(e.Header, Schema3Rows.OutboundVideo(pcId, pc, r));
                    report.SfuStreamId = track?.SfuStreamId;
                    e.Add(ReportTypes.OutboundVideoTrack, report, pcId, Ssrc(r.Ssrc));
                }
                else
                {
                    var report = SampleReportMapping.ToOutboundAudioTrackReport(e.Header, Schema3Rows.OutboundAudio(pcId, pc, r));
                    report.SfuStreamId = track?.SfuStreamId;
                    e.Add(ReportTypes.OutboundAudioTrack, report, pcId, Ssrc(r.Ssrc));
                }
            }
            foreach (var t in pc.IceTransports.OrEmpty())
                e.Add(ReportTypes.PeerConnectionTransport, SampleReportMapping.ToPeerConnectionTransportReport(e.Header, Schema3Rows.Transport(pcId, t)), pcId, t.Id);
            foreach (var p in pc.IceCandidatePairs.OrEmpty())
                e.Add(ReportTypes.IceCandidatePair, SampleReportMapping.ToIceCandidatePairReport(e.Header, Schema3Rows.CandidatePair(pcId, p)), pcId, p.Id);
            foreach (var d in pc.DataChannels.OrEmpty())
                e.Add(ReportTypes.PeerConnectionDataChannel, DataChannelReport(e.Header, Schema3Rows.DataChannel(pcId, d), null), pcId, d.Id);

            // Candidates are local unless a pair names them as its remote side.
            var remote = new HashSet<string>(StringComparer.Ordinal);
            foreach (var p in pc.IceCandidatePairs.OrEmpty())
            {
                if (p.RemoteCandidateId is { } id) remote.Add(id);
            }
            // Schema 3 clients send these W3C objects in every sample: keyed by their stats id, a later
            // sample overwrites the report of an earlier one instead of adding a row per sample.
            // A candidate's record is keyed as a candidate, not by its side: one first seen before the pair
            // that names it as remote is the same record when it turns out remote, not a second one.
            foreach (var c in pc.IceCandidates.OrEmpty())
                meta.Stable(remote.Contains(c.Id ?? "") ? "ICE_REMOTE_CANDIDATE" : "ICE_LOCAL_CANDIDATE", c.Json, pcId, c.Id, recordKind: "ICE_CANDIDATE");
            foreach (var c in pc.Codecs.OrEmpty())
                meta.Stable("CODEC", c.Json, pcId, c.Id);
            foreach (var c in pc.Certificates.OrEmpty())
                meta.Stable("CERTIFICATE", c.Json, pcId, c.Id);
            foreach (var m in pc.MediaSources.OrEmpty())
                meta.Stable("MEDIA_SOURCE", m.Json, pcId, m.Id);
        }
        foreach (var m in s.ClientMetaItems.OrEmpty())
        {
            if (!string.IsNullOrWhiteSpace(m.Type)) meta.Raw(m.Type, m.Payload, Ids.Normalize(m.PeerConnectionId));
        }
        var extension = 0;
        foreach (var x in s.ExtensionStats.OrEmpty())
            e.Extension(x.Type, x.Payload, extension++);
    }

    private static ClientDataChannelReport DataChannelReport(in ClientReportHeader h, S2.DataChannel d, string? pcLabel) => new()
    {
        ServiceId = h.ServiceId,
        MediaUnitId = h.MediaUnitId,
        Timestamp = h.Timestamp,
        CallId = h.CallId,
        ClientId = h.ClientId,
        SampleSeq = h.SampleSeq,
        Marker = h.Marker,
        RoomId = h.RoomId,
        UserId = h.UserId,
        PeerConnectionId = d.PeerConnectionId,
        PeerConnectionLabel = pcLabel,
        Label = d.Label,
        Protocol = d.Protocol,
        State = d.State,
        MessagesSent = d.MessageSent,
        BytesSent = d.BytesSent,
        MessagesReceived = d.MessageReceived,
        BytesReceived = d.BytesReceived,
    };

    /// <summary>The stats reports of one SFU sample. <c>noReport</c> rows are skipped, as the schema asks.</summary>
    public static List<Report> ForSfu(DecodedSfuSample sample)
    {
        ArgumentNullException.ThrowIfNull(sample);
        var v = sample.View;
        var s = sample.Sample;
        var h = new SfuReportHeader(v.Origin.ServiceId, v.Origin.MediaUnitId, v.SfuId, v.TimestampMs, v.Marker);
        var reports = new List<Report>();
        var unkeyed = new UnkeyedRows();
        void Add(string type, object payload, string? callId, params ReadOnlySpan<string?> key) => reports.Add(new Report
        {
            Type = type,
            Payload = payload,
            Id = UnkeyedRows.IsKeyed(key) ? SfuId(h, type, key) : SfuId(h, type, [.. key, null, unkeyed.Next(type)]),
            ServiceId = h.ServiceId,
            CallId = callId,
            SfuId = h.SfuId,
            TimestampMs = h.Timestamp,
        });

        foreach (var t in s.Transports.OrEmpty())
        {
            if (t.NoReport != true) Add(ReportTypes.SfuTransport, SampleReportMapping.ToSFUTransportReport(h, t), null, t.TransportId);
        }
        foreach (var p in s.InboundRtpPads.OrEmpty())
        {
            if (p.NoReport != true) Add(ReportTypes.SfuInboundRtpPad, SampleReportMapping.ToSfuInboundRtpPadReport(h, p), null, p.PadId);
        }
        foreach (var p in s.OutboundRtpPads.OrEmpty())
        {
            if (p.NoReport != true) Add(ReportTypes.SfuOutboundRtpPad, SampleReportMapping.ToSfuOutboundRtpPadReport(h, p), Ids.Normalize(p.CallId), p.PadId);
        }
        foreach (var c in s.SctpChannels.OrEmpty())
        {
            if (c.NoReport != true) Add(ReportTypes.SfuSctpStream, SampleReportMapping.ToSfuSctpStreamReport(h, c), null, c.TransportId, c.ChannelId);
        }
        var i = 0;
        foreach (var x in s.ExtensionStats.OrEmpty())
        {
            Add(ReportTypes.SfuExtensionData, new SfuExtensionReport
            {
                ServiceId = h.ServiceId, MediaUnitId = h.MediaUnitId, SfuId = h.SfuId, Timestamp = h.Timestamp, Marker = h.Marker,
                ExtensionType = x.Type, Payload = x.Payload,
            }, null, "extension", Index(i++));
        }
        return reports;
    }

    private static string SfuId(in SfuReportHeader h, string type, ReadOnlySpan<string?> key) => key.Length switch
    {
        1 => ReportIds.From(h.ServiceId, h.SfuId, Number(h.Timestamp), type, key[0]),
        2 => ReportIds.From(h.ServiceId, h.SfuId, Number(h.Timestamp), type, key[0], key[1]),
        _ => ReportIds.From([h.ServiceId, h.SfuId, Number(h.Timestamp), type, .. key]), // an unkeyed row's: its key, an absent part, its place
    };

    private static string? Ssrc(long? ssrc) => ssrc?.ToString(CultureInfo.InvariantCulture);

    private static string Index(int i) => i.ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// A sample's stats rows that lack their key (an SSRC or a stats id: absent, empty or <c>"NULL"</c>;
    /// the decoder does not require them): each is keyed instead by its place among the sample's unkeyed
    /// rows of its type, with one more id part (an absent one) that keeps those ids apart from every keyed
    /// one, so two of them do not share an id (the second would overwrite the first in its table).
    /// </summary>
    private sealed class UnkeyedRows
    {
        private Dictionary<string, int>? _counts;

        /// <summary>Whether every part of the key is there.</summary>
        public static bool IsKeyed(ReadOnlySpan<string?> key)
        {
            foreach (var part in key)
            {
                if (Ids.Normalize(part) is null) return false;
            }
            return true;
        }

        /// <summary>The next place among the unkeyed rows of <paramref name="type"/>.</summary>
        public string Next(string type)
        {
            _counts ??= new Dictionary<string, int>(StringComparer.Ordinal);
            var n = _counts.GetValueOrDefault(type);
            _counts[type] = n + 1;
            return Index(n);
        }
    }

    private static string Number(long n) => n.ToString(CultureInfo.InvariantCulture);

    /// <summary>Collects the reports of one client sample with their deterministic ids.</summary>
    private sealed class ClientEmitter(ClientReportHeader header)
    {
        private readonly IdPrefix _ids = ReportIds.Prefix(header.ServiceId, header.ClientId, Number(header.Timestamp), header.SampleSeq?.ToString(CultureInfo.InvariantCulture));

        public ClientReportHeader Header { get; } = header;

        public List<Report> Reports { get; } = [];

        /// <summary>
        /// A report keyed by its stats row (<paramref name="key2"/>: an SSRC or a stats id, within the peer
        /// connection <paramref name="key1"/>). A row without its key (the decoder does not require it) is
        /// keyed by its place among the sample's unkeyed rows of the type instead, so two of them do not
        /// share an id (the second would overwrite the first in its table); one more id part keeps those
        /// ids apart from every keyed one.
        /// </summary>
        public void Add(string type, object payload, string? key1, string? key2)
        {
            if (UnkeyedRows.IsKeyed([key2]))
                Add(type, payload, ReportIds.From(_ids, type, key1, key2));
            else
                Add(type, payload, ReportIds.From(_ids, type, key1, null, _unkeyed.Next(type)));
        }

        private readonly UnkeyedRows _unkeyed = new();

        public void Add(string type, object payload, string id, bool oneRecordPerId = false) => Reports.Add(new Report
        {
            Type = type,
            Payload = payload,
            Id = id,
            ServiceId = Header.ServiceId,
            CallId = Header.CallId,
            ClientId = Header.ClientId,
            TimestampMs = Header.Timestamp,
            OneRecordPerId = oneRecordPerId,
        });

        public void Extension(string? type, string? payload, int index) => Add(ReportTypes.ClientExtensionData, new ClientExtensionReport
        {
            ServiceId = Header.ServiceId, MediaUnitId = Header.MediaUnitId, Timestamp = Header.Timestamp, CallId = Header.CallId,
            ClientId = Header.ClientId, SampleSeq = Header.SampleSeq, Marker = Header.Marker, RoomId = Header.RoomId, UserId = Header.UserId,
            ExtensionType = type ?? "unknown", Payload = payload,
        }, "extension", Index(index));

    }

    /// <summary>Builds CALL_META_DATA reports; the index keeps two equal items of one sample apart.</summary>
    private sealed class MetaEmitter(ClientEmitter e)
    {
        private int _index;

        public void Raw(string type, string? payload, string? peerConnectionId) =>
            e.Add(ReportTypes.CallMetaData, Report(type, payload, peerConnectionId), type, Index(_index++));

        /// <summary>
        /// A meta report whose id is the object's own stats id (in this call), not the sample's: one record
        /// per object (of <paramref name="recordKind"/>, the type unless given). An object without a stats
        /// id is no one object across samples: it is reported as the sample's, as <see cref="Raw"/> does
        /// (all of them keyed by a missing id would be one record, each overwriting the one before).
        /// </summary>
        public void Stable(string type, string? payload, string peerConnectionId, string? statsId, string? recordKind = null)
        {
            statsId = Ids.Normalize(statsId); // "NULL" and "" are no id, as everywhere
            if (statsId is null)
            {
                Raw(type, payload, peerConnectionId);
                return;
            }
            e.Add(ReportTypes.CallMetaData, Report(type, payload, peerConnectionId),
                ReportIds.From(e.Header.ServiceId, e.Header.CallId, e.Header.ClientId, ReportTypes.CallMetaData, recordKind ?? type, peerConnectionId, statsId),
                oneRecordPerId: true);
        }

        private CallMetaReport Report(string type, string? payload, string? peerConnectionId) => new()
        {
            ServiceId = e.Header.ServiceId, MediaUnitId = e.Header.MediaUnitId, Timestamp = e.Header.Timestamp, CallId = e.Header.CallId,
            ClientId = e.Header.ClientId, SampleSeq = e.Header.SampleSeq, Marker = e.Header.Marker, RoomId = e.Header.RoomId,
            UserId = e.Header.UserId, SampleTimestamp = e.Header.Timestamp,
            PeerConnectionId = peerConnectionId, Type = type, Payload = payload,
        };

        /// <summary>An object kept as the client sent it; a schema 2.x candidate's own <c>peerConnectionId</c> goes on the report.</summary>
        public void Object(string type, RawStats? item)
        {
            if (item is not null) Raw(type, item.Json, Ids.Normalize(item.PeerConnectionId));
        }

        public void Objects(string type, List<RawStats>? items)
        {
            foreach (var item in items.OrEmpty()) Object(type, item);
        }

        public void Strings(string type, List<string>? items)
        {
            foreach (var item in items.OrEmpty())
                Raw(type, item, null);
        }
    }
}
