using System.Text.Json;
using Azure.Data.Tables;
using ObserveRtc.Core.Reports;
using ObserveRtc.Core.Storage;
using ObserveRtc.Tests.Support;

namespace ObserveRtc.Tests.Storage;

[Collection(AzuriteGroup.Name)]
public class TableReportStoreTests(AzuriteFixture azurite)
{
    private const long T0 = 1_700_000_000_000; // 2023-11-14T22:13:20Z

    [Fact]
    public async Task Write_AccessRefused403_FailsRetryable_NotAsARefusedReport()
    {
        // A 403 (here a wrong key; in Azure a "Storage Table Data Contributor" assignment not yet in
        // effect, or revoked) says nothing about the reports: it was taken as a refusal of the data, and
        // an entity's outbox dropped every report for good.
        var options = new TableStorageOptions
        {
            ConnectionString = $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={Convert.ToBase64String(new byte[64])};TableEndpoint=http://127.0.0.1:{azurite.Azurite.Port}/devstoreaccount1;",
            TablePrefix = "T" + Guid.NewGuid().ToString("N")[..12],
            MaxRetries = 0,
        };
        var store = new TableReportStore(new TableStorage(options));

        var result = await store.WriteAsync([TestReports.CallEvent("svc", "call-1", "CALL_STARTED", T0)]);

        var failure = Assert.Single(result.Failures);
        Assert.StartsWith("403", failure.Error, StringComparison.Ordinal);
        Assert.True(failure.Retryable, failure.Error);
    }

    [Fact]
    public async Task Write_EveryReportType_RoundTrips()
    {
        var storage = azurite.NewStorage();
        var store = new TableReportStore(storage);
        var reports = TestReports.AllTypes
            .Select((type, i) => TestReports.Of(type, "svc", "call-1", type.StartsWith("SFU", StringComparison.Ordinal) ? null : "client-1", T0 + i, sfuId: type.StartsWith("SFU", StringComparison.Ordinal) ? "sfu-1" : null))
            .ToList();
        Assert.Equal(19, reports.Count);

        var result = await store.WriteAsync(reports);

        Assert.True(result.Succeeded, string.Join("; ", result.Failures.Select(f => f.Error)));
        Assert.Equal(reports.Count, result.Written);
        var events = await store.GetCallEventsAsync("call-1").ToListAsync();
        var samples = await store.GetClientReportsAsync("call-1", "client-1").ToListAsync();
        var sfuSamples = await store.GetClientReportsAsync("call-1", "").ToListAsync();
        var summary = await store.GetCallSummaryAsync("call-1");
        var stored = events.Concat(samples).Concat(sfuSamples).Append(summary!).ToList();
        Assert.Equal(reports.Select(r => r.Type).Order(), stored.Select(s => s.Type).Order());
        foreach (var report in reports)
        {
            var row = Assert.Single(stored, s => s.Id == report.Id);
            Assert.Equal(report.Type, row.Type);
            Assert.Equal(report.SchemaVersion, row.SchemaVersion);
            Assert.Equal(report.ServiceId, row.ServiceId);
            Assert.Equal(report.CallId, row.CallId);
            Assert.Equal(report.ClientId, row.ClientId);
            Assert.Equal(report.SfuId, row.SfuId);
            Assert.Equal(report.TimestampMs, row.TimestampMs);
            Assert.False(row.Truncated);
            Assert.Equal(System.Text.Encoding.UTF8.GetString(ReportJson.PayloadToUtf8(report)), row.PayloadJson);
        }
    }

