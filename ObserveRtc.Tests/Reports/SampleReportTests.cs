using System.Text;
using System.Text.Json;
using ObserveRtc.Core.Reports;
using ObserveRtc.Core.Samples;
using ObserveRtc.Tests.Samples;

namespace ObserveRtc.Tests.Reports;

public class SampleReportTests
{
    private const string CallId = "c0ffee00-0000-4000-8000-000000000001";
    private static readonly SampleDecoder Decoder = new();

    private static List<Report> ClientReports(byte[] body, string? hint = null)
    {
        var decoded = Decoder.Decode(body, DecoderFixtureTests.Context(hint));
        Assert.Empty(decoded.Rejections);
        return SampleReportBuilder.ForClient(Assert.Single(decoded.ClientSamples), CallId);
    }

    private static JsonElement Payload(Report report) => JsonDocument.Parse(ReportJson.PayloadToUtf8(report)).RootElement;

    private static JsonElement SampleOf(string fixture) =>
        JsonDocument.Parse(Fixture.Bytes(fixture)).RootElement.GetProperty("clientSamples")[0];

    /// <summary>Every field of the sample row is in the report under the same name with the same value.</summary>
    private static void AssertCarriesEveryField(JsonElement row, JsonElement payload)
    {
        foreach (var field in row.EnumerateObject())
        {
            Assert.True(payload.TryGetProperty(field.Name, out var value), $"report lacks {field.Name}");
            if (field.Value.ValueKind == JsonValueKind.Number)
                Assert.Equal(field.Value.GetDouble(), value.GetDouble());
            else
                Assert.Equal(field.Value.ToString(), value.ToString());
        }
    }

    private static void AssertClientHeader(JsonElement payload, string clientId, string userId, long timestamp, long sampleSeq)
    {
        Assert.Equal("demo-service", payload.GetProperty("serviceId").GetString());
        Assert.Equal("media-unit-1", payload.GetProperty("mediaUnitId").GetString());
        Assert.Equal(CallId, payload.GetProperty("callId").GetString());
        Assert.Equal("room-cryptography", payload.GetProperty("roomId").GetString());
        Assert.Equal(clientId, payload.GetProperty("clientId").GetString());
        Assert.Equal(userId, payload.GetProperty("userId").GetString());
        Assert.Equal(timestamp, payload.GetProperty("timestamp").GetInt64());
        Assert.Equal(sampleSeq, payload.GetProperty("sampleSeq").GetInt64());
        Assert.Equal("webapp-2024.01", payload.GetProperty("marker").GetString());
    }

    [Fact]
    public void AliceJoin_GivesTheJavaObserversReportCounts()
    {
        var reports = ClientReports(Fixture.Bytes("schema2.2-samples-client-alice-join-seq0.json"));

        var counts = reports.GroupBy(r => r.Type).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(1, counts[ReportTypes.OutboundAudioTrack]);
        Assert.Equal(1, counts[ReportTypes.OutboundVideoTrack]);
        Assert.Equal(1, counts[ReportTypes.PeerConnectionTransport]);
        Assert.Equal(1, counts[ReportTypes.IceCandidatePair]);
        // os, engine, platform, browser, 1 certificate, 2 codecs, 1+1 ICE candidates, 3 devices, 2 sources, 2 ICE servers, 1 constraint.
        Assert.Equal(17, counts[ReportTypes.CallMetaData]);
        // Custom events (lifecycle-named or not) are the tracker's: it passes them through once.
        Assert.DoesNotContain(reports, r => r.Type == ReportTypes.CallEvent);
        Assert.Equal(5, counts.Count);
    }

