using System.Text.Json;
using ObserveRtc.Core.Calls;
using ObserveRtc.Core.Ingest;
using ObserveRtc.Core.Samples;
using ObserveRtc.Tests.Support;

namespace ObserveRtc.Tests.Ingest;

/// <summary>A call entity's signal input on the wire: exact, smaller than the plain JSON of its views, strict.</summary>
public class CallObservationJsonTests
{
    private static readonly JsonSerializerOptions EntityJson = ObserveRtc.Core.Pipeline.ObserverPipeline.EntityJson; // the Functions worker's options, as the pipeline uses them

    [Fact]
    public void RandomObservations_RoundTripExactly()
    {
        var random = new Random(11);
        for (var i = 0; i < 300; i++)
        {
            var observation = RandomObservation(random);
            var json = JsonSerializer.Serialize(observation, EntityJson);
            var back = JsonSerializer.Deserialize<CallObservation>(json, EntityJson)!;
            var difference = DeepEquality.FirstDifference(observation, back, "observation");
            Assert.True(difference is null, $"observation {i}: {difference}\n{json}");
        }
    }

    [Fact]
    public async Task RecordedObservations_PackTheirUuids_AndVersions1And2StillRead()
    {
        // A signal queued before an update arrives in version 1 (every id as text, no u) or 2 (each packed id a null in s).
        var stage = new IngestStage(new SampleDecoder(), new CallIdentityResolver(new InMemoryRoomRegistry()));
        var lines = Recording.Lines(Recording.PathOf("mesh-3-late-joiner-leaves-first.schema2.jsonl")).ToList();
        var batch = lines.Take(10).Select((l, j) => new IngestEvent(l.Line.Body, l.Context, $"line:{j}")).ToList();
        var observations = (await stage.IngestAsync(batch)).Calls;
        Assert.NotEmpty(observations);
        foreach (var observation in observations)
        {
            var json = JsonSerializer.Serialize(observation, EntityJson);
            Assert.StartsWith("{\"v\":3,", json, StringComparison.Ordinal);
            var (v1, packed) = CompactForms.Unpacked(json, version: 1);
            Assert.True(packed >= 3, $"{packed} packed ids in {json}"); // the call's, the client's and its peer connections'
            Assert.True(v1.Length > json.Length, $"packed {json.Length} B, as text {v1.Length} B");
            Assert.Null(DeepEquality.FirstDifference(observation, JsonSerializer.Deserialize<CallObservation>(v1, EntityJson)!, "observation"));
            var v2 = CompactForms.RunsAsNulls(json, version: 2);
            Assert.True(v2.Length > json.Length, $"counted {json.Length} B, as nulls {v2.Length} B");
            Assert.Null(DeepEquality.FirstDifference(observation, JsonSerializer.Deserialize<CallObservation>(v2, EntityJson)!, "observation"));
            CompactForms.AssertRefused<CallObservation>(CompactForms.WithVersion(json, 1), "call observation: format version 1 has no packed ids");
            CompactForms.AssertRefused<CallObservation>(CompactForms.WithVersion(json, 2), "call observation: format version 2 has no runs of packed ids");
            CompactForms.AssertRefused<CallObservation>(CompactForms.WithVersion(v2, 3), "call observation: format version 3 counts packed ids in s");
        }
    }

    [Theory]
    [InlineData("mesh-3-late-joiner-leaves-first.schema3.jsonl")]
    [InlineData("mesh-3-late-joiner-leaves-first.schema2.jsonl")]
    [InlineData("screenshare.schema2.jsonl")]
    public async Task RecordedCall_InBatches_RoundTripsExactly_AndIsAFractionOfThePlainJson(string file)
    {
        var stage = new IngestStage(new SampleDecoder(), new CallIdentityResolver(new InMemoryRoomRegistry()));
        var lines = Recording.Lines(Recording.PathOf(file)).ToList();
        long compact = 0, plain = 0;
        var observations = 0;
        for (var i = 0; i < lines.Count; i += 10)
        {
            var batch = lines.Skip(i).Take(10).Select((l, j) => new IngestEvent(l.Line.Body, l.Context, $"line:{i + j}")).ToList();
            foreach (var observation in (await stage.IngestAsync(batch)).Calls)
            {
                var json = JsonSerializer.SerializeToUtf8Bytes(observation, EntityJson);
                var back = JsonSerializer.Deserialize<CallObservation>(json, EntityJson)!;
                Assert.Null(DeepEquality.FirstDifference(observation, back, "observation"));
                compact += json.Length;
                plain += JsonSerializer.SerializeToUtf8Bytes(observation.Samples, EntityJson).Length;
                observations++;
            }
        }

        Assert.True(observations >= lines.Count / 10, $"{observations} observations");
        Assert.True(compact * 2 < plain, $"compact {compact:N0} B against {plain:N0} B of plain JSON");
    }

