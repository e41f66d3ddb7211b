using System.Text.Json;
using Azure;
using Azure.Messaging.EventGrid;
using ObserveRtc.Core.Entities;
using ObserveRtc.Core.Options;
using ObserveRtc.Core.Publishing;
using ObserveRtc.Core.Reports;
using ObserveRtc.Tests.Pipeline;
using ObserveRtc.Tests.Support;

namespace ObserveRtc.Tests.Publishing;

/// <summary>Event Grid refusing some events, with the callers that retry (an entity outbox) and the one that does not (ingest's sample reports).</summary>
public sealed class EventGridRetryTests : IAsyncLifetime
{
    private const long T0 = 1_756_000_000_000;
    private EventGridReceiver _receiver = null!;

    public async Task InitializeAsync() => _receiver = await EventGridReceiver.StartAsync();

    public async Task DisposeAsync() => await _receiver.DisposeAsync();

    private EventGridPublisher Publisher(Action<EventGridPublisherOptions>? configure = null)
    {
        var options = new EventGridPublisherOptions
        {
            Endpoint = _receiver.Endpoint,
            AccessKey = "k",
            MaxRetries = 0,
            RetryDelay = TimeSpan.FromMilliseconds(20),
            MaxRetryDelay = TimeSpan.FromMilliseconds(100),
            NetworkTimeout = TimeSpan.FromSeconds(10),
        };
        configure?.Invoke(options);
        return new EventGridPublisher(options);
    }

    private static List<string> Ids(ReceivedRequest request) =>
        [.. JsonDocument.Parse(request.Body).RootElement.EnumerateArray().Select(e => e.GetProperty("id").GetString()!)];

    [Fact]
    public async Task ATopicRefusingEverything_CostsAtMost65RequestsForEachRequestOfAnAttempt()
    {
        // The 32 splits are per request: three requests of 33 events (e.g. ~30 KB events) may cost 3 × 65.
        _receiver.Respond = _ => (400, TimeSpan.Zero);
        var reports = Enumerable.Range(0, 99).Select(i => TestReports.CallEvent("svc", "call-1", "CLIENT_JOINED", T0 + i, $"c{i}")).ToList();

        var result = await Publisher(o => o.MaxEventsPerRequest = 33).PublishAsync(reports);

        Assert.InRange(_receiver.Requests.Count, 3, 3 * 65);
        Assert.Equal(99, result.Failures.Count);
    }

    [Fact]
    public async Task DispatchOnce_ARefusedRunOfOneCall_DoesNotStopOtherCallsEventsInLaterRequests()
    {
        // DispatchOnceAsync (the Functions ingest stage's sample reports, when Sinks:EventGridReportTypes holds
        // them) never retries: a refused run past the splits stopped the whole publish, and the later requests
        // (another call's good events) were never sent.
        var bad = Enumerable.Range(0, 40).Select(i => TestReports.CallEvent("svc", "call-bad", "CLIENT_JOINED", T0 + i, $"b{i}")).ToList();
        var good = Enumerable.Range(0, 10).Select(i => TestReports.CallEvent("svc", "call-good", "CLIENT_JOINED", T0 + i, $"g{i}")).ToList();
        var badIds = bad.Select(r => r.Id).ToHashSet();
        _receiver.RespondToBody = r => Ids(r).Any(badIds.Contains) ? 400 : 200;
        var dispatcher = new ReportDispatcher(new FakeReportStore(), Publisher(o => o.MaxEventsPerRequest = 40), new ReportSinkOptions());

        var result = await dispatcher.DispatchOnceAsync([.. bad, .. good]);

        var published = _receiver.Requests.Where(r => !Ids(r).Any(badIds.Contains)).SelectMany(Ids).ToHashSet();
        Assert.All(good, g => Assert.Contains(g.Id, published));
        Assert.DoesNotContain(result.Failures, f => f.Item.CallId == "call-good");
    }

    /// <summary>A topic that refuses (400) any request holding a bad id, fails transiently while <see cref="Down"/>.</summary>
    private sealed class FakeTopic(HashSet<string> bad) : EventGridPublisherClient
    {
        public bool Down { get; set; }
        public List<string> Published { get; } = [];
        public int Requests { get; private set; }