    [Fact]
    public void AliceJoin_TrackAndTransportReportsCarryEverySampleFieldAndTheHeader()
    {
        var sample = SampleOf("schema2.2-samples-client-alice-join-seq0.json");
        var reports = ClientReports(Fixture.Bytes("schema2.2-samples-client-alice-join-seq0.json"));

        foreach (var (type, list) in new[]
        {
            (ReportTypes.OutboundAudioTrack, "outboundAudioTracks"), (ReportTypes.OutboundVideoTrack, "outboundVideoTracks"),
            (ReportTypes.PeerConnectionTransport, "pcTransports"), (ReportTypes.IceCandidatePair, "iceCandidatePairs"),
        })
        {
            var payload = Payload(Assert.Single(reports, r => r.Type == type));
            AssertCarriesEveryField(sample.GetProperty(list)[0], payload);
            AssertClientHeader(payload, "5b6a2c3e-8f1d-4a7b-9c2e-1f3a4b5c6d7e", "alice", 1705312800000, 0);
        }
        var video = Payload(Assert.Single(reports, r => r.Type == ReportTypes.OutboundVideoTrack));
        Assert.Equal("sndTransport", video.GetProperty("label").GetString());
    }

    [Fact]
    public void AliceJoin_MetaReportsCarryTheSubObjectAsJson()
    {
        var reports = ClientReports(Fixture.Bytes("schema2.2-samples-client-alice-join-seq0.json"));
        var meta = reports.Where(r => r.Type == ReportTypes.CallMetaData).Select(r => (CallMetaReport)r.Payload).ToList();

        var os = Assert.Single(meta, m => m.Type == "OPERATION_SYSTEM");
        using var osJson = JsonDocument.Parse(os.Payload!);
        Assert.Equal("Mac OS", osJson.RootElement.GetProperty("name").GetString());
        Assert.Equal("10.15.7", osJson.RootElement.GetProperty("version").GetString());
        Assert.Equal(1705312800000, os.SampleTimestamp);
        Assert.Equal(["turn:turn.example.org:3478?transport=udp", "stun:stun.example.org:3478"], meta.Where(m => m.Type == "ICE_SERVER").Select(m => m.Payload));
        Assert.Equal("""{"audio":{"echoCancellation":true},"video":{"width":1280,"height":720}}""", Assert.Single(meta, m => m.Type == "MEDIA_CONSTRAINT").Payload);
        var local = Assert.Single(meta, m => m.Type == "ICE_LOCAL_CANDIDATE");
        Assert.Equal("2f1e0d9c-8b7a-4c6d-9e5f-4a3b2c1d0e9f", local.PeerConnectionId);
        Assert.Equal(3, meta.Count(m => m.Type == "MEDIA_DEVICE"));
    }

    [Fact]
    public void BobSteady_InboundReportsCarryEveryFieldAndExtensionData()
    {
        var sample = SampleOf("schema2.2-samples-client-bob-steady-seq3.json");
        var reports = ClientReports(Fixture.Bytes("schema2.2-samples-client-bob-steady-seq3.json"));

        foreach (var (type, list) in new[] { (ReportTypes.InboundAudioTrack, "inboundAudioTracks"), (ReportTypes.InboundVideoTrack, "inboundVideoTracks") })
        {
            var payload = Payload(Assert.Single(reports, r => r.Type == type));
            AssertCarriesEveryField(sample.GetProperty(list)[0], payload);
            AssertClientHeader(payload, "9d8c7b6a-5f4e-4d3c-8b2a-1e0f9a8b7c6d", "bob", 1705312830000, 3);
            Assert.Equal("rcvTransport", payload.GetProperty("label").GetString());
        }
        var extension = (ClientExtensionReport)Assert.Single(reports, r => r.Type == ReportTypes.ClientExtensionData).Payload;
        Assert.Equal("APP_CPU_USAGE", extension.ExtensionType);
        Assert.Equal("""{"cpuUsage":0.42,"memoryUsageMb":512}""", extension.Payload);
        // The CLIENT_ISSUE custom event is the tracker's (a CLIENT_ISSUE event).
        Assert.DoesNotContain(reports, r => r.Type == ReportTypes.CallEvent);
    }

