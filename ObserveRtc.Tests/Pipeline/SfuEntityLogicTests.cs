using ObserveRtc.Core.Calls;
using ObserveRtc.Core.Entities;
using ObserveRtc.Core.Options;
using ObserveRtc.Core.Reports;

namespace ObserveRtc.Tests.Pipeline;

public class SfuEntityLogicTests
{
    [Fact]
    public async Task Tick_OnAFreshState_AsATaskEntityInitializesIt_KeepsNothing()
    {
        var store = new FakeReportStore();
        var logic = new SfuEntityLogic(new SfuTracker(new SfuTrackerOptions()), new ReportDispatcher(store, null, new ReportSinkOptions()), new EntityOptions());

        var step = await logic.TickAsync(new SfuEntityState(), "t1", 1_756_000_000_000);

        Assert.True(step.StaleSignal);
        Assert.Null(step.State);
        Assert.Null(step.Timer);
        Assert.True(SfuEntityLogic.IsEmpty(new SfuEntityState()));
        Assert.Equal(0, store.Writes);
    }
}
