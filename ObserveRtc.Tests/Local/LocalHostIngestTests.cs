using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using ObserveRtc.Core.Calls;
using ObserveRtc.Core.Samples;
using ObserveRtc.Local.Ingest;
using ObserveRtc.Tests.Storage;

namespace ObserveRtc.Tests.Local;

/// <summary>The local host end to end: samples in over REST and WebSocket, events out in Tables, the read API and Event Grid.</summary>
[Collection(AzuriteGroup.Name)]
public class LocalHostIngestTests(AzuriteFixture azurite)
{
    private const string AliceJoin = "schema2.2-samples-client-alice-join-seq0.json";
    private const string BobSteady = "schema2.2-samples-client-bob-steady-seq3.json";
    private const string AliceLeave = "schema2.2-samples-client-alice-leave-seq15.json";
    private const string Rest = "/rest/samples/demo-service/webapp?schemaVersion=2.2.0";
    private const string Socket = "/samples/demo-service/webapp?schemaVersion=2.2.0";

    private static long Now() => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();

    [Fact]
    public async Task Rest_FixtureCall_IsInTablesTheReadApiAndEventGrid()
    {
        await using var host = await LocalHostRunner.StartAsync(azurite);
        foreach (var file in new[] { AliceJoin, BobSteady, AliceLeave })
        {
            // Any content type: the Java observer's clients send application/octet-stream.
            using var response = await host.PostAsync(Rest, Fixture.Bytes(file), "application/octet-stream");
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            var reply = await JsonAsync(response);
            Assert.Equal(1, reply.GetProperty("accepted").GetInt32());
            Assert.Equal(0, reply.GetProperty("rejectedCount").GetInt32());
        }
        await host.DrainAsync();

        var call = await host.FixtureCallAsync();
        Assert.Equal("room-cryptography", call.RoomId);
        var names = (await host.EventsAsync(call.CallId)).Select(e => e.Name).ToList();
        Assert.Single(names, n => n == CallEventNames.CallStarted);
        Assert.Single(names, n => n == CallEventNames.CallEnded);
        Assert.Equal(2, names.Count(n => n == CallEventNames.ClientJoined));
        Assert.Equal(2, names.Count(n => n == CallEventNames.ClientLeft));

        using var one = await host.Http.GetAsync($"/api/calls/{call.CallId}");
        Assert.Equal(HttpStatusCode.OK, one.StatusCode);
        var body = await JsonAsync(one);
        var events = body.GetProperty("events").EnumerateArray().ToList();
        Assert.Equal(names, events.Select(e => e.GetProperty("name").GetString()).ToList());
        var timestamps = events.Select(e => e.GetProperty("timestamp").GetInt64()).ToList();
        Assert.Equal(timestamps.Order(), timestamps);
        Assert.Equal(call.CallId, events[0].GetProperty("payload").GetProperty("callId").GetString());
        Assert.Equal(call.CallId, body.GetProperty("summary").GetProperty("payload").GetProperty("callId").GetString());

        using var list = await host.Http.GetAsync("/api/calls?serviceId=demo-service&from=2024-01-15T00:00:00Z&to=1705363200000");
        var listed = Assert.Single((await JsonAsync(list)).GetProperty("calls").EnumerateArray());
        Assert.Equal(call.CallId, listed.GetProperty("callId").GetString());
        // The call has ended: the list says when, for how long and with how many clients (from its summary).
        var summary = body.GetProperty("summary").GetProperty("payload");
        Assert.Equal(summary.GetProperty("ended").GetInt64(), listed.GetProperty("endedAt").GetInt64());
        Assert.EndsWith("Z", listed.GetProperty("endedAtUtc").GetString(), StringComparison.Ordinal);
        Assert.Equal(summary.GetProperty("durationMs").GetInt64(), listed.GetProperty("durationMs").GetInt64());
        Assert.Equal(2, listed.GetProperty("clients").GetInt32());
        Assert.Equal(2, listed.GetProperty("peakClients").GetInt32());

        using var reports = await host.Http.GetAsync($"/api/calls/{call.CallId}/clients/5b6a2c3e-8f1d-4a7b-9c2e-1f3a4b5c6d7e/reports");
        Assert.Contains((await JsonAsync(reports)).GetProperty("reports").EnumerateArray(), r => r.GetProperty("type").GetString() == "OUTBOUND_VIDEO_TRACK");

        var types = host.CloudEventTypes();
        Assert.Single(types, t => t == "org.observertc.call.started");
        Assert.Single(types, t => t == "org.observertc.call.ended");
        Assert.Equal(2, types.Count(t => t == "org.observertc.client.joined"));
        Assert.Contains("org.observertc.call.summary", types);

        using var missing = await host.Http.GetAsync("/api/calls/no-such-call");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        using var health = await host.Http.GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.True((await JsonAsync(health)).GetProperty("storage").GetProperty("reachable").GetBoolean());
    }