    [Fact]
    public void Reports_HaveDeterministicDistinctIds()
    {
        var first = ClientReports(Fixture.Bytes("schema2.2-samples-client-alice-join-seq0.json"));
        var second = ClientReports(Fixture.Bytes("schema2.2-samples-client-alice-join-seq0.json"));

        Assert.Equal(first.Select(r => r.Id), second.Select(r => r.Id));
        Assert.Equal(first.Count, first.Select(r => r.Id).Distinct().Count());
        Assert.All(first, r => Assert.Matches("^[0-9a-f]{32}$", r.Id));
    }

    [Fact]
    public void Sfu_GivesTransportPadSctpExtensionAndEventReports()
    {
        var decoded = Decoder.Decode(Fixture.Bytes("schema2.2-samples-sfu-mediasoup.json"), DecoderFixtureTests.Context());
        var reports = SampleReportBuilder.ForSfu(Assert.Single(decoded.SfuSamples));
        var sample = JsonDocument.Parse(Fixture.Bytes("schema2.2-samples-sfu-mediasoup.json")).RootElement.GetProperty("sfuSamples")[0];

        Assert.Equal(2, reports.Count(r => r.Type == ReportTypes.SfuTransport));
        Assert.Equal(2, reports.Count(r => r.Type == ReportTypes.SfuInboundRtpPad));
        Assert.Equal(2, reports.Count(r => r.Type == ReportTypes.SfuOutboundRtpPad));
        Assert.Single(reports, r => r.Type == ReportTypes.SfuExtensionData);
        Assert.DoesNotContain(reports, r => r.Type == ReportTypes.SfuEvent); // the SFU tracker passes custom events through

        var pad = sample.GetProperty("outboundRtpPads")[0];
        var report = Payload(reports.First(r => r.Type == ReportTypes.SfuOutboundRtpPad && Payload(r).GetProperty("rtpPadId").GetString() == pad.GetProperty("padId").GetString()));
        Assert.Equal(pad.GetProperty("streamId").GetString(), report.GetProperty("sfuStreamId").GetString());
        Assert.Equal(pad.GetProperty("sinkId").GetString(), report.GetProperty("sfuSinkId").GetString());
        Assert.Equal(pad.GetProperty("ssrc").GetInt64(), report.GetProperty("ssrc").GetInt64());
        Assert.Equal("f0e1d2c3-b4a5-4968-8776-655443322110", report.GetProperty("sfuId").GetString());
        Assert.False(report.TryGetProperty("streamId", out _), "the report renames streamId to sfuStreamId");
        Assert.False(report.TryGetProperty("noReport", out _));
    }

    [Fact]
    public void Schema3_FirstGoldenMessage_MapsW3cStatsToTheSameReportTypes()
    {
        using var golden = JsonDocument.Parse(Fixture.Bytes("schema3.5-json-codec-stream.golden.json"));
        var message = golden.RootElement.GetProperty("messages")[0];
        var reports = ClientReports(Encoding.UTF8.GetBytes(message.GetRawText()), "3.5.0");

        var inboundAudio = Payload(Assert.Single(reports, r => r.Type == ReportTypes.InboundAudioTrack));
        Assert.Equal("track-remote-audio", inboundAudio.GetProperty("trackId").GetString());
        Assert.Equal(0.019, inboundAudio.GetProperty("jitter").GetDouble());
        Assert.Equal(1234567890, inboundAudio.GetProperty("ssrc").GetInt64());
        Assert.Equal("pc-01", inboundAudio.GetProperty("peerConnectionId").GetString());
        Assert.Equal(-1, inboundAudio.GetProperty("sampleSeq").GetInt64());
        Assert.Equal("client-42", inboundAudio.GetProperty("clientId").GetString());

        var outboundVideo = Payload(Assert.Single(reports, r => r.Type == ReportTypes.OutboundVideoTrack));
        Assert.Equal(1280, outboundVideo.GetProperty("frameWidth").GetInt32());
        Assert.Equal(0, outboundVideo.GetProperty("qualityLimitationDurationCPU").GetDouble());
        Assert.Equal(5678901234, outboundVideo.GetProperty("ssrc").GetInt64());

        var transport = Payload(Assert.Single(reports, r => r.Type == ReportTypes.PeerConnectionTransport));
        Assert.Equal("T01", transport.GetProperty("transportId").GetString());
        Assert.Equal("connected", transport.GetProperty("dtlsState").GetString());
        var pair = Payload(Assert.Single(reports, r => r.Type == ReportTypes.IceCandidatePair));
        Assert.Equal("CP01", pair.GetProperty("candidatePairId").GetString());
        Assert.Equal(0.124, pair.GetProperty("currentRoundTripTime").GetDouble());
        Assert.Contains(reports, r => r.Type == ReportTypes.CallMetaData && ((CallMetaReport)r.Payload).Type == "CODEC");
    }

