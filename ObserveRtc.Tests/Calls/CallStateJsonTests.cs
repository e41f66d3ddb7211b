using System.Text.Json;
using System.Text.Json.Nodes;
using ObserveRtc.Core.Calls;
using ObserveRtc.Core.Samples;
using ObserveRtc.Tests.Support;
using static ObserveRtc.Tests.Calls.Samples;

namespace ObserveRtc.Tests.Calls;

/// <summary>The call state's compact stored form: exact, bounded, and strict about what it reads.</summary>
public class CallStateJsonTests
{
    private static readonly JsonSerializerOptions EntityJson = ObserveRtc.Core.Pipeline.ObserverPipeline.EntityJson; // the Functions worker's options, as the pipeline uses them

    [Fact]
    public void RandomStates_RoundTripExactly()
    {
        var random = new Random(20261124);
        for (var i = 0; i < 500; i++)
        {
            var state = RandomState(random);
            var json = JsonSerializer.Serialize(state, EntityJson);
            var back = JsonSerializer.Deserialize<CallState>(json, EntityJson)!;
            var difference = DeepEquality.FirstDifference(state, back, "state");
            Assert.True(difference is null, $"state {i}: {difference}\n{json}");
        }
    }

    [Fact]
    public void Version1State_WithoutRejoinTimes_StillReads_AndIsWrittenAsTheCurrentVersion()
    {
        // A state as version 1 wrote it: a client array ends with its issue total (no rejoin time).
        var state = new CallState { CallId = "call-1", ClockMs = 1_000 };
        state.Clients.Add(new ClientState { ClientId = "alice", JoinedTs = 900, LastSampleTs = 950, LastSeenAtMs = 960, Rejoins = 1 });
        var current = JsonSerializer.Serialize(state, EntityJson);
        Assert.StartsWith("{\"v\":4,", current, StringComparison.Ordinal);
        var v1 = "{\"v\":1," + CompactForms.CallStateBodyBeforeVersion4(current)["{\"v\":4,".Length..];

        var back = JsonSerializer.Deserialize<CallState>(v1, EntityJson)!;

        Assert.Null(DeepEquality.FirstDifference(state, back, "state"));
        state.Clients[0].RejoinedTs = 940;
        var withRejoin = JsonSerializer.Deserialize<CallState>(JsonSerializer.Serialize(state, EntityJson), EntityJson)!;
        Assert.Equal(940, withRejoin.Clients[0].RejoinedTs);
    }

    [Fact]
    public void LowercaseUuids_ArePackedInU_CountedInS_OtherStringsStayText_AndTheEarlierFormsStillRead()
    {
        const string call = "b824ef19-9db9-8107-b2b0-9af13e571c59", alice = "0a1b2c3d-4e5f-6071-8293-a4b5c6d7e8f9";
        const string upper = "0A1B2C3D-4E5F-6071-8293-A4B5C6D7E8F9", braced = "{0a1b2c3d-4e5f-6071-8293-a4b5c6d7e8f9}";
        var state = new CallState { CallId = call, RoomId = upper, ServiceId = braced, ClockMs = 1_000 };
        state.Clients.Add(new ClientState { ClientId = alice, UserId = "alice", JoinedTs = 900, LastSampleTs = 950, LastSeenAtMs = 960 });

        var json = JsonSerializer.Serialize(state, EntityJson);

        using (var doc = JsonDocument.Parse(json))
        {
            // In the order first used: the call's id (packed: a run of 1), the service and the room (an
            // uppercase or braced UUID would not format back the same: text), alice's id (packed), her user.
            Assert.Equal($"[1,\"{braced}\",\"{upper}\",1,\"alice\"]", doc.RootElement.GetProperty("s").GetRawText());
            var packed = doc.RootElement.GetProperty("u").GetBytesFromBase64();
            Assert.Equal(32, packed.Length);
            Assert.Equal(call, new Guid(packed.AsSpan(0, 16), bigEndian: true).ToString());
            Assert.Equal(alice, new Guid(packed.AsSpan(16, 16), bigEndian: true).ToString());
        }
        Assert.StartsWith("{\"v\":4,", json, StringComparison.Ordinal);
        Assert.Null(DeepEquality.FirstDifference(state, JsonSerializer.Deserialize<CallState>(json, EntityJson)!, "state"));

        // The forms versions 3 (each packed id a null in s) and 2 (every id as text in s, no u) wrote still
        // read, to the same state; each version's form under another version is refused.
        var before4 = CompactForms.CallStateBodyBeforeVersion4(json);
        var v3 = CompactForms.RunsAsNulls(before4, version: 3);
        Assert.Contains("\"s\":[null,", v3, StringComparison.Ordinal);
        Assert.Null(DeepEquality.FirstDifference(state, JsonSerializer.Deserialize<CallState>(v3, EntityJson)!, "state"));
        var (v2, unpacked) = CompactForms.Unpacked(before4, version: 2);
        Assert.Equal(2, unpacked);
        Assert.True(v2.Length - json.Length >= 16, $"packed {json.Length} B, as text {v2.Length} B"); // 39 B of text an id, 2 + 21⅓ packed, 7 for "u"
        Assert.Null(DeepEquality.FirstDifference(state, JsonSerializer.Deserialize<CallState>(v2, EntityJson)!, "state"));
        CompactForms.AssertRefused<CallState>(CompactForms.WithVersion(v3, 2), "call state: format version 2 has no packed ids");
        CompactForms.AssertRefused<CallState>(CompactForms.WithVersion(json, 3), "call state: format version 3 has no runs of packed ids (a count in s), only nulls");
        CompactForms.AssertRefused<CallState>(CompactForms.WithVersion(v3, 4), "call state: format version 4 counts packed ids in s (a run's length), it has no nulls");
    }