    [Fact]
    public async Task Health_WhileTheRejectionCountsChange_Answers200WithThePipelinesCount()
    {
        await using var host = await LocalHostRunner.StartAsync(azurite);
        using (var r = await host.PostAsync(Rest, "not json"u8.ToArray()))
            Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        // The pipeline writes the counts under its own lock while /health reads; many of them, changed all the time.
        var counts = host.Runtime.Pipeline.Counters.RejectedByReason;
        for (var i = 0; i < 100_000; i++) counts[$"reason-{i:D6}"] = 1;
        using var stop = new CancellationTokenSource();
        var writer = Task.Run(() =>
        {
            for (var i = 0; !stop.IsCancellationRequested; i++) counts[$"reason-{i % 100_000:D6}"] = 2;
        });
        try
        {
            for (var i = 0; i < 20; i++)
            {
                using var health = await host.Http.GetAsync("/health");
                // Was: a 500 (InvalidOperationException: Collection was modified) as soon as the two met.
                Assert.Equal(HttpStatusCode.OK, health.StatusCode);
                Assert.Equal(1, (await JsonAsync(health)).GetProperty("pipeline").GetProperty("rejectedSamples").GetInt64());
            }
        }
        finally
        {
            await stop.CancelAsync();
            await writer;
        }
    }