    [Fact]
    public async Task GetCallEvents_SameTimestamp_KeepTheLifecycleOrder()
    {
        var store = new TableReportStore(azurite.NewStorage());
        // A cascade at a call's end: everything at the last client's leave timestamp, written in any order.
        var reports = new[]
        {
            TestReports.CallEvent("svc", "call-9", "CALL_ENDED", T0 + 9000),
            TestReports.CallEvent("svc", "call-9", "CLIENT_LEFT", T0 + 9000, "bob"),
            TestReports.CallEvent("svc", "call-9", "MEDIA_TRACK_REMOVED", T0 + 9000, "bob", "pc-2", "t-2"),
            TestReports.CallEvent("svc", "call-9", "PEER_CONNECTION_CLOSED", T0 + 9000, "bob", "pc-2"),
            TestReports.CallEvent("svc", "call-9", "CLIENT_JOINED", T0, "bob"),
            TestReports.CallEvent("svc", "call-9", "CALL_STARTED", T0),
        };
        Assert.True((await store.WriteAsync(reports)).Succeeded);

        var events = await store.GetCallEventsAsync("call-9").ToListAsync();

        Assert.Equal(["CALL_STARTED", "CLIENT_JOINED", "MEDIA_TRACK_REMOVED", "PEER_CONNECTION_CLOSED", "CLIENT_LEFT", "CALL_ENDED"], events.Select(e => e.Name));
    }

    [Fact]
    public async Task GetCallEvents_ReturnsAllEventsOfTheCall_InTimeOrder()
    {
        var store = new TableReportStore(azurite.NewStorage());
        var reports = new[]
        {
            TestReports.CallEvent("svc", "call-1", "CLIENT_LEFT", T0 + 5000, "alice"),
            TestReports.CallEvent("svc", "call-1", "CALL_STARTED", T0),
            TestReports.CallEvent("svc", "call-2", "CALL_STARTED", T0 + 1),
            TestReports.CallEvent("svc", "call-1", "CLIENT_JOINED", T0 + 10, "alice"),
            TestReports.CallEvent("svc", "call-1", "PEER_CONNECTION_OPENED", T0 + 20, "alice", "pc-1"),
        };
        Assert.True((await store.WriteAsync(reports)).Succeeded);

        var events = await store.GetCallEventsAsync("call-1").ToListAsync();

        Assert.Equal(["CALL_STARTED", "CLIENT_JOINED", "PEER_CONNECTION_OPENED", "CLIENT_LEFT"], events.Select(e => e.Name));
        Assert.Equal("pc-1", JsonDocument.Parse(events[2].PayloadJson).RootElement.GetProperty("peerConnectionId").GetString());
    }

    [Fact]
    public async Task GetCalls_ReturnsCallsStartedInTheWindow_NewestFirst_AcrossDays()
    {
        var store = new TableReportStore(azurite.NewStorage());
        var day = 24 * 3600 * 1000L;
        var reports = new[]
        {
            TestReports.CallEvent("svc", "old", "CALL_STARTED", T0 - (3 * day)),
            TestReports.CallEvent("svc", "a", "CALL_STARTED", T0 - day, roomId: "room-a"),
            TestReports.CallEvent("svc", "b", "CALL_STARTED", T0),
            TestReports.CallEvent("svc", "c", "CALL_STARTED", T0 + 1000),
            TestReports.CallEvent("svc", "late", "CALL_STARTED", T0 + day),
            TestReports.CallEvent("other-svc", "x", "CALL_STARTED", T0),
            TestReports.CallEvent("svc", "b", "CLIENT_JOINED", T0 + 5, "alice"),
        };
        Assert.True((await store.WriteAsync(reports)).Succeeded);

        var calls = await store.GetCallsAsync("svc", T0 - day, T0 + 1000).ToListAsync();

        Assert.Equal(["c", "b", "a"], calls.Select(c => c.CallId));
        Assert.Equal("room-a", calls[2].RoomId);
        Assert.Equal(T0 - day, calls[2].StartedMs);
        Assert.Empty(await store.GetCallsAsync("svc", T0 + 1001, T0 + 2000).ToListAsync());
    }

