using System.Text;
using System.Text.Json;
using ObserveRtc.Core.Samples;

namespace ObserveRtc.Tests.Samples;

public class DecoderFixtureTests
{
    private const string Alice = "5b6a2c3e-8f1d-4a7b-9c2e-1f3a4b5c6d7e";
    private const string Bob = "9d8c7b6a-5f4e-4d3c-8b2a-1e0f9a8b7c6d";
    private static readonly SampleDecoder Decoder = new();

    internal static DecodeContext Context(string? hint = null, long receivedAt = 1_756_000_010_000) =>
        new(new SampleOrigin("demo-service", "media-unit-1", receivedAt), hint);

    [Fact]
    public void Decode_AliceJoin_GivesOneClientSampleWithHerPeerConnectionAndTracks()
    {
        var body = Decoder.Decode(Fixture.Bytes("schema2.2-samples-client-alice-join-seq0.json"), Context());

        Assert.Empty(body.Rejections);
        var sample = Assert.Single(body.ClientSamples);
        var view = sample.View;
        Assert.NotNull(sample.Schema2);
        Assert.Equal(Alice, view.ClientId);
        Assert.Null(view.CallId);
        Assert.Equal("room-cryptography", view.RoomId);
        Assert.Equal("alice", view.UserId);
        Assert.Equal(0, view.SampleSeq);
        var pc = Assert.Single(view.PeerConnections);
        Assert.True(pc.HasTransport);
        Assert.True(pc.HasRtp);
        Assert.False(pc.ReportsClosed);
        Assert.All(view.Tracks, t => Assert.Equal(TrackDirection.Outbound, t.Direction));
        Assert.Equal([MediaKind.Audio, MediaKind.Video], view.Tracks.Select(t => t.Kind).Order());
        Assert.Contains(view.Tracks, t => t.SfuStreamId == "a1000000-0000-4000-8000-00000000a0a1" && t.Kind == MediaKind.Audio);
        Assert.Contains(view.Tracks, t => t.SfuStreamId == "a2000000-0000-4000-8000-00000000a0a2" && t.Kind == MediaKind.Video);
        Assert.All(view.Tracks, t => Assert.NotEmpty(t.Ssrcs));
        Assert.Contains(view.Events, e => e.Name == "CLIENT_JOINED");
    }

    [Fact]
    public void Decode_BobSteady_IssueStaysAnEventAsSent()
    {
        var body = Decoder.Decode(Fixture.Bytes("schema2.2-samples-client-bob-steady-seq3.json"), Context());

        Assert.Empty(body.Rejections);
        var view = Assert.Single(body.ClientSamples).View;
        Assert.Equal(Bob, view.ClientId);
        Assert.Empty(view.Issues);
        // client-monitor-js 3.x: value = severity, message = description; the tracker passes it through as sent.
        var issue = Assert.Single(view.Events, e => e.Name == "CLIENT_ISSUE");
        Assert.Equal(("major", "Freezed video detected"), (issue.Value, issue.Message));
        Assert.Equal("4f5a6b7c-8d9e-4f0a-9b1c-2d3e4f5a6b7c", issue.TrackId);
        using var attachments = JsonDocument.Parse(issue.Attachments!);
        Assert.Equal(3011227654, attachments.RootElement.GetProperty("ssrc").GetInt64());
        Assert.All(view.Tracks, t => Assert.Equal(TrackDirection.Inbound, t.Direction));
        Assert.Contains(view.Tracks, t => t.SfuSinkId == "b1000000-0000-4000-8000-00000000b0b1" && t.SfuStreamId == "a1000000-0000-4000-8000-00000000a0a1");
        Assert.All(view.Tracks, t => Assert.True(t.Bytes > 0));
    }

    [Fact]
    public void BobSteady_ClientIssue_ReachesItsCallEventAsSent()
    {
        var view = Assert.Single(Decoder.Decode(Fixture.Bytes("schema2.2-samples-client-bob-steady-seq3.json"), Context()).ClientSamples).View;

        var result = new ObserveRtc.Core.Calls.CallTracker(new ObserveRtc.Core.Calls.CallTrackerOptions()).Observe(null, "call-1", [view], 1_705_312_840_000);

        // As observer-js reports it (value = severity), and as client-monitor-js sent it.
        var issue = result.Events.Select(e => e.Payload).OfType<ObserveRtc.Core.Reports.CallEventReport>().Single(e => e.Name == "CLIENT_ISSUE");
        Assert.Equal(("major", "Freezed video detected", "4f5a6b7c-8d9e-4f0a-9b1c-2d3e4f5a6b7c"), (issue.Value, issue.Message, issue.MediaTrackId));
    }

    [Fact]
    public void Decode_BobSteady_FractionalAudioFieldsReadAsDoubles()
    {
        var body = Decoder.Decode(Fixture.Bytes("schema2.2-samples-client-bob-steady-seq3.json"), Context());
        var audio = Assert.Single(Assert.Single(body.ClientSamples).Schema2!.InboundAudioTracks!);
        Assert.Equal(0.0211, audio.AudioLevel);
        Assert.Equal(29.94, audio.TotalSamplesDuration);
        Assert.Equal(3011227653, audio.Ssrc);
    }