    [Fact]
    public async Task ReadApi_StorageGoneAfterStart_Answers503WithTheReason()
    {
        await using var own = new AzuriteProcess();
        await own.StartAsync();
        await using var host = await LocalHostRunner.StartAsync(own.ConnectionString);
        own.Stop();

        // The SDK's retries are spent (an AggregateException, "Retry failed after …"): 503, not an unhandled 500.
        using var list = await host.Http.GetAsync("/api/calls?serviceId=demo-service");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, list.StatusCode);
        Assert.StartsWith("storage: ", (await JsonAsync(list)).GetProperty("error").GetString(), StringComparison.Ordinal);
        using var one = await host.Http.GetAsync("/api/calls/some-call");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, one.StatusCode);
        using var health = await host.Http.GetAsync("/health");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
        Assert.False((await JsonAsync(health)).GetProperty("storage").GetProperty("reachable").GetBoolean());
    }

    [Fact]
    public async Task WebSocket_FixtureCall_ABadMessageIsAnsweredAndTheSocketStaysOpen()
    {
        await using var host = await LocalHostRunner.StartAsync(azurite);
        using var socket = await host.ConnectAsync(Socket);
        await socket.SendAsync(Fixture.Bytes(AliceJoin));
        await socket.SendAsync(Fixture.Bytes(BobSteady), WebSocketMessageType.Text);
        await socket.SendAsync("{\"clientSamples\": [ nope"u8.ToArray());

        // Accepted messages get no reply; the third one does, numbered.
        var reply = (await socket.ReceiveJsonAsync())!.Value;
        Assert.Equal(3, reply.GetProperty("seq").GetInt64());
        Assert.Equal(0, reply.GetProperty("accepted").GetInt32());
        Assert.Equal(RejectReasons.MalformedJson, reply.GetProperty("rejected")[0].GetProperty("reason").GetString());

        await socket.SendAsync(Fixture.Bytes(AliceLeave));
        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", CancellationToken.None);
        Assert.Equal(WebSocketCloseStatus.NormalClosure, socket.CloseStatus);
        await host.DrainAsync();

        var call = await host.FixtureCallAsync();
        var names = (await host.EventsAsync(call.CallId)).Select(e => e.Name).ToList();
        Assert.Equal(2, names.Count(n => n == CallEventNames.ClientJoined));
        Assert.Single(names, n => n == CallEventNames.CallEnded);
        Assert.Equal(3, host.Runtime.Pipeline.Counters.AcceptedSamples);
        // A live host keeps no set of every call and client it ever saw (it would only grow).
        Assert.Empty(host.Runtime.Pipeline.Counters.Calls);
        Assert.Empty(host.Runtime.Pipeline.Counters.Clients);
    }

    [Fact]
    public async Task WebSocket_Garbage_IsClosedWith4230_WhileAnotherClientsSamplesArrive()
    {
        await using var host = await LocalHostRunner.StartAsync(azurite);
        using var bad = await host.ConnectAsync("/samples/demo-service/garbage");
        using var good = await host.ConnectAsync(Socket);

        var garbage = Task.Run(async () =>
        {
            for (var i = 0; i < WebSocketSamplesEndpoint.MaxConsecutiveRejected; i++)
            {
                await bad.SendAsync(Encoding.UTF8.GetBytes($"garbage {i}"));
                var reply = await bad.ReceiveJsonAsync();
                Assert.Equal(i + 1, reply!.Value.GetProperty("seq").GetInt64());
            }
            return await bad.ReceiveCloseAsync();
        });
        var samples = Task.Run(async () =>
        {
            foreach (var file in new[] { AliceJoin, BobSteady, AliceLeave }) await good.SendAsync(Fixture.Bytes(file));
            await good.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", CancellationToken.None);
        });
        await Task.WhenAll(garbage, samples);

        Assert.Equal(WebSocketSamplesEndpoint.InvalidInput, await garbage);
        Assert.Equal(4230, (int)bad.CloseStatus!);
        Assert.Contains("malformed-json", bad.CloseStatusDescription, StringComparison.Ordinal);
        await host.DrainAsync();
        var call = await host.FixtureCallAsync();
        var names = (await host.EventsAsync(call.CallId)).Select(e => e.Name).ToList();
        Assert.Equal(2, names.Count(n => n == CallEventNames.ClientJoined));
        var rejected = new List<Core.Storage.RejectedSample>();
        await foreach (var r in host.Runtime.Rejected.GetAsync("demo-service", Now() - 3_600_000, Now() + 3_600_000)) rejected.Add(r);
        Assert.Equal(WebSocketSamplesEndpoint.MaxConsecutiveRejected, rejected.Count);
        Assert.All(rejected, r => Assert.Equal("garbage", r.MediaUnitId));
    }

    [Theory]
    [InlineData("schemaVersion=2.2.0&format=protobuf", "format=protobuf")]
    [InlineData("schemaVersion=9.1.0", "schemaVersion 9.1.0")]
    public async Task WebSocket_UnsupportedQuery_IsClosedWith4230(string query, string reason)
    {
        await using var host = await LocalHostRunner.StartAsync(azurite);
        using var socket = await host.ConnectAsync($"/samples/demo-service/webapp?{query}");
        Assert.Equal(WebSocketSamplesEndpoint.InvalidInput, await socket.ReceiveCloseAsync());
        Assert.StartsWith(reason, socket.CloseStatusDescription, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WebSocket_OversizedMessage_IsClosedWith1009()
    {
        await using var host = await LocalHostRunner.StartAsync(azurite, "--ObserveRtc:Decoder:MaxBodyBytes=65536");
        using var socket = await host.ConnectAsync(Socket);
        await socket.SendAsync(new byte[70_000]);
        Assert.Equal(WebSocketCloseStatus.MessageTooBig, await socket.ReceiveCloseAsync());
    }

    [Fact]
    public async Task Rest_BadTraffic_GetsItsStatusAndReasons()
    {
        await using var host = await LocalHostRunner.StartAsync(azurite, "--ObserveRtc:Decoder:MaxBodyBytes=65536");

        using (var garbage = await host.PostAsync(Rest, "not json"u8.ToArray()))
        {
            Assert.Equal(HttpStatusCode.BadRequest, garbage.StatusCode);
            Assert.Equal(RejectReasons.MalformedJson, (await JsonAsync(garbage)).GetProperty("rejected")[0].GetProperty("reason").GetString());
        }
        using (var empty = await host.PostAsync(Rest, []))
        {
            Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        }
        using (var protobuf = await host.PostAsync("/rest/samples/demo-service/webapp?format=protobuf", Fixture.Bytes(AliceJoin)))
        {
            Assert.Equal(HttpStatusCode.BadRequest, protobuf.StatusCode);
            var rejection = (await JsonAsync(protobuf)).GetProperty("rejected")[0];
            Assert.Equal(SampleIngestor.UnsupportedFormat, rejection.GetProperty("reason").GetString());
            Assert.Contains("JSON only", rejection.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }
        using (var version = await host.PostAsync("/rest/samples/demo-service/webapp?schemaVersion=7.0.0", Fixture.Bytes(AliceJoin)))
        {
            Assert.Equal(HttpStatusCode.BadRequest, version.StatusCode);
            Assert.Equal(RejectReasons.UnknownSchema, (await JsonAsync(version)).GetProperty("rejected")[0].GetProperty("reason").GetString());
        }
        using (var large = await host.PostAsync(Rest, new byte[70_000]))
        {
            Assert.True(large.StatusCode == HttpStatusCode.RequestEntityTooLarge, await large.Content.ReadAsStringAsync());
            Assert.Equal(RejectReasons.TooLarge, (await JsonAsync(large)).GetProperty("rejected")[0].GetProperty("reason").GetString());
        }
        // Without Content-Length (chunked): stopped while reading.
        using (var chunked = await host.Http.PostAsync(Rest, new StreamContent(new MemoryStream(new byte[200_000]))))
        {
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, chunked.StatusCode);
        }

        // One good and one bad sample in an envelope: accepted, and the bad one is named.
        var alice = JsonDocument.Parse(Fixture.Bytes(AliceJoin)).RootElement.GetProperty("clientSamples")[0].GetRawText();
        var mixed = Encoding.UTF8.GetBytes($$"""{"clientSamples":[{{alice}}, {"roomId":"room-cryptography","timestamp":1705312800000}]}""");
        using (var partly = await host.PostAsync(Rest, mixed))
        {
            Assert.Equal(HttpStatusCode.Accepted, partly.StatusCode);
            var reply = await JsonAsync(partly);
            Assert.Equal(1, reply.GetProperty("accepted").GetInt32());
            Assert.Equal(RejectReasons.MissingClientId, reply.GetProperty("rejected")[0].GetProperty("reason").GetString());
        }

        var stored = new List<Core.Storage.RejectedSample>();
        await foreach (var r in host.Runtime.Rejected.GetAsync("demo-service", Now() - 3_600_000, Now() + 3_600_000)) stored.Add(r);
        Assert.Contains(stored, r => r.Rejection.Reason == RejectReasons.MalformedJson);
        Assert.Contains(stored, r => r.Rejection.Reason == RejectReasons.MissingClientId);
    }

    [Fact]
    public async Task Clock_ShortTimeouts_EndTheCallOnTheWallClock()
    {
        await using var host = await LocalHostRunner.StartAsync(azurite,
            "--ObserveRtc:Tracker:ClientIdleTimeout=00:00:01",
            "--ObserveRtc:Tracker:PeerConnectionIdleTimeout=00:00:01",
            "--ObserveRtc:Tracker:TrackIdleTimeout=00:00:01",
            "--ObserveRtc:Tracker:CallEmptyTimeout=00:00:00");
        using (var response = await host.PostAsync(Rest, Fixture.Bytes(AliceJoin))) Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);

        var call = await host.FixtureCallAsync();
        var deadline = DateTime.UtcNow.AddSeconds(20);
        List<string?> names;
        do
        {
            await Task.Delay(250);
            names = (await host.EventsAsync(call.CallId)).Select(e => e.Name).ToList();
        }
        while (!names.Contains(CallEventNames.CallEnded) && DateTime.UtcNow < deadline);
        Assert.Contains(CallEventNames.ClientLeft, names);
        Assert.Single(names, n => n == CallEventNames.CallEnded);
    }
}