    [Fact]
    public async Task GetCalls_AfterTheSummary_TellsTheEndDurationAndClients_InTheSameRow()
    {
        var store = new TableReportStore(azurite.NewStorage());
        var summary = TestReports.Of(ReportTypes.CallSummary, "svc", "ended", null, T0 + 60_000);
        var payload = (ObserveRtc.Core.Calls.CallSummaryReport)summary.Payload;
        payload.Started = T0;
        payload.Ended = T0 + 60_000;
        payload.DurationMs = 60_000;
        payload.RoomId = "room-e";
        payload.PeakConcurrentClients = 2;
        payload.Clients = [new() { ClientId = "alice" }, new() { ClientId = "bob" }, new() { ClientId = "carol" }];
        Assert.True((await store.WriteAsync(
        [
            TestReports.CallEvent("svc", "ended", "CALL_STARTED", T0, roomId: "room-e"),
            TestReports.CallEvent("svc", "live", "CALL_STARTED", T0 + 1),
        ])).Succeeded);
        Assert.True((await store.WriteAsync([summary])).Succeeded);
        // At-least-once: the summary delivered again changes nothing, and neither does a CALL_STARTED
        // retried after it (it keeps the end the summary wrote).
        Assert.True((await store.WriteAsync([summary])).Succeeded);
        Assert.True((await store.WriteAsync([TestReports.CallEvent("svc", "ended", "CALL_STARTED", T0, roomId: "room-e")])).Succeeded);

        var calls = await store.GetCallsAsync("svc", T0, T0 + 1).ToListAsync();

        Assert.Equal(["live", "ended"], calls.Select(c => c.CallId));
        Assert.Equal(new CallIndexEntry("svc", "live", null, T0 + 1), calls[0]);
        Assert.Equal(new CallIndexEntry("svc", "ended", "room-e", T0, T0 + 60_000, 60_000, 3, 2), calls[1]);
    }

    [Fact]
    public async Task GetCallSummary_ReadsTheSummaryByCallId()
    {
        var store = new TableReportStore(azurite.NewStorage());
        var summary = TestReports.Of(ReportTypes.CallSummary, "svc", "call/1#?", null, T0 + 60_000);
        ((ObserveRtc.Core.Calls.CallSummaryReport)summary.Payload).PeakConcurrentClients = 3;
        Assert.True((await store.WriteAsync([summary])).Succeeded);

        var stored = await store.GetCallSummaryAsync("call/1#?");

        Assert.NotNull(stored);
        Assert.Equal(3, JsonDocument.Parse(stored.PayloadJson).RootElement.GetProperty("peakConcurrentClients").GetInt32());
        Assert.Null(await store.GetCallSummaryAsync("call/2"));
    }

    [Fact]
    public async Task ACallIdThatStartsAgainAfterItsEnd_KeepsEachRunsSummary_AndReadsTheLatest()
    {
        // Every summary had the RowKey "summary": the second run's overwrote the first's, while the call
        // list still showed both runs (and while the second was live, the detail view showed the first's).
        var storage = azurite.NewStorage();
        var store = new TableReportStore(storage);
        Report Summary(long started, int peak)
        {
            var r = TestReports.Of(ReportTypes.CallSummary, "svc", "call-1", null, started + 60_000);
            var payload = (ObserveRtc.Core.Calls.CallSummaryReport)r.Payload;
            (payload.Started, payload.PeakConcurrentClients) = (started, peak);
            return new Report { Type = r.Type, Payload = payload, Id = $"summary-{started}", ServiceId = "svc", CallId = "call-1", TimestampMs = r.TimestampMs };
        }
        // A summary written before each run had its own row.
        var legacy = ReportEntities.ToEntities(storage, Summary(T0 - 600_000, 9)).First().Entity;
        legacy.RowKey = ReportEntities.LegacySummaryRowKey;
        await storage.EnsureCreatedAsync();
        await storage.Table(storage.CallSummariesTable).UpsertEntityAsync(legacy);
        Assert.Equal(9, Peak(await store.GetCallSummaryAsync("call-1")));

        Assert.True((await store.WriteAsync([Summary(T0, 2)])).Succeeded);
        Assert.True((await store.WriteAsync([Summary(T0 + 300_000, 3)])).Succeeded);
        Assert.True((await store.WriteAsync([Summary(T0, 2)])).Succeeded); // a replay of the first run overwrites its own

        var rows = await storage.Table(storage.CallSummariesTable).QueryAsync<TableEntity>($"PartitionKey eq '{ReportEntities.CallPartition("call-1")}'").ToListAsync();
        Assert.Equal(["summary-" + (T0 - 600_000), "summary-" + (T0 + 300_000), "summary-" + T0], rows.Select(r => r.GetString("ReportId")));
        Assert.Equal(ReportEntities.LegacySummaryRowKey, rows[0].RowKey);
        Assert.Equal(3, Peak(await store.GetCallSummaryAsync("call-1"))); // the latest run's
        static int Peak(StoredReport? r) => JsonDocument.Parse(r!.PayloadJson).RootElement.GetProperty("peakConcurrentClients").GetInt32();
    }

