using ObserveRtc.Core.Options;
using ObserveRtc.Core.Reports;
using ObserveRtc.Tests.Support;

namespace ObserveRtc.Tests.Options;

public class ReportSinkOptionsTests
{
    [Fact]
    public void Defaults_EveryReportTypeGoesToTables()
    {
        var options = new ReportSinkOptions();

        Assert.All(TestReports.AllTypes, type => Assert.True(options.ToTables(TestReports.Of(type, "s", "c", "a", 0)), type));
    }

    [Fact]
    public void Defaults_EventGridGetsLifecycleEventsIssuesAndSummaries_NotStatsOrCustomEvents()
    {
        var options = new ReportSinkOptions();
        var published = TestReports.AllTypes.Where(type => options.ToEventGrid(TestReports.Of(type, "s", "c", "a", 0))).ToList();

        // CALL_EVENT / SFU_EVENT from Of() have no name: they are custom events, so not published.
        Assert.Equal([ReportTypes.CallSummary], published);
        Assert.True(options.ToEventGrid(TestReports.CallEvent("s", "c", "CLIENT_JOINED", 0)));
        Assert.True(options.ToEventGrid(TestReports.CallEvent("s", "c", "CLIENT_ISSUE", 0)));
        Assert.True(options.ToEventGrid(TestReports.CallEvent("s", "c", "MEDIA_TRACK_MATCHED", 0)));
        Assert.False(options.ToEventGrid(TestReports.CallEvent("s", "c", "app-event", 0)));
        Assert.True(options.ToEventGrid(new Report { Type = ReportTypes.SfuEvent, Id = "i", ServiceId = "s", TimestampMs = 0, Payload = new SfuEventReport { Name = "SFU_JOINED" } }));
    }

    [Fact]
    public void Configured_CustomEventsAndStatsCanBePublished_AndTypesLeftOutOfTables()
    {
        var options = new ReportSinkOptions { PublishCustomEvents = true };
        options.EventGridReportTypes.Add(ReportTypes.InboundAudioTrack);
        options.TableReportTypes.Remove(ReportTypes.InboundAudioTrack);

        Assert.True(options.ToEventGrid(TestReports.CallEvent("s", "c", "app-event", 0)));
        Assert.True(options.ToEventGrid(TestReports.Of(ReportTypes.InboundAudioTrack, "s", "c", "a", 0)));
        Assert.False(options.ToTables(TestReports.Of(ReportTypes.InboundAudioTrack, "s", "c", "a", 0)));
    }
}