    [Fact]
    public void Schema3_TrackListSfuIds_AreOnTheTracksReports()
    {
        using var golden = JsonDocument.Parse(Fixture.Bytes("schema3.5-json-codec-stream.golden.json"));
        var message = System.Text.Json.Nodes.JsonNode.Parse(golden.RootElement.GetProperty("messages")[0].GetRawText())!;
        // The client names the SFU stream and sink of its remote audio track in the track list (3.5: attachments as an object).
        message["peerConnections"]![0]!["inboundTracks"]![0]!["attachments"] = new System.Text.Json.Nodes.JsonObject { ["sfuStreamId"] = "stream-1", ["sfuSinkId"] = "sink-1" };

        var reports = ClientReports(Encoding.UTF8.GetBytes(message.ToJsonString()), "3.5.0");

        var audio = Payload(Assert.Single(reports, r => r.Type == ReportTypes.InboundAudioTrack));
        Assert.Equal("stream-1", audio.GetProperty("sfuStreamId").GetString());
        Assert.Equal("sink-1", audio.GetProperty("sfuSinkId").GetString());
        var video = Payload(Assert.Single(reports, r => r.Type == ReportTypes.InboundVideoTrack));
        Assert.False(video.TryGetProperty("sfuStreamId", out _), "a track without SFU ids gets none");
    }

    [Fact]
    public void Schema3_RepeatedW3cObjects_KeepOneMetaReportIdWhileStatsReportsGetNewOnes()
    {
        using var golden = JsonDocument.Parse(Fixture.Bytes("schema3.5-json-codec-stream.golden.json"));
        var first = golden.RootElement.GetProperty("messages")[0].GetRawText();
        var later = first.Replace("\"timestamp\": 1756000000000", "\"timestamp\": 1756000001000", StringComparison.Ordinal);
        Assert.NotEqual(first, later);

        var a = ClientReports(Encoding.UTF8.GetBytes(first), "3.5.0");
        var b = ClientReports(Encoding.UTF8.GetBytes(later), "3.5.0");

        static HashSet<string> Ids(List<Report> reports, Func<Report, bool> which) => reports.Where(which).Select(r => r.Id).ToHashSet();
        bool Codec(Report r) => r.Type == ReportTypes.CallMetaData && ((CallMetaReport)r.Payload).Type == "CODEC";
        Assert.NotEmpty(Ids(a, Codec));
        Assert.Equal(Ids(a, Codec), Ids(b, Codec));
        Assert.Empty(Ids(a, r => r.Type == ReportTypes.InboundAudioTrack).Intersect(Ids(b, r => r.Type == ReportTypes.InboundAudioTrack)));
    }