        public override Task<Response> SendEncodedCloudEventsAsync(ReadOnlyMemory<byte> cloudEvents, CancellationToken cancellationToken = default)
        {
            Requests++;
            if (Down) throw new RequestFailedException(503, "down");
            var ids = JsonDocument.Parse(cloudEvents).RootElement.EnumerateArray().Select(e => e.GetProperty("id").GetString()!).ToList();
            if (ids.Any(bad.Contains)) throw new RequestFailedException(400, "refused");
            Published.AddRange(ids);
            return Task.FromResult<Response>(null!);
        }
    }

    private static async Task<(List<string> Errors, CallEntityState State)> DeliverUntilEmpty(OutboxRunner runner, CallEntityState state, Func<int, bool>? down = null, FakeTopic? topic = null)
    {
        var errors = new List<string>();
        var now = T0;
        for (var attempt = 0; attempt < 1_000 && state.Outbox.Count > 0; attempt++)
        {
            if (topic is not null && down is not null) topic.Down = down(attempt);
            now = Math.Max(now, state.RetryAtMs ?? now);
            await runner.DeliverAsync(state, now, errors, CancellationToken.None);
        }
        return (errors, state);
    }

    [Fact]
    public async Task Outbox_GoodEventsBehindALongRefusedRun_AreSentNotDroppedByTheAttemptLimit()
    {
        // Events that only waited behind a kept part were charged an attempt each: about 30 events are isolated
        // an attempt, so a good event behind more than 50 × 30 refused ones reached MaxDeliveryAttempts (50)
        // and was dropped unsent. (MaxOutboxReports may be up to 100,000; 5,000 here.)
        var reports = Enumerable.Range(0, 2_050).Select(i => TestReports.CallEvent("svc", "call-1", "CLIENT_JOINED", T0 + i, $"c{i}")).ToList();
        var bad = reports.Take(2_000).Select(r => r.Id).ToHashSet();
        var topic = new FakeTopic(bad);
        var publisher = new EventGridPublisher(new EventGridPublisherOptions { Endpoint = new Uri("http://127.0.0.1:1/"), AccessKey = "k" }, topic);
        var runner = new OutboxRunner(new ReportDispatcher(new FakeReportStore(), publisher, new ReportSinkOptions()),
            new EntityOptions { MaxOutboxReports = 5_000 }.Validate());
        var state = new CallEntityState { Outbox = reports.Select(OutboxItem.From).ToList() };

        var (errors, _) = await DeliverUntilEmpty(runner, state);

        var droppedGood = errors.Where(e => e.StartsWith("dropped", StringComparison.Ordinal) && reports.Skip(2_000).Any(g => e.Contains(g.Id, StringComparison.Ordinal))).ToList();
        Assert.True(droppedGood.Count == 0, $"{droppedGood.Count} good events dropped, e.g. {droppedGood.FirstOrDefault()}");
        Assert.Equal(reports.Skip(2_000).Select(r => r.Id), topic.Published);
    }

    [Fact]
    public async Task Outbox_DefaultOptions_AfterAnOutage_GoodEventsBehindARefusedRun_AreSent()
    {
        // Defaults (MaxOutboxReports 500, MaxDeliveryAttempts 50). Event Grid is down for 40 attempts, then comes
        // back refusing the first 450 events of the call's outbox: the attempts that only waited behind the
        // refused run were charged to the 50 good events after it, which were dropped without being sent.
        var reports = Enumerable.Range(0, 500).Select(i => TestReports.CallEvent("svc", "call-1", "CLIENT_JOINED", T0 + i, $"c{i}")).ToList();
        var bad = reports.Take(450).Select(r => r.Id).ToHashSet();
        var topic = new FakeTopic(bad);
        var publisher = new EventGridPublisher(new EventGridPublisherOptions { Endpoint = new Uri("http://127.0.0.1:1/"), AccessKey = "k", MaxRetries = 0 }, topic);
        var runner = new OutboxRunner(new ReportDispatcher(new FakeReportStore(), publisher, new ReportSinkOptions()), new EntityOptions().Validate());
        var state = new CallEntityState { Outbox = reports.Select(OutboxItem.From).ToList() };

        var (errors, _) = await DeliverUntilEmpty(runner, state, attempt => attempt < 40, topic);

        var droppedGood = errors.Where(e => e.StartsWith("dropped", StringComparison.Ordinal) && reports.Skip(450).Any(g => e.Contains(g.Id, StringComparison.Ordinal))).ToList();
        Assert.True(droppedGood.Count == 0, $"{droppedGood.Count} good events dropped, e.g. {droppedGood.FirstOrDefault()}");
        Assert.Equal(reports.Skip(450).Select(r => r.Id), topic.Published);
    }
}