    [Theory]
    [InlineData("{\"v\":4,\"s\":[],\"t\":0,\"c\":[]}", "format version 4 is not 1 to 3")]
    [InlineData("{\"v\":1,\"s\":[\"c\"],\"t\":0,\"c\":[0]}", "samples missing")]
    [InlineData("{\"v\":3,\"s\":[1,1],\"u\":\"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\",\"t\":0,\"c\":[0,[]]}", "s holds two counts in a row (a run of packed ids is one count)")]
    [InlineData("{\"v\":1,\"s\":[\"c\",\"x\"],\"t\":0,\"c\":[0,[[1,1,0,1,1,null,null,null,null,0,null,[[1,null,9]],[],[],[]]]]}", "peer connection flags 9 are not 0–7")]
    [InlineData("{\"v\":1,\"s\":[\"c\",\"x\"],\"t\":0,\"c\":[0,[[1,1,0,1,1,null,null,null,null,0,null,[],[],[[1,0,null,null,null,null,null,null]],[]]]]}", "an event holds more than its fields")]
    [InlineData("{\"v\":1,\"s\":[\"c\",\"x\"],\"t\":0,\"c\":[0,[[1,1,0,1,1,null,null,null,null,0,null,[],[[1,1,0,1,[],null,null,null,null,null]],[],[]]]]}", "a track holds more than its fields")]
    [InlineData("{\"v\":1,\"s\":[\"c\"],\"t\":0,\"c\":[0,[[1]]]}", "string reference 1 is out of range")]
    public void MalformedOrForeignInput_IsRefusedWithTheReason(string json, string reason)
    {
        var ex = Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<CallObservation>(json));
        Assert.Contains("call observation: " + reason, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EmptyObservation_RoundTrips()
    {
        var back = JsonSerializer.Deserialize<CallObservation>(JsonSerializer.Serialize(new CallObservation { CallId = "c", Samples = [] }))!;
        Assert.Equal("c", back.CallId);
        Assert.Empty(back.Samples);
    }

    private static readonly string[] Strings =
        ["", "a", "pc|1", "ü-ñ-日本", "quote\"back\\slash", "\u0001ctl", "f0d046a4-5cfa-8d05-98b4-33272ca7236d", "{\"kind\":\"audio\"}", new string('x', 300)];

    private static readonly long[] Times = [0, 1, -1, long.MinValue, long.MaxValue, 1_700_000_000_000, 946_684_800_001];

    private static CallObservation RandomObservation(Random r)
    {
        string S() => Strings[r.Next(Strings.Length)];
        string? NS() => r.Next(3) == 0 ? null : S();
        long T() => r.Next(3) == 0 ? Times[r.Next(Times.Length)] : 1_700_000_000_000 + r.Next(-100_000, 100_000);
        long? NT() => r.Next(3) == 0 ? null : T();
        double? D() => r.Next(3) switch { 0 => null, 1 => r.Next(), _ => r.NextDouble() * 1e12 };

        var samples = new List<ClientSampleView>();
        for (var n = r.Next(4); n > 0; n--)
        {
            var pcs = new List<PeerConnectionView>();
            for (var i = r.Next(3); i > 0; i--) pcs.Add(new PeerConnectionView(S(), NS(), r.Next(2) == 0, r.Next(2) == 0, r.Next(2) == 0));
            var tracks = new List<TrackView>();
            for (var i = r.Next(5); i > 0; i--)
            {
                var ssrcs = Enumerable.Range(0, r.Next(4)).Select(_ => r.Next(3) == 0 ? (long)uint.MaxValue - r.Next(9) : r.Next()).ToArray();
                tracks.Add(new TrackView(S(), NS(), (TrackDirection)r.Next(2), (MediaKind)r.Next(3), ssrcs,
                    r.Next(3) == 0 ? S() : null, r.Next(3) == 0 ? S() : null, r.Next(3) == 0 ? S() : null, D()));
            }
            var events = new List<ClientEventView>();
            for (var i = r.Next(4); i > 0; i--) events.Add(new ClientEventView(S(), NT(), NS(), NS(), NS(), NS(), NS()));
            var issues = new List<ClientIssueView>();
            for (var i = r.Next(3); i > 0; i--) issues.Add(new ClientIssueView(S(), NT(), NS(), NS(), NS()));
            samples.Add(new ClientSampleView
            {
                Origin = new SampleOrigin(S(), S(), T()),
                SchemaVersion = r.Next(2) == 0 ? "2.2" : "3.0",
                ClientId = S(),
                CallId = NS(),
                RoomId = NS(),
                UserId = NS(),
                Marker = NS(),
                TimestampMs = T(),
                SampleSeq = r.Next(3) == 0 ? null : r.Next(-1, 1000),
                PeerConnections = pcs,
                Tracks = tracks,
                Events = events,
                Issues = issues,
            });
        }
        return new CallObservation { CallId = S(), Samples = samples };
    }
}

/// <summary>An SFU entity's signal input on the wire: exact, smaller than the plain JSON, strict.</summary>
public class SfuObservationJsonTests
{
    [Fact]
    public void RandomObservations_RoundTripExactly()
    {
        var random = new Random(17);
        string S() => Strings[random.Next(Strings.Length)];
        string? NS() => random.Next(3) == 0 ? null : S();
        long T() => random.Next(3) == 0 ? Times[random.Next(Times.Length)] : 1_700_000_000_000 + random.Next(-100_000, 100_000);
        for (var i = 0; i < 300; i++)
        {
            var samples = new List<SfuSampleView>();
            for (var n = random.Next(4); n > 0; n--)
            {
                samples.Add(new SfuSampleView
                {
                    Origin = new SampleOrigin(S(), S(), T()),
                    SfuId = S(),
                    TimestampMs = T(),
                    Marker = NS(),
                    Transports = [.. Enumerable.Range(0, random.Next(3)).Select(_ => new SfuTransportView(S(), random.Next(2) == 0, random.Next(2) == 0))],
                    RtpPads = [.. Enumerable.Range(0, random.Next(5)).Select(_ => new SfuRtpPadView(S(), S(), (TrackDirection)random.Next(2), S(), NS(),
                        random.Next(3) == 0 ? uint.MaxValue : random.Next(), (MediaKind)random.Next(3), random.Next(2) == 0, NS(), NS(), NS()))],
                    SctpStreams = [.. Enumerable.Range(0, random.Next(3)).Select(_ => new SfuSctpStreamView(S(), S(), S()))],
                    Events = [.. Enumerable.Range(0, random.Next(4)).Select(_ => new SfuEventView(S(), random.Next(3) == 0 ? null : T(), NS(), NS(), NS(), NS(), NS(), NS()))],
                });
            }
            var observation = new SfuObservation { SfuId = S(), Samples = samples };
            var json = JsonSerializer.Serialize(observation);
            var back = JsonSerializer.Deserialize<SfuObservation>(json)!;
            var difference = DeepEquality.FirstDifference(observation, back, "observation");
            Assert.True(difference is null, $"observation {i}: {difference}\n{json}");
        }
    }

