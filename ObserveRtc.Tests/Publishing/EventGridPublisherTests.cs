using System.Diagnostics;
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

public sealed class EventGridPublisherTests : IAsyncLifetime
{
    private const long T0 = 1_700_000_000_000;
    private const string Key = "test-topic-key";
    private EventGridReceiver _receiver = null!;

    public async Task InitializeAsync() => _receiver = await EventGridReceiver.StartAsync();

    public async Task DisposeAsync() => await _receiver.DisposeAsync();

    private EventGridPublisher Publisher(Action<EventGridPublisherOptions>? configure = null)
    {
        var options = new EventGridPublisherOptions
        {
            Endpoint = _receiver.Endpoint,
            AccessKey = Key,
            MaxRetries = 2,
            RetryDelay = TimeSpan.FromMilliseconds(20),
            MaxRetryDelay = TimeSpan.FromMilliseconds(100),
            NetworkTimeout = TimeSpan.FromSeconds(10),
        };
        configure?.Invoke(options);
        return new EventGridPublisher(options);
    }

    private static List<JsonElement> Events(ReceivedRequest request) =>
        JsonDocument.Parse(request.Body).RootElement.EnumerateArray().ToList();

    [Fact]
    public async Task Publish_SendsACloudEventsBatch_WithKeyHeaderAndContentType()
    {
        var reports = new[]
        {
            TestReports.CallEvent("svc", "call-1", "CALL_STARTED", T0),
            TestReports.CallEvent("svc", "call-1", "CLIENT_JOINED", T0 + 1, "alice"),
            TestReports.CallEvent("svc", "call-1", "MEDIA_TRACK_ADDED", T0 + 2, "alice", "pc-1", "track-1"),
        };

        var result = await Publisher().PublishAsync(reports);

        Assert.True(result.Succeeded, string.Join("; ", result.Failures.Select(f => f.Error)));
        Assert.Equal(3, result.Written);
        var request = Assert.Single(_receiver.Requests);
        Assert.Equal("POST", request.Method);
        Assert.StartsWith("/api/events?api-version=", request.PathAndQuery, StringComparison.Ordinal);
        Assert.Equal(Key, request.Headers["aeg-sas-key"]);
        Assert.Equal("application/cloudevents-batch+json; charset=utf-8", request.Headers["Content-Type"]);
        var events = Events(request);
        Assert.Equal(3, events.Count);
        for (var i = 0; i < 3; i++)
        {
            var e = events[i];
            Assert.Equal("1.0", e.GetProperty("specversion").GetString());
            Assert.Equal(reports[i].Id, e.GetProperty("id").GetString());
            Assert.Equal("/observertc/services/svc", e.GetProperty("source").GetString());
            Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(reports[i].TimestampMs), e.GetProperty("time").GetDateTimeOffset());
            var data = e.GetProperty("data");
            Assert.Equal("CALL_EVENT", data.GetProperty("type").GetString());
            Assert.Equal(((CallEventReport)reports[i].Payload).Name, data.GetProperty("payload").GetProperty("name").GetString());
        }
        Assert.Equal(["org.observertc.call.started", "org.observertc.client.joined", "org.observertc.track.added"], events.Select(e => e.GetProperty("type").GetString()));
        Assert.Equal(["calls/call-1", "calls/call-1/clients/alice", "calls/call-1/clients/alice/peer-connections/pc-1/tracks/track-1"], events.Select(e => e.GetProperty("subject").GetString()));
    }

    [Fact]
    public async Task Publish_MoreEventsThanARequestHolds_SplitsByCount_InOrder()
    {
        var reports = Enumerable.Range(0, 201).Select(i => TestReports.CallEvent("svc", "call-1", "CLIENT_JOINED", T0 + i, $"c{i}")).ToList();

        var result = await Publisher(o => o.MaxEventsPerRequest = 100).PublishAsync(reports);

        Assert.True(result.Succeeded);
        Assert.Equal([100, 100, 1], _receiver.Requests.Select(r => Events(r).Count));
        Assert.Equal(reports.Select(r => r.Id), _receiver.Requests.SelectMany(Events).Select(e => e.GetProperty("id").GetString()));
    }

    [Fact]
    public async Task Publish_5001SmallEvents_TwoRequestsWithinBothLimits()
    {
        // ~270 bytes each: the megabyte limit splits them before the 5,000-event limit (which
        // EventGridChunkingTests checks on its own).
        var reports = Enumerable.Range(0, 5001).Select(i => new Report
        {
            Type = ReportTypes.CallEvent,
            Id = i.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ServiceId = "s",
            CallId = "c",
            TimestampMs = T0,
            Payload = new CallEventReport(),
        }).ToList();

        var result = await Publisher(o => o.MaxRequestBytes = 1024 * 1024).PublishAsync(reports);

        Assert.True(result.Succeeded, string.Join("; ", result.Failures.Select(f => f.Error).Distinct()));
        Assert.Equal(2, _receiver.Requests.Count);
        Assert.All(_receiver.Requests, r => Assert.True(r.Body.Length <= 1024 * 1024, $"{r.Body.Length} bytes"));
        Assert.All(_receiver.Requests, r => Assert.True(Events(r).Count <= 5000));
        Assert.Equal(reports.Select(r => r.Id), _receiver.Requests.SelectMany(Events).Select(e => e.GetProperty("id").GetString()));
    }

    [Fact]
    public async Task Publish_LargeEvents_SplitsUnderOneMegabyte()
    {
        var reports = Enumerable.Range(0, 30)
            .Select(i => TestReports.CallEvent("svc", "call-1", "CUSTOM", T0 + i, "alice", value: new string((char)('a' + (i % 26)), 100_000)))
            .ToList();

        var result = await Publisher().PublishAsync(reports);

        Assert.True(result.Succeeded);
        Assert.True(_receiver.Requests.Count >= 4);
        Assert.All(_receiver.Requests, r => Assert.True(r.Body.Length <= 1_000_000, $"{r.Body.Length} bytes"));
        Assert.Equal(reports.Select(r => r.Id), _receiver.Requests.SelectMany(Events).Select(e => e.GetProperty("id").GetString()));
    }

    [Fact]
    public async Task Publish_EventLargerThanARequest_IsRefusedNotRetryable_OthersSent()
    {
        var huge = TestReports.CallEvent("svc", "call-1", "CUSTOM", T0, "alice", value: new string('x', 1_100_000));
        var small = TestReports.CallEvent("svc", "call-1", "CLIENT_JOINED", T0 + 1, "alice");

        var result = await Publisher().PublishAsync([huge, small]);

        var failure = Assert.Single(result.Failures);
        Assert.Same(huge, failure.Item);
        Assert.False(failure.Retryable);
        Assert.Contains("too-large", failure.Error, StringComparison.Ordinal);
        Assert.Equal(small.Id, Events(Assert.Single(_receiver.Requests)).Single().GetProperty("id").GetString());
    }

    [Fact]
    public async Task Publish_Persistent500_IsRetriedBySdk_ThenSurfacedAsRetryable()
    {
        _receiver.Respond = _ => (500, TimeSpan.Zero);
        var reports = new[] { TestReports.CallEvent("svc", "call-1", "CALL_STARTED", T0), TestReports.CallEvent("svc", "call-1", "CALL_ENDED", T0 + 1) };

        var result = await Publisher().PublishAsync(reports);

        Assert.Equal(3, _receiver.Requests.Count); // first try + MaxRetries (2)
        Assert.Equal(0, result.Written);
        Assert.Equal(2, result.Failures.Count);
        Assert.All(result.Failures, f => Assert.True(f.Retryable));
        Assert.All(result.Failures, f => Assert.StartsWith("500", f.Error, StringComparison.Ordinal));
        Assert.Equal(reports, result.Retryable);
    }

    [Fact]
    public async Task Publish_Persistent500_StopsAfterTheFailedRequest_SoARetryKeepsOrder()
    {
        _receiver.Respond = _ => (500, TimeSpan.Zero);
        var reports = Enumerable.Range(0, 5).Select(i => TestReports.CallEvent("svc", "call-1", "CLIENT_JOINED", T0 + i, $"c{i}")).ToList();

        var result = await Publisher(o => o.MaxEventsPerRequest = 2).PublishAsync(reports);

        Assert.Equal(3, _receiver.Requests.Count); // only the first request, tried 3 times
        Assert.All(_receiver.Requests, r => Assert.Equal([reports[0].Id, reports[1].Id], Events(r).Select(e => e.GetProperty("id").GetString())));
        Assert.Equal(reports, result.Retryable);

        _receiver.Respond = _ => (200, TimeSpan.Zero);
        var retry = await Publisher(o => o.MaxEventsPerRequest = 2).PublishAsync(result.Retryable.ToList());
        Assert.True(retry.Succeeded);
        Assert.Equal(reports.Select(r => r.Id), _receiver.Requests.Skip(3).SelectMany(Events).Select(e => e.GetProperty("id").GetString()));
    }

    [Fact]
    public async Task Publish_Transient500_SucceedsAfterRetry_WithTheSameEventIds()
    {
        _receiver.Respond = n => (n < 2 ? 503 : 200, TimeSpan.Zero);
        var report = TestReports.CallEvent("svc", "call-1", "CALL_STARTED", T0);

        var result = await Publisher().PublishAsync([report]);

        Assert.True(result.Succeeded);
        Assert.Equal(3, _receiver.Requests.Count);
        Assert.All(_receiver.Requests, r => Assert.Equal(report.Id, Events(r).Single().GetProperty("id").GetString()));
    }

    [Fact]
    public async Task Publish_400_IsNotRetryable()
    {
        _receiver.Respond = _ => (400, TimeSpan.Zero);

        var result = await Publisher().PublishAsync([TestReports.CallEvent("svc", "call-1", "CALL_STARTED", T0)]);

        Assert.Single(_receiver.Requests);
        Assert.False(Assert.Single(result.Failures).Retryable);
    }

    [Fact]
    public async Task Publish_ARequestRefusedForOneEvent_IsSentAgainInHalves_OnlyThatEventFails()
    {
        // The topic refuses any request that holds the bad event (as it refuses a whole batch for one invalid event).
        var reports = Enumerable.Range(0, 8).Select(i => TestReports.CallEvent("svc", "call-1", "CLIENT_JOINED", T0 + i, $"c{i}")).ToList();
        var bad = reports[5].Id;
        _receiver.RespondToBody = r => Events(r).Any(e => e.GetProperty("id").GetString() == bad) ? 400 : 200;

        var result = await Publisher().PublishAsync(reports);

        var failure = Assert.Single(result.Failures);
        Assert.Equal(bad, failure.Item.Id);
        Assert.False(failure.Retryable);
        Assert.Equal(7, result.Written);
        var sent = _receiver.Requests.Where(r => !Events(r).Any(e => e.GetProperty("id").GetString() == bad)).SelectMany(Events).Select(e => e.GetProperty("id").GetString());
        Assert.Equal(reports.Where(r => r.Id != bad).Select(r => r.Id), sent); // each once, in order
        Assert.True(_receiver.Requests.Count <= 1 + (2 * 3), $"{_receiver.Requests.Count} requests");
    }

    [Fact]
    public async Task Publish_ATopicThatRefusesEverything_CostsAtMost65RequestsAnAttempt_AndAboutTwoPerEvent()
    {
        // e.g. a topic made for the Event Grid schema refuses every CloudEvents request with 400. Which
        // events a topic takes cannot be told without sending them, so an attempt drops the events it
        // isolates and keeps the rest, in order, for the next.
        _receiver.Respond = _ => (400, TimeSpan.Zero);
        var reports = Enumerable.Range(0, 500).Select(i => TestReports.CallEvent("svc", "call-1", "CLIENT_JOINED", T0 + i, $"c{i}")).ToList();

        var pending = reports;
        var dropped = new List<string>();
        var attempts = 0;
        while (pending.Count > 0 && attempts < 100)
        {
            var before = _receiver.Requests.Count;
            var result = await Publisher().PublishAsync(pending);
            attempts++;
            Assert.Equal(0, result.Written);
            Assert.InRange(_receiver.Requests.Count - before, 2, 1 + (2 * 32));
            var refused = result.Failures.Where(f => !f.Retryable).Select(f => f.Item.Id).ToList();
            Assert.NotEmpty(refused); // every attempt gets somewhere
            dropped.AddRange(refused);
            pending = [.. result.Retryable];
            Assert.Equal(refused.Count + pending.Count, result.Failures.Count);
        }

        Assert.Empty(pending);
        Assert.Equal(reports.Select(r => r.Id).Order(), dropped.Order());
        Assert.InRange(_receiver.Requests.Count, 500, 500 * 9 / 4); // 65 requests isolate 31 events: about 2.1 per event
    }

    [Fact]
    public async Task Publish_SplitsRunOutInARunOfRefusedEvents_TheGoodOnesAfterItAreKeptNotDropped()
    {
        // The topic refuses the first 60 of one call's 200 events and takes the rest. The 32 splits run
        // out inside the refused run, before the topic has taken anything: the events past them were
        // dropped for good (40 good ones among them) because the topic "had taken nothing".
        var reports = Enumerable.Range(0, 200).Select(i => TestReports.CallEvent("svc", "call-1", "CLIENT_JOINED", T0 + i, $"c{i}")).ToList();
        var bad = reports.Take(60).Select(r => r.Id).ToHashSet();
        _receiver.RespondToBody = r => Events(r).Any(e => bad.Contains(e.GetProperty("id").GetString()!)) ? 400 : 200;

        var pending = reports;
        var dropped = new List<string>();
        for (var attempt = 0; attempt < 20 && pending.Count > 0; attempt++)
        {
            var result = await Publisher().PublishAsync(pending);
            Assert.DoesNotContain(result.Failures, f => !f.Retryable && !bad.Contains(f.Item.Id));
            dropped.AddRange(result.Failures.Where(f => !f.Retryable).Select(f => f.Item.Id));
            pending = [.. result.Retryable];
        }

        Assert.Empty(pending);
        Assert.Equal(bad.Order(), dropped.Order());
        var published = _receiver.Requests.Where(r => !Events(r).Any(e => bad.Contains(e.GetProperty("id").GetString()!))).SelectMany(Events).Select(e => e.GetProperty("id").GetString());
        Assert.Equal(reports.Skip(60).Select(r => r.Id), published); // each once, in order
    }

    [Fact]
    public async Task Publish_ManyRefusedEventsInOneRequest_KeepsTheGoodOnesForARetry_NotDropped()
    {
        // Every tenth event is refused: more than 32 splits can isolate in one attempt.
        var reports = Enumerable.Range(0, 200).Select(i => TestReports.CallEvent("svc", "call-1", "CLIENT_JOINED", T0 + i, $"c{i}")).ToList();
        var bad = reports.Where((_, i) => i % 10 == 0).Select(r => r.Id).ToHashSet();
        _receiver.RespondToBody = r => Events(r).Any(e => bad.Contains(e.GetProperty("id").GetString()!)) ? 400 : 200;

        var pending = reports;
        var dropped = new List<string>();
        for (var attempt = 0; attempt < 20 && pending.Count > 0; attempt++)
        {
            var result = await Publisher().PublishAsync(pending);
            dropped.AddRange(result.Failures.Where(f => !f.Retryable).Select(f => f.Item.Id));
            pending = [.. result.Retryable];
        }

        Assert.Empty(pending);
        Assert.Equal(bad.Order(), dropped.Order()); // only the refused ones, each once
        var published = _receiver.Requests.Where(r => !Events(r).Any(e => bad.Contains(e.GetProperty("id").GetString()!))).SelectMany(Events).Select(e => e.GetProperty("id").GetString());
        // Each once and in the call's order: an event kept for a retry is not overtaken by later ones
        // (the publisher went on sending the later parts of the attempt).
        Assert.Equal(reports.Select(r => r.Id).Where(id => !bad.Contains(id)), published);
    }

    [Fact]
    public async Task Publish_Timeout_IsRetriedThenSurfacedAsRetryable()
    {
        _receiver.Respond = _ => (200, TimeSpan.FromSeconds(10));
        var stopwatch = Stopwatch.StartNew();

        var result = await Publisher(o =>
        {
            o.NetworkTimeout = TimeSpan.FromSeconds(1);
            o.MaxRetries = 1;
        }).PublishAsync([TestReports.CallEvent("svc", "call-1", "CALL_STARTED", T0)]);

        Assert.True(Assert.Single(result.Failures).Retryable);
        Assert.Equal(2, _receiver.Requests.Count);
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(8), $"took {stopwatch.Elapsed}");
    }

    [Fact]
    public async Task Publish_TopicUnreachable_IsRetryable()
    {
        var endpoint = _receiver.Endpoint;
        await _receiver.DisposeAsync();
        _receiver = await EventGridReceiver.StartAsync();
        var publisher = new EventGridPublisher(new EventGridPublisherOptions { Endpoint = endpoint, AccessKey = Key, MaxRetries = 0, NetworkTimeout = TimeSpan.FromSeconds(2) });

        var result = await publisher.PublishAsync([TestReports.CallEvent("svc", "call-1", "CALL_STARTED", T0)]);

        Assert.True(Assert.Single(result.Failures).Retryable);
    }

    // ---- A topic refusing some events, with the callers that retry (an entity outbox) and the one that does not (ingest's sample reports).

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

    /// <summary>A publisher to <paramref name="topic"/> (no SDK retries).</summary>
    private static EventGridPublisher To(FakeTopic topic, int maxEventsPerRequest = 5_000) =>
        new(new EventGridPublisherOptions { Endpoint = new Uri("http://127.0.0.1:1/"), AccessKey = "k", MaxRetries = 0, MaxEventsPerRequest = maxEventsPerRequest }, topic);

    /// <summary><paramref name="count"/> events of one call, ids from <paramref name="prefix"/> and the number.</summary>
    private static List<Report> CallEvents(string callId, int from, int count, string prefix = "c") =>
        Enumerable.Range(from, count).Select(i => TestReports.CallEvent("svc", callId, "CLIENT_JOINED", T0 + i, $"{prefix}{i}")).ToList();

    /// <summary>An outbox of <paramref name="reports"/>, delivered through <paramref name="topic"/> until it is empty (down while <paramref name="down"/> says so); the errors.</summary>
    private static async Task<List<string>> DeliverAll(List<Report> reports, FakeTopic topic, EntityOptions options, Func<int, bool>? down = null)
    {
        var runner = new OutboxRunner(new ReportDispatcher(new FakeReportStore(), To(topic), new ReportSinkOptions()), options.Validate());
        var state = new CallEntityState { Outbox = reports.Select(OutboxItem.From).ToList() };
        var errors = new List<string>();
        var now = T0;
        for (var attempt = 0; attempt < 1_000 && state.Outbox.Count > 0; attempt++)
        {
            topic.Down = down?.Invoke(attempt) ?? false;
            now = Math.Max(now, state.RetryAtMs ?? now);
            await runner.DeliverAsync(state, now, errors, CancellationToken.None);
        }
        Assert.Empty(state.Outbox);
        return errors;
    }

    /// <summary>Every one of <paramref name="good"/> was sent, in order, and none was dropped.</summary>
    private static void AssertSentNotDropped(List<string> errors, FakeTopic topic, IReadOnlyList<Report> good)
    {
        var droppedGood = errors.Where(e => e.StartsWith("dropped", StringComparison.Ordinal) && good.Any(g => e.Contains(g.Id, StringComparison.Ordinal))).ToList();
        Assert.True(droppedGood.Count == 0, $"{droppedGood.Count} good events dropped, e.g. {droppedGood.FirstOrDefault()}");
        Assert.Equal(good.Select(r => r.Id), topic.Published);
    }

    [Fact]
    public async Task Outbox_GoodEventsBehindALongRefusedRun_AreSentNotDroppedByTheAttemptLimit()
    {
        // Events that only waited behind a kept part were charged an attempt each: about 30 events are isolated
        // an attempt, so a good event behind more than 50 × 30 refused ones reached MaxDeliveryAttempts (50)
        // and was dropped unsent. (MaxOutboxReports may be up to 100,000; 5,000 here.)
        var reports = CallEvents("call-1", 0, 2_050);
        var topic = new FakeTopic(reports.Take(2_000).Select(r => r.Id).ToHashSet());

        var errors = await DeliverAll(reports, topic, new EntityOptions { MaxOutboxReports = 5_000 });

        AssertSentNotDropped(errors, topic, reports[2_000..]);
    }

    [Fact]
    public async Task Outbox_DefaultOptions_AfterAnOutage_GoodEventsBehindARefusedRun_AreSent()
    {
        // Defaults (MaxOutboxReports 500, MaxDeliveryAttempts 50). Event Grid is down for 40 attempts, then comes
        // back refusing the first 450 events of the call's outbox: the attempts that only waited behind the
        // refused run were charged to the 50 good events after it, which were dropped without being sent.
        var reports = CallEvents("call-1", 0, 500);
        var topic = new FakeTopic(reports.Take(450).Select(r => r.Id).ToHashSet());

        var errors = await DeliverAll(reports, topic, new EntityOptions(), down: attempt => attempt < 40);

        AssertSentNotDropped(errors, topic, reports[450..]);
    }

    [Fact]
    public async Task DispatchOnce_ACallsEventsHeldBackBehindAKeptPart_AreSentAnyway()
    {
        // Nothing retries DispatchOnceAsync (ingest's sample reports): after a refused part of call-1 was kept
        // past the splits, call-1's events in the later requests were held back for a retry that never comes.
        var first = CallEvents("call-1", 0, 40, "a");
        var later = CallEvents("call-1", 40, 40, "a");
        var bad = first.Where((_, i) => i % 2 == 0).Select(r => r.Id).ToHashSet(); // 20 refused, scattered: more than 32 splits find
        var topic = new FakeTopic(bad);

        var result = await new ReportDispatcher(new FakeReportStore(), To(topic, maxEventsPerRequest: 40), new ReportSinkOptions()).DispatchOnceAsync([.. first, .. later]);

        Assert.Equal(first.Concat(later).Select(r => r.Id).Where(id => !bad.Contains(id)).Order(), topic.Published.Order());
        Assert.Equal(bad.Order(), result.Failures.Select(f => f.Item.Id).Order());
        Assert.All(result.Failures, f => Assert.False(f.Retryable));
    }

    [Fact]
    public async Task DispatchOnce_EventGridDown_StopsAtTheFirstFailedRequest()
    {
        // The events a transient failure stopped were sent again, round after round: 8 failing requests
        // (each with its own retries and timeouts) where the publish stops after one.
        var reports = CallEvents("call-1", 0, 20);
        var topic = new FakeTopic([]) { Down = true };

        var result = await new ReportDispatcher(new FakeReportStore(), To(topic, maxEventsPerRequest: 1), new ReportSinkOptions()).DispatchOnceAsync(reports);

        Assert.Equal(1, topic.Requests);
        Assert.Equal(20, result.Failures.Count);
        Assert.All(result.Failures, f => Assert.True(f.Retryable));
    }
}