/// <summary>The read API and REST answers on the edges: ids holding '/', times past year 9999, envelopes without samples.</summary>
[Collection(AzuriteGroup.Name)]
public class LocalHostReadEdgeTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task ACallAndClientWithSlashesInTheirIds_CanBeFetchedOnceListed()
    {
        await using var host = await LocalHostRunner.StartAsync(azurite);
        var doc = System.Text.Json.Nodes.JsonNode.Parse(Fixture.Bytes("schema2.2-samples-client-alice-join-seq0.json"))!;
        doc["clientSamples"]![0]!["callId"] = "team/standup";
        doc["clientSamples"]![0]!["clientId"] = "alice/laptop";
        using (var r = await host.PostAsync("/rest/samples/demo-service/webapp", Encoding.UTF8.GetBytes(doc.ToJsonString())))
            Assert.Equal(HttpStatusCode.Accepted, r.StatusCode);
        await host.DrainAsync();
        var call = await host.FixtureCallAsync();
        Assert.Equal("team/standup", call.CallId);

        using var one = await host.Http.GetAsync("/api/calls/" + Uri.EscapeDataString(call.CallId));
        Assert.True(one.StatusCode == HttpStatusCode.OK, $"{(int)one.StatusCode} {await one.Content.ReadAsStringAsync()}");
        using var reports = await host.Http.GetAsync($"/api/calls/{Uri.EscapeDataString(call.CallId)}/clients/{Uri.EscapeDataString("alice/laptop")}/reports");
        using var json = JsonDocument.Parse(await reports.Content.ReadAsStringAsync());
        Assert.NotEqual(0, json.RootElement.GetProperty("reports").GetArrayLength());
    }

    [Fact]
    public async Task WithoutEventGrid_EventsGoToTheEventsFileAsCloudEvents()
    {
        var file = Path.Combine(Path.GetTempPath(), "events-" + Guid.NewGuid().ToString("N"), "events.jsonl");
        var host = await LocalHostRunner.StartAsync(azurite.Azurite.ConnectionString, eventGrid: false, $"--EventsFile={file}");
        try
        {
            using (var r = await host.PostAsync("/rest/samples/demo-service/webapp", Fixture.Bytes("schema2.2-samples-client-alice-join-seq0.json")))
                Assert.Equal(HttpStatusCode.Accepted, r.StatusCode);
            await host.DrainAsync();
            var call = await host.FixtureCallAsync();
            await host.DisposeAsync();

            var events = File.ReadAllLines(file).Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList();
            var started = Assert.Single(events, e => e.GetProperty("type").GetString() == "org.observertc.call.started");
            Assert.Equal($"calls/{call.CallId}", started.GetProperty("subject").GetString());
            Assert.Equal("/observertc/services/demo-service", started.GetProperty("source").GetString());
            Assert.Equal("CALL_STARTED", started.GetProperty("data").GetProperty("payload").GetProperty("name").GetString());
            Assert.Contains(events, e => e.GetProperty("type").GetString() == "org.observertc.call.summary");
            Assert.Equal(events.Count, events.Select(e => e.GetProperty("id").GetString()).Distinct().Count());
            Assert.Empty(host.Receiver.Requests);
        }
        finally
        {
            await host.DisposeAsync();
            Directory.Delete(Path.GetDirectoryName(file)!, recursive: true);
        }
    }

    [Fact]
    public async Task ACallIdHoldingALiteralPercent2F_IsToldApartFromOneHoldingASlash()
    {
        await using var host = await LocalHostRunner.StartAsync(azurite);
        var doc = System.Text.Json.Nodes.JsonNode.Parse(Fixture.Bytes("schema2.2-samples-client-alice-join-seq0.json"))!;
        doc["clientSamples"]![0]!["callId"] = "x%2Fy";
        using (var r = await host.PostAsync("/rest/samples/demo-service/webapp", Encoding.UTF8.GetBytes(doc.ToJsonString())))
            Assert.Equal(HttpStatusCode.Accepted, r.StatusCode);
        await host.DrainAsync();

        using var literal = await host.Http.GetAsync("/api/calls/" + Uri.EscapeDataString("x%2Fy")); // x%252Fy
        using var slash = await host.Http.GetAsync("/api/calls/" + Uri.EscapeDataString("x/y")); // x%2Fy: no such call

        Assert.True(literal.StatusCode == HttpStatusCode.OK, $"{(int)literal.StatusCode} {await literal.Content.ReadAsStringAsync()}");
        Assert.Equal(HttpStatusCode.NotFound, slash.StatusCode);
    }

    [Theory]
    [InlineData("to=9000000000000000")]
    [InlineData("from=9000000000000000&to=9000000000000001")]
    public async Task TimesPastTheYear9999_Are400NotA500(string window)
    {
        await using var host = await LocalHostRunner.StartAsync(azurite);

        using var r = await host.Http.GetAsync("/api/calls?serviceId=demo-service&" + window);

        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
    }

    [Theory]
    [InlineData("""{"clientSamples":[]}""")]
    [InlineData("""{"controls":{"close":false}}""")]
    public async Task AnEnvelopeWithoutSamples_Is202(string body)
    {
        await using var host = await LocalHostRunner.StartAsync(azurite);

        using var r = await host.PostAsync("/rest/samples/demo-service/webapp", Encoding.UTF8.GetBytes(body));

        Assert.Equal(HttpStatusCode.Accepted, r.StatusCode);
        Assert.Equal("""{"accepted":0,"rejectedCount":0,"rejected":[]}""", await r.Content.ReadAsStringAsync());
    }
}