    [Fact]
    public void Decode_AliceLeave_HasOnlyExplicitEndings()
    {
        var body = Decoder.Decode(Fixture.Bytes("schema2.2-samples-client-alice-leave-seq15.json"), Context());

        var view = Assert.Single(body.ClientSamples).View;
        Assert.Empty(view.PeerConnections);
        Assert.Empty(view.Tracks);
        Assert.Equal(["MEDIA_TRACK_REMOVED", "MEDIA_TRACK_REMOVED", "PEER_CONNECTION_CLOSED", "CLIENT_LEFT"], view.Events.Select(e => e.Name));
        Assert.Equal("2f1e0d9c-8b7a-4c6d-9e5f-4a3b2c1d0e9f", view.Events[2].PeerConnectionId);
        Assert.Equal(1705312949500, view.Events[3].TimestampMs);
    }

    [Fact]
    public void Decode_SfuSample_GivesTransportsPadsAndEvents()
    {
        var body = Decoder.Decode(Fixture.Bytes("schema2.2-samples-sfu-mediasoup.json"), Context());

        Assert.Empty(body.Rejections);
        var view = Assert.Single(body.SfuSamples).View;
        Assert.Equal("f0e1d2c3-b4a5-4968-8776-655443322110", view.SfuId);
        Assert.Equal(2, view.Transports.Count);
        Assert.Contains(view.RtpPads, p => p.Direction == TrackDirection.Inbound && p.StreamId == "a1000000-0000-4000-8000-00000000a0a1");
        Assert.Contains(view.RtpPads, p => p.Direction == TrackDirection.Outbound && p.SinkId == "b1000000-0000-4000-8000-00000000b0b1");
        Assert.NotEmpty(view.Events);
    }

    [Fact]
    public void Decode_Schema30FirstMessage_IsSchema3WithRawStatsTracks()
    {
        var body = Decoder.Decode(Fixture.Bytes("schema3.0-clientsample-first-message.json"), Context());

        Assert.Empty(body.Rejections);
        var sample = Assert.Single(body.ClientSamples);
        Assert.NotNull(sample.Schema3);
        Assert.Equal("3.x", sample.View.SchemaVersion);
        Assert.Equal("client-42", sample.View.ClientId);
        Assert.Equal("call-7f3a", sample.View.CallId);
        var pc = Assert.Single(sample.View.PeerConnections);
        Assert.Equal("pc-01", pc.PeerConnectionId);
        Assert.Contains(sample.View.Tracks, t => t.Direction == TrackDirection.Inbound && t.TrackId == "track-remote-audio" && t.Ssrcs.SequenceEqual([1234567890L]));
        Assert.Contains(sample.View.Tracks, t => t.Direction == TrackDirection.Outbound && t.Kind == MediaKind.Video && t.Ssrcs.Contains(5678901234L));
    }

    [Fact]
    public void Decode_GoldenStreamFirstMessage_Schema35PayloadObjectsReadAsJsonText()
    {
        using var golden = JsonDocument.Parse(Fixture.Bytes("schema3.5-json-codec-stream.golden.json"));
        var first = Encoding.UTF8.GetBytes(golden.RootElement.GetProperty("messages")[0].GetRawText());

        var body = Decoder.Decode(first, Context("3.5.0"));

        Assert.Empty(body.Rejections);
        var sample = Assert.Single(body.ClientSamples);
        Assert.Equal("3.5.0", sample.View.SchemaVersion);
        var joined = sample.View.Events.Where(e => e.Name == "CLIENT_JOINED").ToList();
        Assert.Equal(2, joined.Count);
        Assert.Equal("""{"role": "host"}""".Replace(" ", ""), joined[0].Attachments!.Replace(" ", "").Replace("\n", "").Replace("\t", ""));
        var video = sample.Schema3!.PeerConnections![0].InboundRtps!.Single(r => r.Kind == "video");
        Assert.Equal(9007199254740000, video.HeaderBytesReceived);
    }

    [Fact]
    public void Decode_EncoderBase64_IsRejectedAsNotJsonWithAHint()
    {
        using var doc = JsonDocument.Parse(Fixture.Bytes("schema2.2-samples-encoder-2.2.12-alice.base64.json"));
        foreach (var message in doc.RootElement.GetProperty("messagesBase64").EnumerateArray())
        {
            var body = Decoder.Decode(Encoding.ASCII.GetBytes(message.GetString()!), Context());
            var rejection = Assert.Single(body.Rejections);
            Assert.Equal(RejectReasons.MalformedJson, rejection.Reason);
            Assert.Contains("base64", rejection.Detail, StringComparison.Ordinal);
            Assert.Empty(body.ClientSamples);
        }
    }
}
