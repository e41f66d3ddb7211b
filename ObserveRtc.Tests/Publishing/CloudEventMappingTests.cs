using ObserveRtc.Core.Publishing;
using ObserveRtc.Core.Reports;
using ObserveRtc.Tests.Support;

namespace ObserveRtc.Tests.Publishing;

public class CloudEventMappingTests
{
    private static Report Sfu(string? name, string? callId = "call-1") => new()
    {
        Type = ReportTypes.SfuEvent,
        Id = "id",
        ServiceId = "svc",
        CallId = callId,
        SfuId = "sfu-1",
        TimestampMs = 0,
        Payload = new SfuEventReport { Name = name, SfuId = "sfu-1" },
    };

    [Theory]
    [InlineData("CALL_STARTED", "org.observertc.call.started")]
    [InlineData("CALL_ENDED", "org.observertc.call.ended")]
    [InlineData("CLIENT_JOINED", "org.observertc.client.joined")]
    [InlineData("CLIENT_LEFT", "org.observertc.client.left")]
    [InlineData("CLIENT_REJOINED", "org.observertc.client.rejoined")]
    [InlineData("CLIENT_ISSUE", "org.observertc.client.issue")]
    [InlineData("PEER_CONNECTION_OPENED", "org.observertc.peer-connection.opened")]
    [InlineData("PEER_CONNECTION_CLOSED", "org.observertc.peer-connection.closed")]
    [InlineData("MEDIA_TRACK_ADDED", "org.observertc.track.added")]
    [InlineData("MEDIA_TRACK_REMOVED", "org.observertc.track.removed")]
    [InlineData("MEDIA_TRACK_MATCHED", "org.observertc.track.matched")]
    [InlineData("my-app-event", "org.observertc.call.custom-event")]
    [InlineData("call_started", "org.observertc.call.custom-event")]
    public void Type_CallEvents(string name, string expected)
    {
        Assert.Equal(expected, CloudEventTypes.For(TestReports.CallEvent("svc", "call-1", name, 0)));
    }

    [Theory]
    [InlineData("SFU_JOINED", "org.observertc.sfu.joined")]
    [InlineData("SFU_LEFT", "org.observertc.sfu.left")]
    [InlineData("SFU_TRANSPORT_OPENED", "org.observertc.sfu.transport.opened")]
    [InlineData("SFU_TRANSPORT_CLOSED", "org.observertc.sfu.transport.closed")]
    [InlineData("SFU_RTP_PAD_ADDED", "org.observertc.sfu.rtp-pad.added")]
    [InlineData("SFU_RTP_PAD_REMOVED", "org.observertc.sfu.rtp-pad.removed")]
    [InlineData("SFU_SCTP_STREAM_ADDED", "org.observertc.sfu.sctp-stream.added")]
    [InlineData("SFU_SCTP_STREAM_REMOVED", "org.observertc.sfu.sctp-stream.removed")]
    [InlineData("custom", "org.observertc.sfu.custom-event")]
    [InlineData(null, "org.observertc.sfu.custom-event")]
    public void Type_SfuEvents(string? name, string expected)
    {
        Assert.Equal(expected, CloudEventTypes.For(Sfu(name)));
    }

    [Fact]
    public void Type_OtherReports()
    {
        Assert.Equal("org.observertc.call.summary", CloudEventTypes.For(TestReports.Of(ReportTypes.CallSummary, "svc", "c", null, 0)));
        Assert.Equal("org.observertc.observer.event", CloudEventTypes.For(TestReports.Of(ReportTypes.ObserverEvent, "svc", "c", null, 0)));
        Assert.Equal("org.observertc.report.inbound-audio-track", CloudEventTypes.For(TestReports.Of(ReportTypes.InboundAudioTrack, "svc", "c", "a", 0)));
    }

    [Fact]
    public void Type_EveryReportTypeMapsUnderThePrefix_InLowerCase()
    {
        foreach (var type in TestReports.AllTypes)
        {
            var cloudType = CloudEventTypes.For(TestReports.Of(type, "svc", "c", "a", 0));
            Assert.StartsWith(CloudEventTypes.Prefix, cloudType, StringComparison.Ordinal);
            Assert.Equal(cloudType.ToLowerInvariant(), cloudType);
            Assert.DoesNotContain('_', cloudType);
        }
    }

    [Fact]
    public void SourceAndSubject_FollowTheHierarchy_WithIdsPercentEncoded()
    {
        var report = TestReports.CallEvent("my svc", "call/1", "MEDIA_TRACK_ADDED", 0, "alice#1", "pc?1", "track 1");

        Assert.Equal("/observertc/services/my%20svc", CloudEventMapping.Source(report));
        Assert.Equal("calls/call%2F1/clients/alice%231/peer-connections/pc%3F1/tracks/track%201", CloudEventMapping.Subject(report));
        Assert.Equal("calls/call-1/clients/a/peer-connections/p", CloudEventMapping.Subject(TestReports.CallEvent("s", "call-1", "PEER_CONNECTION_OPENED", 0, "a", "p")));
        Assert.Equal("calls/call-1", CloudEventMapping.Subject(TestReports.CallEvent("s", "call-1", "CALL_ENDED", 0)));
        Assert.Equal("calls/call-1/sfus/sfu-1", CloudEventMapping.Subject(Sfu("SFU_JOINED")));
        Assert.Equal("sfus/sfu-1", CloudEventMapping.Subject(Sfu("SFU_JOINED", callId: null)));
    }

    [Fact]
    public void ToCloudEvent_UsesReportIdAndTimestamp()
    {
        var report = TestReports.CallEvent("svc", "call-1", "CALL_STARTED", 1_700_000_000_123);

        var cloudEvent = CloudEventMapping.ToCloudEvent(report);

        Assert.Equal(report.Id, cloudEvent.Id);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_123), cloudEvent.Time);
        Assert.Equal("application/json", cloudEvent.DataContentType);
        Assert.Equal(ReportJson.ToUtf8(report), cloudEvent.Data!.ToArray());
    }

    [Fact]
    public void ToCloudEvent_AOneRecordPerIdReport_GetsAnEventIdPerVersion()
    {
        // A 3.x codec's record keeps its id while its content changes from sample to sample; as events,
        // each version is its own (a subscriber dropping repeats by id would drop the later ones), and a
        // repeat of one version is the same event.
        Report Version(long timestampMs) => new()
        {
            Type = ReportTypes.CallMetaData, Id = "record-1", ServiceId = "svc", CallId = "call-1", ClientId = "a",
            TimestampMs = timestampMs, OneRecordPerId = true, Payload = new CallMetaReport { Type = "CODEC", Payload = "{}" },
        };

        var first = CloudEventMapping.ToCloudEvent(Version(1_700_000_000_000)).Id;
        var second = CloudEventMapping.ToCloudEvent(Version(1_700_000_001_000)).Id;

        Assert.NotEqual(first, second);
        Assert.NotEqual("record-1", first);
        Assert.Equal(first, CloudEventMapping.ToCloudEvent(Version(1_700_000_000_000)).Id);
    }
}
