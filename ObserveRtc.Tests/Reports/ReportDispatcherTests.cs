using ObserveRtc.Core.Options;
using ObserveRtc.Core.Reports;
using ObserveRtc.Core.Storage;
using ObserveRtc.Tests.Support;

using ObserveRtc.Tests.Pipeline;

namespace ObserveRtc.Tests.Reports;

public class ReportDispatcherTests
{
    private sealed class FakeStore(Func<Report, bool> fails) : IReportStore
    {
        public List<Report> Written { get; } = [];

        public Task<WriteResult<Report>> WriteAsync(IReadOnlyList<Report> reports, CancellationToken cancellationToken = default)
        {
            var failures = reports.Where(fails).Select(r => new WriteFailure<Report>(r, "503", true)).ToList();
            Written.AddRange(reports.Where(r => !fails(r)));
            return Task.FromResult(new WriteResult<Report>(reports.Count - failures.Count, failures));
        }

        public IAsyncEnumerable<StoredReport> GetCallEventsAsync(string callId, CancellationToken cancellationToken = default) => throw new NotSupportedException();
        public IAsyncEnumerable<CallIndexEntry> GetCallsAsync(string serviceId, long fromMs, long toMs, CancellationToken cancellationToken = default) => throw new NotSupportedException();
        public Task<StoredReport?> GetCallSummaryAsync(string callId, CancellationToken cancellationToken = default) => throw new NotSupportedException();
        public IAsyncEnumerable<StoredReport> GetClientReportsAsync(string callId, string clientId, CancellationToken cancellationToken = default) => throw new NotSupportedException();
    }

    private static readonly Report Started = TestReports.CallEvent("s", "c", "CALL_STARTED", 0);
    private static readonly Report Joined = TestReports.CallEvent("s", "c", "CLIENT_JOINED", 1, "a");
    private static readonly Report Custom = TestReports.CallEvent("s", "c", "app-event", 2, "a");
    private static readonly Report Stats = TestReports.Of(ReportTypes.InboundAudioTrack, "s", "c", "a", 3);

    [Fact]
    public async Task Dispatch_Defaults_StoresEverything_PublishesLifecycleOnly()
    {
        var store = new FakeStore(_ => false);
        var publisher = new FakePublisher(_ => false);

        var result = await new ReportDispatcher(store, publisher, new ReportSinkOptions()).DispatchAsync([Started, Joined, Custom, Stats]);

        Assert.True(result.Succeeded);
        Assert.Equal([Started, Joined, Custom, Stats], store.Written);
        Assert.Equal([Started, Joined], publisher.Published);
    }

    [Fact]
    public async Task Dispatch_TableWriteFails_DoesNotPublishThatReport_AndReturnsItOnce()
    {
        var store = new FakeStore(r => r == Joined);
        var publisher = new FakePublisher(_ => false);

        var result = await new ReportDispatcher(store, publisher, new ReportSinkOptions()).DispatchAsync([Started, Joined, Stats]);

        Assert.Equal([Started], publisher.Published);
        Assert.Same(Joined, Assert.Single(result.Failures).Item);
        Assert.Equal(2, result.Written);
    }

    [Fact]
    public async Task Dispatch_ATableWriteKeptForRetry_HoldsBackItsCallsLaterEvents_NotOtherCalls()
    {
        var bob = TestReports.CallEvent("s", "c", "CLIENT_JOINED", 1, "bob");
        var carol = TestReports.CallEvent("s", "c", "CLIENT_JOINED", 2, "carol");
        var other = TestReports.CallEvent("s", "c2", "CALL_STARTED", 3);
        var store = new FakeStore(r => r == bob);
        var publisher = new FakePublisher(_ => false);
        var dispatcher = new ReportDispatcher(store, publisher, new ReportSinkOptions());

        var result = await dispatcher.DispatchAsync([Started, bob, carol, other]);

        Assert.Equal([Started, other], publisher.Published); // carol's row is written, but she is not heard of before bob
        Assert.Equal([bob, carol], result.Failures.Select(f => f.Item));
        Assert.All(result.Failures, f => Assert.True(f.Retryable));

        // The retry (as the outbox makes it) publishes them in their order.
        var storeOk = new FakeStore(_ => false);
        var retried = new FakePublisher(_ => false);
        var again = await new ReportDispatcher(storeOk, retried, new ReportSinkOptions()).DispatchAsync([bob, carol]);
        Assert.True(again.Succeeded);
        Assert.Equal([bob, carol], retried.Published);
    }