    [Fact]
    public async Task Schema3ObjectsEverySampleRepeats_AreOneRowEach_StatsAreOnePerSample()
    {
        var store = new TableReportStore(azurite.NewStorage());
        using var golden = JsonDocument.Parse(Fixture.Bytes("schema3.5-json-codec-stream.golden.json"));
        var first = golden.RootElement.GetProperty("messages")[0].GetRawText();
        var later = first.Replace("\"timestamp\": 1756000000000", "\"timestamp\": 1756000001000", StringComparison.Ordinal);
        Assert.NotEqual(first, later);
        List<Report> Reports(string body) => SampleReportBuilder.ForClient(
            Assert.Single(new ObserveRtc.Core.Samples.SampleDecoder().Decode(System.Text.Encoding.UTF8.GetBytes(body), ObserveRtc.Tests.Samples.DecoderFixtureTests.Context("3.5.0")).ClientSamples), "call-3x");
        var a = Reports(first);
        Assert.True((await store.WriteAsync(a)).Succeeded);
        Assert.True((await store.WriteAsync(Reports(later))).Succeeded);

        var stored = await store.GetClientReportsAsync("call-3x", "client-42").ToListAsync();

        static int Codecs(IEnumerable<(string Type, string Json)> rows) =>
            rows.Count(r => r.Type == ReportTypes.CallMetaData && JsonDocument.Parse(r.Json).RootElement.GetProperty("type").GetString() == "CODEC");
        Assert.True(Codecs(a.Select(r => (r.Type, System.Text.Encoding.UTF8.GetString(ReportJson.PayloadToUtf8(r))))) > 0);
        Assert.Equal(Codecs(a.Select(r => (r.Type, System.Text.Encoding.UTF8.GetString(ReportJson.PayloadToUtf8(r))))), Codecs(stored.Select(r => (r.Type, r.PayloadJson))));
        Assert.Equal(2, stored.Count(r => r.Type == ReportTypes.InboundAudioTrack));
        // The object's row holds the latest sample's version.
        Assert.All(stored.Where(r => r.Type == ReportTypes.CallMetaData), r => Assert.Equal(1756000001000, r.TimestampMs));
    }

    [Fact]
    public async Task GetClientReports_ReturnsOnlyThatClientsSampleReports_InTimeOrder()
    {
        var store = new TableReportStore(azurite.NewStorage());
        var reports = new List<Report>();
        foreach (var client in new[] { "alice", "alice2", "bob", "ali" })
        {
            for (var i = 0; i < 3; i++) reports.Add(TestReports.Of(ReportTypes.InboundAudioTrack, "svc", "call-1", client, T0 + (10 * (3 - i))));
        }
        reports.Add(TestReports.Of(ReportTypes.InboundAudioTrack, "svc", "call-2", "alice", T0));
        Assert.True((await store.WriteAsync(reports)).Succeeded);

        var alice = await store.GetClientReportsAsync("call-1", "alice").ToListAsync();

        Assert.Equal(3, alice.Count);
        Assert.All(alice, r => Assert.Equal("alice", r.ClientId));
        Assert.All(alice, r => Assert.Equal("call-1", r.CallId));
        Assert.Equal(alice.Select(r => r.TimestampMs).Order(), alice.Select(r => r.TimestampMs));
    }