    [Fact]
    public async Task MediasoupFixture_RoundTripsExactly_AndIsAFractionOfThePlainJson()
    {
        var stage = new IngestStage(new SampleDecoder(), new CallIdentityResolver(new InMemoryRoomRegistry()));
        var body = Fixture.Bytes("schema2.2-samples-sfu-mediasoup.json");
        var context = ObserveRtc.Tests.Samples.DecoderFixtureTests.Context();
        // The same SFU sampled three times in one batch, as a busy hub delivers it.
        var batch = Enumerable.Range(0, 3).Select(i => new IngestEvent(body, context, $"sfu:{i}")).ToList();

        var observation = Assert.Single((await stage.IngestAsync(batch)).Sfus);
        Assert.NotEmpty(observation.Samples[0].RtpPads);
        var json = JsonSerializer.SerializeToUtf8Bytes(observation);
        var back = JsonSerializer.Deserialize<SfuObservation>(json)!;

        Assert.Null(DeepEquality.FirstDifference(observation, back, "observation"));
        var plain = JsonSerializer.SerializeToUtf8Bytes(observation.Samples).Length;
        Assert.True(json.Length * 2 < plain, $"compact {json.Length:N0} B against {plain:N0} B of plain JSON");
    }

    [Theory]
    [InlineData("{\"v\":1,\"s\":[\"x\"],\"t\":0,\"c\":[0,[[0,0,0,0,0,null,[[0,4]],[],[],[]]]]}", "transport flags 4 are not 0–3")]
    [InlineData("{\"v\":1,\"s\":[\"x\"],\"t\":0,\"c\":[0,[[0,0,0,0,0,null,[],[[0,0,1,0,5,1,2]],[],[]]]]}", "expected 0 or 1")]
    [InlineData("{\"v\":1,\"s\":[\"x\"],\"t\":0,\"c\":[0,[[0,0,0,0,0,null,[],[[0,0,1,0,5,1,0,null,null,null,null,null]],[],[]]]]}", "an rtp pad holds more than its fields")]
    [InlineData("{\"v\":1,\"s\":[\"x\"],\"t\":0,\"c\":[0,[[0,0,0,0,0,null,[],[],[[0,0]],[]]]]}", "a string reference missing")]
    public void MalformedInput_IsRefusedWithTheReason(string json, string reason)
    {
        var ex = Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<SfuObservation>(json));
        Assert.Contains("sfu observation: " + reason, ex.Message, StringComparison.Ordinal);
    }

    private static readonly string[] Strings = ["", "a", "t|1", "ü-日本", "quote\"", "{\"x\":1}", "f0d046a4-5cfa-8d05-98b4-33272ca7236d"];
    private static readonly long[] Times = [0, -1, long.MinValue, long.MaxValue, 1_700_000_000_000];
}