/// <summary>Shutting the host down ends the live calls and writes their reports.</summary>
[Collection(AzuriteGroup.Name)]
public class LocalHostShutdownTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Stop_WithALiveCall_EndsItAndWritesTheEnd()
    {
        var host = await LocalHostRunner.StartAsync(azurite);
        using (var r = await host.PostAsync("/rest/samples/demo-service/webapp", Fixture.Bytes("schema2.2-samples-client-alice-join-seq0.json")))
            Assert.Equal(HttpStatusCode.Accepted, r.StatusCode);
        var call = await host.FixtureCallAsync();
        var reports = host.Reports;

        await host.DisposeAsync();

        var names = new List<string?>();
        await foreach (var e in reports.GetCallEventsAsync(call.CallId)) names.Add(e.Name);
        Assert.Single(names, n => n == CallEventNames.CallEnded);
        Assert.Single(names, n => n == CallEventNames.ClientLeft);
    }

    [Fact]
    public async Task Stop_WithAWebSocketOpen_ClosesItWith1001_AndIngestsWhatTheClientSendsBeforeItsClose()
    {
        var host = await LocalHostRunner.StartAsync(azurite);
        using var socket = await host.ConnectAsync("/samples/demo-service/webapp?schemaVersion=2.2.0");
        await socket.SendAsync(Fixture.Bytes("schema2.2-samples-client-alice-join-seq0.json"));
        var reports = host.Reports;

        var stop = host.DisposeAsync().AsTask();
        // Was: the pending receive was cancelled, which aborts the socket: the client saw a reset, no close frame.
        var status = await socket.ReceiveCloseAsync(TimeSpan.FromSeconds(20));
        // The client answers the close frame only now; a sample it sends first is still taken.
        await socket.SendAsync(Fixture.Bytes("schema2.2-samples-client-bob-steady-seq3.json"));
        await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "bye", CancellationToken.None);
        await stop;

        Assert.Equal(WebSocketCloseStatus.EndpointUnavailable, status);
        var calls = new List<string>();
        await foreach (var c in reports.GetCallsAsync(LocalHostRunner.FixtureService, LocalHostRunner.FixtureDayStart, LocalHostRunner.FixtureDayStart + 86_400_000)) calls.Add(c.CallId);
        var joined = new List<string?>();
        foreach (var callId in calls)
        {
            await foreach (var e in reports.GetCallEventsAsync(callId))
            {
                if (e.Name == CallEventNames.ClientJoined) joined.Add(e.ClientId);
            }
        }
        Assert.Equal(2, joined.Count); // alice's and bob's samples both made it in
    }
}