    [Fact]
    public async Task Write_ReplayedBatch_LeavesNoDuplicateRows()
    {
        var storage = azurite.NewStorage();
        var store = new TableReportStore(storage);
        var reports = Enumerable.Range(0, 150)
            .Select(i => TestReports.Of(ReportTypes.OutboundVideoTrack, "svc", $"call-{i % 3}", $"client-{i % 5}", T0 + i))
            .Concat(Enumerable.Range(0, 30).Select(i => TestReports.CallEvent("svc", $"call-{i % 3}", "CLIENT_JOINED", T0 + i, $"client-{i}")))
            .ToList();

        Assert.True((await store.WriteAsync(reports)).Succeeded);
        var again = await store.WriteAsync(reports.Concat(reports.Take(20)).ToList());

        Assert.True(again.Succeeded, string.Join("; ", again.Failures.Select(f => f.Error)));
        var rows = await azurite.Table(storage.ReportsTable).QueryAsync<TableEntity>().ToListAsync();
        var eventRows = await azurite.Table(storage.CallEventsTable).QueryAsync<TableEntity>().ToListAsync();
        Assert.Equal(150, rows.Count);
        Assert.Equal(30, eventRows.Count);
        Assert.Equal(180, rows.Concat(eventRows).Select(r => r.GetString("ReportId")).Distinct().Count());
    }

    private sealed class CountBatches : Azure.Core.Pipeline.HttpPipelineSynchronousPolicy
    {
        private int _count;

        public int Count => _count;

        public override void OnSendingRequest(Azure.Core.HttpMessage message)
        {
            if (message.Request.Uri.Path.EndsWith("$batch", StringComparison.Ordinal)) Interlocked.Increment(ref _count);
        }
    }

    [Fact]
    public async Task Write_250ReportsOfOneCall_GoesAsThreeTransactions()
    {
        var batches = new CountBatches();
        var storage = azurite.NewStorage(o => o.AddPolicy(batches, Azure.Core.HttpPipelinePosition.PerCall));
        var store = new TableReportStore(storage);
        var reports = Enumerable.Range(0, 250).Select(i => TestReports.Of(ReportTypes.IceCandidatePair, "svc", "call-1", "alice", T0 + i)).ToList();

        var result = await store.WriteAsync(reports);

        Assert.True(result.Succeeded, string.Join("; ", result.Failures.Select(f => f.Error)));
        Assert.Equal(3, batches.Count);
        Assert.Equal(250, (await store.GetClientReportsAsync("call-1", "alice").ToListAsync()).Count);
    }

    [Fact]
    public async Task Write_SampleReportsOfManyCalls_ShareTransactionsByBucket_AndReadBackPerCall()
    {
        var batches = new CountBatches();
        var storage = azurite.NewStorage(o => o.AddPolicy(batches, Azure.Core.HttpPipelinePosition.PerCall));
        var store = new TableReportStore(storage);
        // One sample's worth of rows for each of 200 calls: what an ingest batch holds when many calls are live.
        var reports = Enumerable.Range(0, 200)
            .SelectMany(call => Enumerable.Range(0, 3).Select(i => TestReports.Of(ReportTypes.InboundAudioTrack, "svc", $"call-{call}", "alice", T0 + i)))
            .ToList();

        var result = await store.WriteAsync(reports);

        Assert.True(result.Succeeded, string.Join("; ", result.Failures.Select(f => f.Error)));
        // 600 rows in at most one transaction per bucket (each bucket's rows fit in one), not one per call.
        Assert.InRange(batches.Count, 600 / EntityLimits.MaxActionsPerTransaction, ReportEntities.ReportPartitions);
        foreach (var call in new[] { 0, 1, 57, 199 })
        {
            var rows = await store.GetClientReportsAsync($"call-{call}", "alice").ToListAsync();
            Assert.Equal(3, rows.Count);
            Assert.All(rows, r => Assert.Equal($"call-{call}", r.CallId));
        }
        var all = await azurite.Table(storage.ReportsTable).QueryAsync<TableEntity>().ToListAsync();
        Assert.Equal(600, all.Count);
        Assert.True(all.Select(r => r.PartitionKey).Distinct().Count() > 1, "calls are spread over buckets");
    }