    [Fact]
    public async Task Dispatch_AnSfusReports_KeepTheSfusOrder_WhateverCallTheyName()
    {
        static Report Sfu(string name, long ts, string? callId) => new()
        {
            Type = ReportTypes.SfuEvent, Id = $"sfu-1:{name}:{ts}", ServiceId = "s", CallId = callId, SfuId = "sfu-1", TimestampMs = ts,
            Payload = new SfuEventReport { ServiceId = "s", SfuId = "sfu-1", CallId = callId, Name = name, Timestamp = ts },
        };
        var joined = Sfu("SFU_JOINED", 1, null);
        var transport = Sfu("SFU_TRANSPORT_OPENED", 2, "call-9"); // a transport names its call
        var publisher = new FakePublisher(_ => false);

        var result = await new ReportDispatcher(new FakeStore(r => r == joined), publisher, new ReportSinkOptions()).DispatchAsync([joined, transport]);

        Assert.Empty(publisher.Published);
        Assert.True(Assert.Single(result.Failures, f => f.Item == transport).HeldBack);
    }

    [Fact]
    public async Task DispatchOnce_HoldsNothingBack_ForCallersThatDoNotRetry()
    {
        var bob = TestReports.CallEvent("s", "c", "CLIENT_JOINED", 1, "bob");
        var carol = TestReports.CallEvent("s", "c", "CLIENT_JOINED", 2, "carol");
        var publisher = new FakePublisher(_ => false);

        var result = await new ReportDispatcher(new FakeStore(r => r == bob), publisher, new ReportSinkOptions()).DispatchOnceAsync([bob, carol]);

        Assert.Equal([carol], publisher.Published);
        Assert.Same(bob, Assert.Single(result.Failures).Item);
    }

    [Fact]
    public async Task AnOutboxReportThatKeepsFailing_DoesNotTakeTheHeldBackOnesDownWithIt()
    {
        var publisher = new FakePublisher(_ => false);
        var dispatcher = new ReportDispatcher(new FakeStore(r => r.Payload is CallEventReport { Name: "CALL_STARTED" }), publisher, new ReportSinkOptions());
        var logic = new ObserveRtc.Core.Entities.CallEntityLogic(new ObserveRtc.Core.Calls.CallTracker(new ObserveRtc.Core.Calls.CallTrackerOptions()), dispatcher,
            new ObserveRtc.Core.Calls.InMemoryRoomRegistry(), new ObserveRtc.Core.Entities.EntityOptions { MaxDeliveryAttempts = 3, RetryInitialDelay = TimeSpan.FromSeconds(1) });
        const long t0 = 1_756_000_000_000;
        ObserveRtc.Core.Samples.ClientSampleView Sample(string c) => new()
        {
            Origin = new ObserveRtc.Core.Samples.SampleOrigin("svc", "mu", t0), SchemaVersion = "2.x", ClientId = c, CallId = "call-1", TimestampMs = t0,
        };
        var state = (await logic.ObserveAsync(null, new ObserveRtc.Core.Ingest.CallObservation { CallId = "call-1", Samples = [Sample("alice"), Sample("bob")] }, t0)).State!;
        var now = t0;
        for (var i = 0; i < 10 && state.Outbox.Count > 0; i++)
        {
            now = Math.Max(now, state.Timer!.DueMs);
            state = (await logic.TickAsync(state, state.Timer.Token, now)).State!;
        }

        // CALL_STARTED is given up on after 3 attempts; the joins, only waiting behind it, are then published.
        Assert.Equal(2, publisher.Published.Count(r => r.Payload is CallEventReport { Name: "CLIENT_JOINED" }));
        Assert.Equal(1, state.DroppedReports);
    }

    [Fact]
    public async Task Dispatch_PublishFails_ReturnsTheReportForRetry()
    {
        var result = await new ReportDispatcher(new FakeStore(_ => false), new FakePublisher(r => r == Started), new ReportSinkOptions()).DispatchAsync([Started, Joined]);

        var failure = Assert.Single(result.Failures);
        Assert.Same(Started, failure.Item);
        Assert.True(failure.Retryable);
    }
}