    /// <summary>
    /// A state the last build writing format 3 stored (the long mesh call with a reload below, at its largest)
    /// reads; written again it is format 4, smaller, reads back to the same state, and is the stored one in
    /// format 4's form: the only differences are where format 4 writes less.
    /// </summary>
    [Fact]
    public void StoredVersion3State_Reads_AndIsWrittenAsVersion4_SmallerAndTheSame()
    {
        var stored = File.ReadAllText(Fixture.PathOf("call-state-v3-mesh-call-with-reload.json"));
        Assert.StartsWith("{\"v\":3,", stored, StringComparison.Ordinal);
        var state = JsonSerializer.Deserialize<CallState>(stored, EntityJson)!;
        Assert.Equal(3, state.Clients.Count);
        Assert.Equal(1, state.Clients[0].Rejoins);
        Assert.All(state.Clients, c => Assert.Equal(32, c.RecentSamples.Count));

        var json = JsonSerializer.Serialize(state, EntityJson);
        Assert.StartsWith("{\"v\":4,", json, StringComparison.Ordinal);
        Assert.Null(DeepEquality.FirstDifference(state, JsonSerializer.Deserialize<CallState>(json, EntityJson)!, "state"));
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(stored), JsonNode.Parse(CompactForms.RunsAsNulls(CompactForms.CallStateBodyBeforeVersion4(json), version: 3))),
            $"format 4 in format 3's form is not the stored state:\n{json}");
        // 4,387 B: runs of packed ids save about 200 B, windows stepping by 1 about 160 B, absent barriers 26 B.
        Assert.True(json.Length <= stored.Length - 300, $"format 3 {stored.Length} B, format 4 {json.Length} B");
    }

    /// <summary>A dedup window read in format 4: pairs where the step changes, the time alone where it does not.</summary>
    [Fact]
    public void DedupWindow_WritesAPairOnlyWhereTheStepChanges_AndAMalformedOneIsRefused()
    {
        var state = new CallState { CallId = "c", ClockMs = 10_000 };
        var client = new ClientState { ClientId = "a", JoinedTs = 1_000, LastSampleTs = 9_000, LastSeenAtMs = 9_000, LeftBarrierTs = 5_000 };
        // 2.x samples 7, 8, 9; the page reloads (a new monitor from 0); then 1, 2.
        foreach (var (seq, ts) in new[] { (7L, 6_000L), (8, 7_000), (9, 8_000), (0, 8_500), (1, 9_000), (2, 9_990) })
            client.RecentSamples.Add(new SampleMark(seq, ts));
        state.Clients.Add(client);
        state.Clients.Add(new ClientState { ClientId = "b", JoinedTs = 1_000, RecentSamples = [new(-1, 8_000), new(-1, 9_000)] });

        var json = JsonSerializer.Serialize(state, EntityJson);
        var clients = JsonNode.Parse(json)!["c"]![7]!.AsArray();
        Assert.Equal("[[8,-4000],[1,1000],1000,[-9,500],[1,500],990]", clients[0]![12]!.ToJsonString());
        Assert.Equal(-5_000, clients[0]![10]!.GetValue<long>()); // a barrier, from t0
        Assert.Equal("[[0,-2000],1000]", clients[1]![12]!.ToJsonString()); // 3.x: seq -1, step 0
        Assert.Null(clients[1]![10]); // no barrier
        Assert.Null(DeepEquality.FirstDifference(state, JsonSerializer.Deserialize<CallState>(json, EntityJson)!, "state"));

        foreach (var (window, reason) in new[] { ("[1000,[1,1000]]", "a dedup window starts with a [seq, ts] pair"), ("[[1,1000,5]]", "an array holds more than its fields"), ("[[1]]", "an integer missing"), ("[[1,1000],\"x\"]", "expected an integer") })
        {
            var node = JsonNode.Parse(json)!;
            node["c"]![7]![1]![12] = JsonNode.Parse(window);
            var ex = Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<CallState>(node.ToJsonString(), EntityJson));
            Assert.Contains("call state: " + reason, ex.Message, StringComparison.Ordinal);
        }
    }

    /// <summary>
    /// Windows whose steps and time differences overflow (every pair of extreme sequence numbers and times),
    /// under extreme base times and leave barriers, come back exactly, in format 4 and in format 3's form.
    /// </summary>
    [Fact]
    public void ExtremeWindowsAndBarriers_RoundTripExactly_InFormat4AndFormat3()
    {
        long[] extremes = [long.MinValue, long.MinValue + 1, -1, 0, 1, long.MaxValue - 1, long.MaxValue];
        foreach (var t0 in extremes)
            foreach (var barrier in extremes)
            {
                var state = new CallState { CallId = "c", ClockMs = t0 };
                var client = new ClientState { ClientId = "a", LeftBarrierTs = barrier };
                foreach (var seq in extremes)
                    foreach (var ts in extremes)
                        client.RecentSamples.Add(new SampleMark(seq, ts));
                foreach (var seq in extremes) client.RecentSamples.Add(new SampleMark(seq, t0)); // steps that repeat only by wrapping
                state.Clients.Add(client);
                state.Clients.Add(new ClientState { ClientId = "b", LeftBarrierTs = barrier, RecentSamples = [new(-1, t0)] });
                var json = JsonSerializer.Serialize(state, EntityJson);
                Assert.Null(DeepEquality.FirstDifference(state, JsonSerializer.Deserialize<CallState>(json, EntityJson)!, "state"));
                var v3 = "{\"v\":3," + CompactForms.CallStateBodyBeforeVersion4(json)["{\"v\":4,".Length..];
                Assert.Null(DeepEquality.FirstDifference(state, JsonSerializer.Deserialize<CallState>(v3, EntityJson)!, "state"));
            }
    }

    /// <summary>Random states written in format 3's form (nulls in s, flat windows, every barrier a number) read back the same.</summary>
    [Fact]
    public void RandomStates_InFormat3sForm_ReadBackTheSame()
    {
        var random = new Random(20261125);
        for (var i = 0; i < 300; i++)
        {
            var state = RandomState(random);
            var v3 = CompactForms.RunsAsNulls(CompactForms.CallStateBodyBeforeVersion4(JsonSerializer.Serialize(state, EntityJson)), version: 3);
            var difference = DeepEquality.FirstDifference(state, JsonSerializer.Deserialize<CallState>(v3, EntityJson)!, "state");
            Assert.True(difference is null, $"state {i}: {difference}\n{v3}");
        }
    }

    [Fact]
    public void DeepEquality_SeesAChangedValue()
    {
        // The comparer the round-trip test relies on must notice a difference deep down.
        var random = new Random(7);
        CallState state;
        do state = RandomState(random);
        while (!state.Clients.Any(c => c.PeerConnections.Any(p => p.Tracks.Count > 0)));
        var back = JsonSerializer.Deserialize<CallState>(JsonSerializer.Serialize(state))!;
        Assert.Null(DeepEquality.FirstDifference(state, back, "state"));

        back.Clients.First(c => c.PeerConnections.Any(p => p.Tracks.Count > 0)).PeerConnections.First(p => p.Tracks.Count > 0).Tracks[0].LastSeenAtMs++;
        Assert.NotNull(DeepEquality.FirstDifference(state, back, "state"));
    }

    [Fact]
    public void TrackMatch_EqualToASummaryEntry_IsWrittenAsItsIndex_AndReadAsItsOwn()
    {
        var match = new TrackMatch { PeerConnectionId = "pc", TrackId = "in-1", RemoteClientId = "bob", RemotePeerConnectionId = "pc-b", RemoteTrackId = "out-1", By = "ssrc" };
        var other = new TrackMatch { PeerConnectionId = "pc", TrackId = "in-2", RemoteClientId = "carol", RemotePeerConnectionId = "pc-c", RemoteTrackId = "out-2", By = "sfuStreamId" };
        var state = new CallState
        {
            CallId = "call",
            Clients =
            [
                new ClientState
                {
                    ClientId = "alice",
                    Matches = [match.Clone()],
                    PeerConnections =
                    [
                        new PeerConnectionState
                        {
                            PeerConnectionId = "pc",
                            Tracks =
                            [
                                new TrackState { TrackId = "in-1", Ssrcs = [1], Match = match },
                                new TrackState { TrackId = "in-2", Ssrcs = [2, 3], Match = other },
                            ],
                        },
                    ],
                },
            ],
        };

        var json = JsonSerializer.Serialize(state);
        var back = JsonSerializer.Deserialize<CallState>(json)!;

        Assert.Null(DeepEquality.FirstDifference(state, back, "state"));
        var tracks = back.Clients[0].PeerConnections[0].Tracks;
        Assert.NotSame(back.Clients[0].Matches[0], tracks[0].Match);
        using var doc = JsonDocument.Parse(json);
        var written = doc.RootElement.GetProperty("c")[7][0][14][0][4];
        Assert.Equal(JsonValueKind.Number, written[0][13].ValueKind); // the index of the summary entry
        Assert.Equal(JsonValueKind.Array, written[1][13].ValueKind); // not in the summary: written out
        Assert.Equal(1, doc.RootElement.GetProperty("s").EnumerateArray().Count(s => s.GetString() == "bob"));
    }

    [Fact]
    public void StoredForm_DoesNotDependOnTheOptions()
    {
        var state = RandomState(new Random(3));
        var web = new JsonSerializerOptions(JsonSerializerDefaults.Web) { WriteIndented = true };
        var plain = JsonSerializer.Serialize(state);

        Assert.Equal(plain, JsonSerializer.Serialize(JsonSerializer.Deserialize<CallState>(JsonSerializer.Serialize(state, web), web)));
        Assert.StartsWith("{\"v\":4,\"s\":[", plain, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[]", "expected an object")]
    [InlineData("{\"v\":5,\"s\":[],\"t\":0,\"c\":[]}", "format version 5 is not 1 to 4")]
    [InlineData("{\"v\":4,\"s\":[0],\"t\":0,\"c\":[]}", "s holds a count of packed ids that is not a positive 32-bit integer")]
    [InlineData("{\"v\":4,\"s\":[-1],\"t\":0,\"c\":[]}", "s holds a count of packed ids that is not a positive 32-bit integer")]
    [InlineData("{\"v\":4,\"s\":[1.5],\"t\":0,\"c\":[]}", "s holds a count of packed ids that is not a positive 32-bit integer")]
    [InlineData("{\"v\":4,\"s\":[2147483648],\"t\":0,\"c\":[]}", "s holds a count of packed ids that is not a positive 32-bit integer")]
    [InlineData("{\"v\":4,\"s\":[2147483647,\"x\",2147483647],\"u\":\"AAAAAAAAAAAAAAAAAAAAAA==\",\"t\":0,\"c\":[]}", "s has 4294967294 packed ids, u holds 16 bytes")]
    [InlineData("{\"v\":4,\"s\":[2],\"u\":\"AAAAAAAAAAAAAAAAAAAAAA==\",\"t\":0,\"c\":[]}", "s has 2 packed ids, u holds 16 bytes")]
    [InlineData("{\"v\":4,\"s\":[null],\"u\":\"AAAAAAAAAAAAAAAAAAAAAA==\",\"t\":0,\"c\":[]}", "format version 4 counts packed ids in s (a run's length), it has no nulls")]
    [InlineData("{\"v\":3,\"s\":[1],\"u\":\"AAAAAAAAAAAAAAAAAAAAAA==\",\"t\":0,\"c\":[]}", "format version 3 has no runs of packed ids")]
    [InlineData("{\"v\":3,\"s\":[null],\"t\":0,\"c\":[]}", "s has 1 packed ids, u holds 0 bytes")]
    [InlineData("{\"v\":3,\"s\":[null],\"t\":0,\"c\":[],\"u\":\"AAAAAAAAAAAAAAAAAAAAAA==\"}", "s has 1 packed ids, u holds 0 bytes (16 per id, before c)")]
    [InlineData("{\"v\":3,\"s\":[\"x\"],\"u\":\"AAAAAAAAAAAAAAAAAAAAAA==\",\"t\":0,\"c\":[]}", "s has 0 packed ids, u holds 16 bytes")]
    [InlineData("{\"v\":3,\"s\":[null,null],\"u\":\"AAAAAAAAAAAAAAAAAAAAAA==\",\"t\":0,\"c\":[]}", "s has 2 packed ids, u holds 16 bytes")]
    [InlineData("{\"v\":3,\"s\":[null],\"u\":7,\"t\":0,\"c\":[]}", "u is not a base64 string")]
    [InlineData("{\"v\":3,\"s\":[null],\"u\":\"not base64!\",\"t\":0,\"c\":[]}", "u is not a base64 string")]
    [InlineData("{\"c\":[0],\"v\":1,\"s\":[\"x\"],\"t\":0}", "v, s, u and t must come before c")]
    [InlineData("{\"v\":1,\"s\":[\"x\"],\"t\":5,\"c\":[0,null,null,1,-5,null,3,[],[]],\"u\":\"\"}", "v, s, u and t must come before c")]
    [InlineData("{\"v\":1,\"s\":[\"x\"],\"t\":5,\"c\":[0,null,null,1,-5,null,3,[],[]],\"t\":6}", "t is given twice")]
    [InlineData("{\"v\":1,\"s\":[\"x\"],\"s\":[\"y\"],\"t\":0,\"c\":[]}", "s is given twice")]
    [InlineData("{\"v\":3,\"s\":[null],\"u\":\"AAAAAAAAAAAAAAAAAAAAAA==\",\"u\":\"AAAAAAAAAAAAAAAAAAAAAA==\",\"t\":0,\"c\":[]}", "u is given twice")]
    [InlineData("{\"v\":2,\"s\":[null],\"u\":\"AAAAAAAAAAAAAAAAAAAAAA==\",\"t\":0,\"c\":[]}", "format version 2 has no packed ids (u, or a null or count in s)")]
    [InlineData("{\"v\":2,\"s\":[1],\"u\":\"AAAAAAAAAAAAAAAAAAAAAA==\",\"t\":0,\"c\":[]}", "format version 2 has no packed ids (u, or a null or count in s)")]
    [InlineData("{\"v\":1,\"s\":[\"x\"],\"u\":\"\",\"t\":0,\"c\":[]}", "format version 1 has no packed ids")]
    [InlineData("{\"v\":1,\"s\":[\"x\"],\"t\":0}", "no c")]
    [InlineData("{\"v\":1,\"s\":[],\"t\":0,\"c\":[0,null,null,0,null,null,0,[],[]]}", "string reference 0 is out of range")]
    [InlineData("{\"v\":1,\"s\":[\"x\"],\"t\":0,\"c\":[0,null,null,2,null,null,0,[],[]]}", "expected 0 or 1")]
    [InlineData("{\"v\":1,\"s\":[\"x\"],\"t\":0,\"c\":[0,null,null,0,null,null,0,[]]}", "previous clients missing")]
    [InlineData("{\"v\":1,\"s\":[\"x\"],\"t\":0,\"c\":[0,null,null,0,null,null,0,[],[],7]}", "an array holds more than its fields")]
    [InlineData("{\"v\":1,\"s\":[true],\"t\":0,\"c\":[]}", "s holds a non-string")]
    [InlineData("{\"v\":1,\"s\":[1],\"t\":0,\"c\":[]}", "format version 1 has no packed ids")]
    // Format 4 has one form for each state: a run of packed ids is one count, a window entry is a pair only where
    // the step changes, and a client without a leave barrier is null (the number that means 0 is format 3's form).
    [InlineData("{\"v\":4,\"s\":[\"x\",1,1],\"u\":\"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\",\"t\":0,\"c\":[0,null,null,0,null,null,0,[],[]]}", "s holds two counts in a row (a run of packed ids is one count)")]
    [InlineData("{\"v\":4,\"s\":[\"x\"],\"t\":5,\"c\":[0,null,null,0,null,null,0,[[0,null,null,null,0,0,0,null,0,null,null,0,[[1,2],[1,3]],[],[],[],[],0,[],[],0]],[]]}", "a dedup window pair repeats the step before it (that entry is its time alone)")]
    [InlineData("{\"v\":4,\"s\":[\"x\"],\"t\":5,\"c\":[0,null,null,0,null,null,0,[[0,null,null,null,0,0,0,null,0,null,-5,0,[],[],[],[],[],0,[],[],0]],[]]}", "a client without a leave barrier is null, not its difference from t0")]
    [InlineData("{\"v\":1,\"s\":[\"x\"],\"t\":\"0\",\"c\":[]}", "expected an integer")]
    public void MalformedOrForeignState_IsRefusedWithTheReason(string json, string reason)
    {
        var ex = Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<CallState>(json));
        Assert.Contains("call state: " + reason, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MinimalState_ReadsBack()
    {
        var back = JsonSerializer.Deserialize<CallState>("{\"v\":1,\"s\":[\"x\"],\"t\":5,\"extra\":{\"a\":[1]},\"c\":[0,null,null,1,-5,null,3,[],[]]}")!;
        Assert.Equal(("x", 5L, true, 0L, 3), (back.CallId, back.ClockMs, back.Live, back.StartedTs!.Value, back.PeakClients));
    }

    /// <summary>
    /// A long 3-party mesh call (every client with two peer connections, each sending audio and video and
    /// receiving the other's, ids as UUIDs, full dedup windows, every inbound track matched) stays within
    /// the 4 KB a call's state may take (issue 9), at every step; so does one whose first client reloads its
    /// page half way (a new monitor, new peer connections and tracks on both sides, the call summary's lists
    /// holding the old and the new ids).
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ThreePartyMeshCall_StaysWithin4KB(bool reload)
    {
        var (state, largest) = MeshCall(reloadAt: reload ? 60 : null);

        Assert.Equal(3, state.Clients.Count);
        Assert.All(state.Clients, c => Assert.Equal(32, c.RecentSamples.Count));
        // Matches are the summary's history: after the reload, the old ones and the new.
        Assert.Equal(reload ? [8, 6, 6] : [4, 4, 4], state.Clients.Select(c => c.Matches.Count));
        Assert.Equal(24, state.Clients.Sum(c => c.PeerConnections.Sum(p => p.Tracks.Count)));
        Assert.Equal(reload ? 1 : 0, state.Clients[0].Rejoins);
        // The reload's peak is while the others still hold their old connections to alice (until those
        // time out) besides the new ones: 4,912 B before ids were packed, 4,387 B in format 3.
        Assert.True(largest <= 4096, $"largest call state {largest} B");
        Assert.True(largest > 4096 / 2, $"largest call state {largest} B: the call was not what it should be");
    }

    /// <summary>
    /// The README says what the stored forms are now: the format versions written, how a packed id is
    /// written in <c>s</c>, and the long mesh call's largest state as this test measures it.
    /// </summary>
    [Fact]
    public void Readme_StatesTheCurrentFormats_AndTheLongCallsMeasuredSizes()
    {
        var readme = System.Text.RegularExpressions.Regex.Replace(
            File.ReadAllText(Path.Combine(Storage.AzuriteProcess.RepoRoot(), "README.md")), @"\s+", " ");
        Assert.Contains($"The call state is at version {new CallStateJsonConverter().FormatVersion} ", readme, StringComparison.Ordinal);
        Assert.Contains($"input is at version {new ObserveRtc.Core.Ingest.CallObservationJsonConverter().FormatVersion} ", readme, StringComparison.Ordinal);
        Assert.DoesNotContain("as `null` in `s`", readme, StringComparison.Ordinal);
        var plain = MeshCall(reloadAt: null).Largest;
        var reload = MeshCall(reloadAt: 60).Largest;
        Assert.Contains($"{plain:N0} B for the call state at its largest", readme, StringComparison.Ordinal);
        Assert.Contains($"reaches {reload:N0} B", readme, StringComparison.Ordinal);
    }

    private static (CallState State, int Largest) MeshCall(int? reloadAt)
    {
        var tracker = new CallTracker(new CallTrackerOptions());
        string Id() => Guid.NewGuid().ToString();
        var names = new[] { "alice", "bob", "carol" };
        var callId = Id();
        var clients = names.Select(n => new Client(Id(), "user-" + n, callId: callId)).ToArray();
        var mic = names.Select(_ => Id()).ToArray();
        var cam = names.Select(_ => Id()).ToArray();
        // pcs[x, y]: x's peer connection to y; inbound track ids are the receiver's own.
        var pcs = new string[3, 3];
        var inbound = new string[3, 3, 2];
        for (var x = 0; x < 3; x++)
            for (var y = 0; y < 3; y++)
            {
                pcs[x, y] = Id();
                inbound[x, y, 0] = Id();
                inbound[x, y, 1] = Id();
            }
        long Ssrc(int from, int to, int kind) => 1_000_000_000L + from * 100 + to * 10 + kind;

        CallState? state = null;
        var largest = 0;
        for (var t = 0; t < 120; t++)
        {
            var joined = t == reloadAt;
            if (joined)
            {
                // Alice's page reloads: a new monitor (sampleSeq from 0), new local tracks, and new peer
                // connections between her and each of the others, with new inbound tracks on both sides.
                clients[0] = new Client(clients[0].Id, "user-alice", callId: callId);
                mic[0] = Id();
                cam[0] = Id();
                for (var y = 1; y < 3; y++)
                    foreach (var (a, b) in new[] { (0, y), (y, 0) })
                    {
                        pcs[a, b] = Id();
                        inbound[a, b, 0] = Id();
                        inbound[a, b, 1] = Id();
                    }
            }
            var samples = new List<ClientSampleView>();
            for (var x = 0; x < 3; x++)
            {
                var parts = new List<object>();
                if (joined && x == 0) parts.Add(Ev("CLIENT_JOINED", atSec: t));
                for (var y = 0; y < 3; y++)
                {
                    if (x == y) continue;
                    var bytes = 1000.0 * (t + 1);
                    parts.Add(Pc(pcs[x, y]));
                    parts.Add(Out(pcs[x, y], mic[x], MediaKind.Audio, Ssrc(x, y, 0), bytes));
                    parts.Add(Out(pcs[x, y], cam[x], MediaKind.Video, Ssrc(x, y, 1), bytes));
                    parts.Add(In(pcs[x, y], inbound[x, y, 0], MediaKind.Audio, Ssrc(y, x, 0), bytes));
                    parts.Add(In(pcs[x, y], inbound[x, y, 1], MediaKind.Video, Ssrc(y, x, 1), bytes));
                }
                samples.Add(clients[x].At(t + x * 0.01, [.. parts]));
            }
            var result = tracker.Observe(state, callId, samples, Sec(t + 0.5));
            var json = JsonSerializer.SerializeToUtf8Bytes(result.State, EntityJson);
            largest = Math.Max(largest, json.Length);
            state = JsonSerializer.Deserialize<CallState>(json, EntityJson);
        }
        return (state!, largest);
    }

    // ---------------------------------------------------------------- helpers

    private static readonly string[] Strings =
        ["", "a", "pc|with|bars", "|", "ü-ñ-日本", "quote\"back\\slash", "\u0001ctl", "f0d046a4-5cfa-8d05-98b4-33272ca7236d", new string('x', 300), "ssrc", "sfuStreamId",
         "00000000-0000-0000-0000-000000000000", "F0D046A4-5CFA-8D05-98B4-33272CA7236D", "{f0d046a4-5cfa-8d05-98b4-33272ca7236d}", "f0d046a4-5cfa-8d05-98b4-33272ca7236g", "f0d046a45cfa8d0598b433272ca7236d"];

    private static readonly long[] Times = [0, 1, -1, long.MinValue, long.MaxValue, 1_700_000_000_000, 1_700_000_000_999, 946_684_800_001];

    private static CallState RandomState(Random r)
    {
        string S() => Strings[r.Next(Strings.Length)];
        string? NS() => r.Next(4) == 0 ? null : S();
        long T() => r.Next(3) == 0 ? Times[r.Next(Times.Length)] : 1_700_000_000_000 + r.Next(-100_000, 100_000);
        long? NT() => r.Next(4) == 0 ? null : T();
        bool B() => r.Next(2) == 0;
        double? D() => r.Next(4) switch { 0 => null, 1 => r.Next(), 2 => r.NextDouble() * 1e12, _ => 1e300 * r.NextDouble() };
        TrackMatch M() => new() { PeerConnectionId = S(), TrackId = S(), RemoteClientId = S(), RemoteUserId = NS(), RemotePeerConnectionId = S(), RemoteTrackId = S(), By = S() };

        var state = new CallState
        {
            CallId = S(), ServiceId = NS(), RoomId = NS(), Live = B(), StartedTs = NT(),
            ClockMs = T(), EmptySinceMs = NT(), PeakClients = r.Next(0, 9),
        };
        for (var b = r.Next(3); b > 0; b--) state.PreviousClients.Add(new ClientBarrier { ClientId = S(), Ts = T() });
        for (var c = r.Next(4); c > 0; c--)
        {
            var client = new ClientState
            {
                ClientId = S(), UserId = NS(), MediaUnitId = NS(), Marker = NS(), JoinedTs = T(), LastSampleTs = T(), LastSeenAtMs = T(),
                LastSampleSeq = r.Next(3) == 0 ? null : r.Next(-1, 1000), Left = B(), LeftTs = NT(), LeftBarrierTs = r.Next(3) == 0 ? 0 : T(), Rejoins = r.Next(3), RejoinedTs = NT(),
                PeerConnectionCount = r.Next(5), IssueTotal = r.Next(9),
            };
            // Numbered samples step by 1, 3.x ones stay at -1; some windows go back (a reload) or jump.
            var (seq, step) = (r.Next(-1, 1000), r.Next(3) - 1);
            for (var i = r.Next(40); i > 0; i--)
                client.RecentSamples.Add(new SampleMark(r.Next(5) == 0 ? (r.Next(3) == 0 ? -1 : r.Next(1000)) : seq += step, T()));
            for (var i = r.Next(4); i > 0; i--) client.Matches.Add(M());
            for (var p = r.Next(4); p > 0; p--)
            {
                var pc = new PeerConnectionState { PeerConnectionId = S(), LastSeenTs = T(), LastSeenAtMs = T(), LastMediaTs = NT() };
                for (var k = r.Next(5); k > 0; k--)
                {
                    var track = new TrackState
                    {
                        TrackId = S(), Direction = (TrackDirection)r.Next(2), Kind = (MediaKind)r.Next(3), AddedTs = T(), LastSeenTs = T(), LastSeenAtMs = T(),
                        MaxBytes = D(), MaxBytesTs = T(), BytesStalled = r.Next(3) == 0, SfuStreamId = r.Next(3) == 0 ? S() : null,
                        SfuSinkId = r.Next(3) == 0 ? S() : null, RemoteClientHint = r.Next(3) == 0 ? S() : null,
                        Match = r.Next(3) switch { 0 => null, 1 when client.Matches.Count > 0 => client.Matches[r.Next(client.Matches.Count)].Clone(), _ => M() },
                    };
                    for (var n = r.Next(4); n > 0; n--) track.Ssrcs.Add(r.Next(3) == 0 ? uint.MaxValue - (uint)r.Next(9) : r.Next());
                    pc.Tracks.Add(track);
                }
                client.PeerConnections.Add(pc);
            }
            for (var g = r.Next(4); g > 0; g--) client.Tombstones.Add(new Tombstone { Key = S() + (B() ? "|" + S() : ""), RemovedTs = T(), Bytes = D(), Final = B() });
            for (var i = r.Next(4); i > 0; i--) client.PeerConnectionIds.Add(S());
            for (var i = r.Next(4); i > 0; i--) client.TrackCounts.Add(new TrackCount { Kind = (MediaKind)r.Next(3), Direction = (TrackDirection)r.Next(2), Count = r.Next(100) });
            for (var i = r.Next(3); i > 0; i--) client.Issues.Add(new IssueCount { Type = S(), Count = r.Next(100) });
            state.Clients.Add(client);
        }
        return state;
    }
}