    [Fact]
    public async Task GetClientReports_IdsThatPrefixOthersInTheSameBucket_ReadOnlyTheirOwnRows()
    {
        var store = new TableReportStore(azurite.NewStorage());
        // A call whose id is a prefix of another call's, both in one bucket; a client whose id prefixes another's.
        var longer = Enumerable.Range(0, 10_000).Select(i => $"c1{i}")
            .First(id => ReportEntities.ReportPartition(id) == ReportEntities.ReportPartition("c1"));
        var reports = new[]
        {
            TestReports.Of(ReportTypes.InboundVideoTrack, "svc", "c1", "a", T0),
            TestReports.Of(ReportTypes.InboundVideoTrack, "svc", "c1", "ab", T0 + 1),
            TestReports.Of(ReportTypes.InboundVideoTrack, "svc", longer, "a", T0 + 2),
            TestReports.Of(ReportTypes.InboundVideoTrack, "svc", longer, "a", T0 + 3),
        };

        Assert.True((await store.WriteAsync(reports)).Succeeded);

        Assert.Equal(reports[0].Id, Assert.Single(await store.GetClientReportsAsync("c1", "a").ToListAsync()).Id);
        Assert.Equal(reports[1].Id, Assert.Single(await store.GetClientReportsAsync("c1", "ab").ToListAsync()).Id);
        Assert.Equal([reports[2].Id, reports[3].Id], (await store.GetClientReportsAsync(longer, "a").ToListAsync()).Select(r => r.Id));
        Assert.Empty(await store.GetClientReportsAsync("c", "1").ToListAsync());
    }

    [Fact]
    public async Task GetClientReports_RowsWrittenBeforeTheBuckets_AreStillRead_AndNoOtherCallsRows()
    {
        var storage = azurite.NewStorage();
        var store = new TableReportStore(storage);
        await storage.EnsureCreatedAsync();
        TableEntity Legacy(string callId, string clientId, long ts, string id) => new(TableKeys.Escape(callId, 400), $"{clientId}|{TableKeys.Ticks(ts)}|{id}")
        {
            ["Type"] = ReportTypes.InboundAudioTrack, ["SchemaVersion"] = "3.0.0", ["ReportId"] = id, ["ServiceId"] = "svc",
            ["CallId"] = callId, ["ClientId"] = clientId, ["TimestampMs"] = ts, ["Payload"] = "{}",
        };
        // A call written before the buckets, and a call whose id is a bucket's name, read next to a call stored in that bucket.
        var bucket = ReportEntities.ReportPartition("call-1");
        var inBucket = Enumerable.Range(0, 10_000).Select(i => $"alice{i}").First(id => ReportEntities.ReportPartition(id) == bucket);
        await azurite.Table(storage.ReportsTable).UpsertEntityAsync(Legacy("call-1", "alice", T0, "old-1"));
        await azurite.Table(storage.ReportsTable).UpsertEntityAsync(Legacy(bucket, inBucket, T0, "old-2"));
        var fresh = TestReports.Of(ReportTypes.InboundAudioTrack, "svc", "call-1", "alice", T0 + 1);
        var other = TestReports.Of(ReportTypes.InboundAudioTrack, "svc", inBucket, "x", T0 + 2);
        Assert.True((await store.WriteAsync([fresh, other])).Succeeded);

        Assert.Equal(["old-1", fresh.Id], (await store.GetClientReportsAsync("call-1", "alice").ToListAsync()).Select(r => r.Id));
        Assert.Equal(["old-2"], (await store.GetClientReportsAsync(bucket, inBucket).ToListAsync()).Select(r => r.Id));
        Assert.Equal([other.Id], (await store.GetClientReportsAsync(inBucket, "x").ToListAsync()).Select(r => r.Id));
    }