    [Fact]
    public void Schema3_MediaSource_MetaIsTheObjectAsSent_AndStillGivesTheOutboundTrackItsId()
    {
        // A W3C high-resolution timestamp (a fraction), a 3.5 attachments object, and a field the schema does not know.
        const string source = """{"id":"SA1","timestamp":1795491864094.288,"kind":"audio","trackIdentifier":"t1","audioLevel":0.2,"attachments":{"deviceLabel":"mic"},"totalCaptureDelay":0.5}""";
        var body = $$"""
            {"clientId":"a","callId":"c","timestamp":1756000000000,"peerConnections":[{"peerConnectionId":"p",
              "mediaSources":[{{source}}],
              "outboundRtps":[{"id":"o","timestamp":1,"ssrc":5,"kind":"audio","mediaSourceId":"SA1","bytesSent":9}]}]}
            """;

        var reports = ClientReports(Encoding.UTF8.GetBytes(body), "3.0.0");

        var meta = reports.Select(r => r.Payload).OfType<CallMetaReport>().Single(m => m.Type == "MEDIA_SOURCE");
        Assert.Equal(source, meta.Payload);
        var outbound = Payload(Assert.Single(reports, r => r.Type == ReportTypes.OutboundAudioTrack));
        Assert.Equal("t1", outbound.GetProperty("trackId").GetString());
        Assert.Equal(0.2, outbound.GetProperty("audioLevel").GetDouble());
    }