    [Fact]
    public async Task Write_IdsWithForbiddenAndUnicodeCharacters_SurviveEscaping()
    {
        var store = new TableReportStore(azurite.NewStorage());
        var callId = "call/\\#?%|ünï 通话\u0001\u007f\u0090";
        var clientId = "client/#?\t😀";
        var reports = new[]
        {
            TestReports.CallEvent("svc/x", callId, "CALL_STARTED", T0),
            TestReports.CallEvent("svc/x", callId, "CLIENT_JOINED", T0 + 1, clientId),
            TestReports.Of(ReportTypes.InboundVideoTrack, "svc/x", callId, clientId, T0 + 2, id: "id/#?\u0002"),
            TestReports.Of(ReportTypes.CallSummary, "svc/x", callId, null, T0 + 3),
        };

        var result = await store.WriteAsync(reports);

        Assert.True(result.Succeeded, string.Join("; ", result.Failures.Select(f => f.Error)));
        Assert.Equal(2, (await store.GetCallEventsAsync(callId).ToListAsync()).Count);
        var sample = Assert.Single(await store.GetClientReportsAsync(callId, clientId).ToListAsync());
        Assert.Equal("id/#?\u0002", sample.Id);
        Assert.Equal(clientId, sample.ClientId);
        Assert.Equal(callId, Assert.Single(await store.GetCallsAsync("svc/x", T0, T0).ToListAsync()).CallId);
        Assert.NotNull(await store.GetCallSummaryAsync(callId));
    }

    [Fact]
    public async Task Write_HugePayload_IsStoredSplitAndTruncated_OtherReportsStillWritten()
    {
        var store = new TableReportStore(azurite.NewStorage());
        var big = TestReports.CallEvent("svc", "call-1", "CUSTOM", T0, "alice", value: new string('v', 100_000));
        var huge = TestReports.CallEvent("svc", "call-1", "CUSTOM2", T0 + 1, "alice", value: TestReports.Incompressible(2_000_000));
        var small = TestReports.CallEvent("svc", "call-1", "CLIENT_JOINED", T0 + 2, "alice");

        var result = await store.WriteAsync([big, huge, small]);

        Assert.True(result.Succeeded, string.Join("; ", result.Failures.Select(f => f.Error)));
        var events = await store.GetCallEventsAsync("call-1").ToListAsync();
        Assert.Equal(3, events.Count);
        Assert.False(events[0].Truncated);
        Assert.Equal(new string('v', 100_000), JsonDocument.Parse(events[0].PayloadJson).RootElement.GetProperty("value").GetString());
        Assert.True(events[1].Truncated);
        Assert.False(events[2].Truncated);
    }

    [Fact]
    public async Task Write_ReportWithAnIdTooLongForAKey_IsHashedNotRefused()
    {
        var store = new TableReportStore(azurite.NewStorage());
        var report = TestReports.CallEvent("svc", new string('c', 3000), "CLIENT_JOINED", T0, new string('a', 3000));

        var result = await store.WriteAsync([report]);

        Assert.True(result.Succeeded, string.Join("; ", result.Failures.Select(f => f.Error)));
        var row = Assert.Single(await store.GetCallEventsAsync(new string('c', 3000)).ToListAsync());
        Assert.Equal(new string('a', 3000), row.ClientId);
    }

    [Fact]
    public async Task GetCalls_WindowOverMaxDays_OrReversed_Throws()
    {
        var store = new TableReportStore(azurite.NewStorage());
        var day = 24 * 3600 * 1000L;

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await store.GetCallsAsync("svc", T0, T0 + (TableReportStore.MaxQueryDays * day)).ToListAsync());
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await store.GetCallsAsync("svc", T0, T0 - 1).ToListAsync());
    }

    [Fact]
    public async Task Write_Cancelled_Throws()
    {
        var store = new TableReportStore(azurite.NewStorage());
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => store.WriteAsync([TestReports.CallEvent("svc", "c", "CALL_STARTED", T0)], cancelled.Token));
    }
}