    [Fact]
    public void Schema3_MediaSourceWithABadValue_RejectsTheSampleWithThePathToIt()
    {
        var body = """
            {"clientId":"a","callId":"c","timestamp":1756000000000,"peerConnections":[{"peerConnectionId":"p"},{"peerConnectionId":"q",
              "mediaSources":[null,{"id":"S0","kind":"audio"},{"id":"S1","kind":"audio","audioLevel":"loud"}]}]}
            """;

        var rejection = Assert.Single(Decoder.Decode(Encoding.UTF8.GetBytes(body), DecoderFixtureTests.Context("3.0.0")).Rejections);

        Assert.Equal(RejectReasons.InvalidValue, rejection.Reason);
        // Named by ids: null entries are skipped before the sources are read, so positions would point elsewhere.
        Assert.StartsWith("invalid value at $.peerConnections[peerConnectionId=q].mediaSources[id=S1].audioLevel", rejection.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void RowsWithoutTheirKey_GetDistinctIds_SoNoneOverwritesAnother()
    {
        // Stats rows whose key (stats id, SSRC, transport or pair id) is missing: the decoder accepts them,
        // and each must stay its own report (one id per Table row: the same id would keep only the last).
        var schema3 = """
            {"clientId":"a","callId":"c","timestamp":1756000000000,"peerConnections":[{"peerConnectionId":"p",
              "iceTransports":[{"timestamp":1,"bytesSent":1},{"timestamp":1,"bytesSent":2}],
              "iceCandidatePairs":[{"timestamp":1,"nominated":true},{"timestamp":1,"nominated":false}],
              "dataChannels":[{"timestamp":1,"label":"x"},{"timestamp":1,"label":"y"}],
              "codecs":[{"timestamp":1,"mimeType":"audio/opus"},{"timestamp":1,"mimeType":"video/VP8"}],
              "inboundRtps":[{"id":"i1","timestamp":1,"kind":"audio","bytesReceived":1},{"id":"i2","timestamp":1,"kind":"audio","bytesReceived":2},
                             {"id":"i3","timestamp":1,"kind":"audio","ssrc":7,"bytesReceived":3}]}]}
            """;
        var s3 = ClientReports(Encoding.UTF8.GetBytes(schema3), "3.0.0");
        Assert.Equal(11, s3.Count);
        Assert.Equal(s3.Count, s3.Select(r => r.Id).Distinct().Count());
        Assert.Equal(2, s3.Count(r => r.Payload is CallMetaReport { Type: "CODEC" }));

        var schema2 = """
            {"clientId":"a","roomId":"r","timestamp":1756000000000,
              "pcTransports":[{"peerConnectionId":"p","packetsSent":1},{"peerConnectionId":"p","packetsSent":2}],
              "iceCandidatePairs":[{"peerConnectionId":"p","nominated":true},{"peerConnectionId":"p","nominated":false}],
              "inboundAudioTracks":[{"peerConnectionId":"p","packetsReceived":1},{"peerConnectionId":"p","packetsReceived":2}]}
            """;
        var s2 = ClientReports(Encoding.UTF8.GetBytes(schema2));
        Assert.Equal(6, s2.Count);
        Assert.Equal(s2.Count, s2.Select(r => r.Id).Distinct().Count());
    }

    [Fact]
    public void Schema3_ACandidateThatTurnsOutRemote_KeepsItsOneRecord()
    {
        const string candidate = """{"id":"R1","timestamp":1,"address":"10.0.0.1","port":5000,"candidateType":"host"}""";
        var before = $$"""{"clientId":"a","callId":"c","timestamp":1756000000000,"peerConnections":[{"peerConnectionId":"p","iceCandidates":[{{candidate}}]}]}""";
        var after = $$"""{"clientId":"a","callId":"c","timestamp":1756000001000,"peerConnections":[{"peerConnectionId":"p","iceCandidates":[{{candidate}}],"iceCandidatePairs":[{"id":"CP1","timestamp":1,"localCandidateId":"L1","remoteCandidateId":"R1"}]}]}""";

        var first = Assert.Single(ClientReports(Encoding.UTF8.GetBytes(before), "3.0.0"), r => r.Payload is CallMetaReport);
        var second = Assert.Single(ClientReports(Encoding.UTF8.GetBytes(after), "3.0.0"), r => r.Payload is CallMetaReport);

        Assert.Equal("ICE_LOCAL_CANDIDATE", ((CallMetaReport)first.Payload).Type);
        Assert.Equal("ICE_REMOTE_CANDIDATE", ((CallMetaReport)second.Payload).Type);
        Assert.Equal(first.Id, second.Id); // the later sample's record replaces the earlier one
    }

    [Theory]
    [InlineData("VIDEO", ReportTypes.InboundVideoTrack)]
    [InlineData("Video", ReportTypes.InboundVideoTrack)]
    [InlineData("audio", ReportTypes.InboundAudioTrack)]
    public void Schema3_RtpKind_IsReadInAnyCase(string kind, string type)
    {
        var body = $$"""{"clientId":"a","callId":"c","timestamp":1756000000000,"peerConnections":[{"peerConnectionId":"p","inboundRtps":[{"id":"i","timestamp":1,"ssrc":5,"kind":"{{kind}}","framesDecoded":3}]}]}""";
        Assert.Equal(type, Assert.Single(ClientReports(Encoding.UTF8.GetBytes(body), "3.0.0")).Type);
    }

    [Fact]
    public void IdsSentAsNullOrEmpty_AreNoKeys_AndSfuRowsWithoutTheirKey_GetDistinctIds()
    {
        // "NULL" and "" mean absent, as everywhere: two rows with them are two reports, not one record.
        var schema3 = """
            {"clientId":"a","callId":"c","timestamp":1756000000000,"peerConnections":[{"peerConnectionId":"p",
              "iceTransports":[{"id":"NULL","timestamp":1,"bytesSent":1},{"id":"NULL","timestamp":1,"bytesSent":2}],
              "codecs":[{"id":"","timestamp":1,"mimeType":"audio/opus"},{"id":"","timestamp":1,"mimeType":"video/VP8"}]}]}
            """;
        var s3 = ClientReports(Encoding.UTF8.GetBytes(schema3), "3.0.0");
        Assert.Equal(4, s3.Select(r => r.Id).Distinct().Count());
        Assert.All(s3, r => Assert.False(r.OneRecordPerId));

        var sfu = """
            {"sfuId":"s","timestamp":1756000000000,
              "transports":[{"transportId":"t1","dtlsState":"connected"},{"dtlsState":"new"},{"transportId":"NULL","dtlsState":"new"}],
              "inboundRtpPads":[{"streamId":"x","ssrc":1},{"streamId":"y","ssrc":2}]}
            """;
        var decoded = Decoder.Decode(Encoding.UTF8.GetBytes(sfu), DecoderFixtureTests.Context());
        var reports = SampleReportBuilder.ForSfu(Assert.Single(decoded.SfuSamples));
        Assert.Equal(5, reports.Count);
        Assert.Equal(5, reports.Select(r => r.Id).Distinct().Count()); // was 3: the unkeyed transports and pads shared ids
    }
}
