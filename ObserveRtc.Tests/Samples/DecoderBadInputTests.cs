using System.Text;
using ObserveRtc.Core.Samples;

namespace ObserveRtc.Tests.Samples;

public class DecoderBadInputTests
{
    private static readonly SampleDecoder Decoder = new();

    private static DecodedBody Decode(string json, string? hint = null) => Decoder.Decode(Encoding.UTF8.GetBytes(json), DecoderFixtureTests.Context(hint));

    private const string Good = """{"clientId":"c1","roomId":"r1","timestamp":1756000000000}""";

    [Fact]
    public void Envelope_OneBadSample_IsRejectedAndTheOthersGoOn()
    {
        var body = Decode($$"""{"clientSamples":[{{Good}},{"clientId":"c2","roomId":"r1","timestamp":"soon"},{"clientId":"c3","roomId":"r1","timestamp":1756000000001}]}""");

        Assert.Equal(["c1", "c3"], body.ClientSamples.Select(s => s.View.ClientId));
        var rejection = Assert.Single(body.Rejections);
        Assert.Equal(RejectReasons.InvalidValue, rejection.Reason);
        Assert.Equal("clientSamples[1]", rejection.SampleIndex);
        Assert.Contains("$.timestamp", rejection.Detail, StringComparison.Ordinal);
        Assert.StartsWith("""{"clientId":"c2""", rejection.BodyPrefix, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("clientId", 40_000)]
    [InlineData("callId", 1_025)]
    [InlineData("roomId", 5_000)]
    public void AnIdLongerThanTheLimit_RejectsItsSampleOnly(string field, int length)
    {
        var id = new string('x', length);
        var ids = new Dictionary<string, string> { ["clientId"] = "c2", ["callId"] = "call", ["roomId"] = "r1" };
        ids[field] = id;
        var body = Decode($$"""{"clientSamples":[{{Good}},{"clientId":"{{ids["clientId"]}}","callId":"{{ids["callId"]}}","roomId":"{{ids["roomId"]}}","timestamp":1756000000000}]}""");

        Assert.Equal(["c1"], body.ClientSamples.Select(s => s.View.ClientId));
        var rejection = Assert.Single(body.Rejections);
        Assert.Equal(RejectReasons.InvalidValue, rejection.Reason);
        Assert.Contains($"{field} is {length:N0} characters long; the limit is 1,024", rejection.Detail, StringComparison.Ordinal);

        var atTheLimit = Decode($$"""{"clientId":"{{new string('y', 1024)}}","callId":"call","timestamp":1756000000000}""");
        Assert.Empty(atTheLimit.Rejections);
    }

    [Fact]
    public void AServiceIdLongerThanTheLimit_RejectsTheBody_WithTheReason()
    {
        var context = new DecodeContext(new SampleOrigin(new string('s', 2_000), "mu", 1_756_000_010_000));

        var body = Decoder.Decode(Encoding.UTF8.GetBytes(Good), context);

        Assert.Empty(body.ClientSamples);
        var rejection = Assert.Single(body.Rejections);
        Assert.Equal(RejectReasons.InvalidValue, rejection.Reason);
        Assert.Contains("serviceId is 2,000 characters long", rejection.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void AnSfuIdLongerThanTheLimit_IsRejected()
    {
        var body = Decode($$"""{"sfuSamples":[{"sfuId":"{{new string('s', 2000)}}","timestamp":1756000000000}]}""");

        Assert.Empty(body.SfuSamples);
        Assert.Contains("sfuId is 2,000 characters long", Assert.Single(body.Rejections).Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"clientId":"c1", /* a comment */ "roomId":"r1","timestamp":1756000000000}""")]
    [InlineData("{\"clientId\":\"c1\",\"roomId\":\"r1\",\"timestamp\":1756000000000, // a comment\n\"peerConnections\":[],}")]
    [InlineData("""{"clientId":"c1","roomId":"r1","timestamp":1756000000000,"inboundAudioTracks":[{"ssrc":1,},],}""")]
    public void Bare_CommentsAndTrailingCommas_AreAccepted(string json)
    {
        var body = Decode(json);

        Assert.Empty(body.Rejections);
        Assert.Equal("c1", Assert.Single(body.ClientSamples).View.ClientId);
    }

    [Fact]
    public void Envelope_TruncatedAfterTwoSamples_KeepsThoseAndRejectsTheRest()
    {
        var body = Decode($$"""{"clientSamples":[{{Good}},{{Good.Replace("c1", "c2", StringComparison.Ordinal)}},{"clientId":"c3","roomId":""");

        Assert.Equal(2, body.ClientSamples.Count);
        Assert.Equal(RejectReasons.MalformedJson, Assert.Single(body.Rejections).Reason);
    }

    [Theory]
    [InlineData("""{"clientId":"NULL","roomId":"r","timestamp":1756000000000}""", RejectReasons.MissingClientId)]
    [InlineData("""{"clientId":"","callId":"x","timestamp":1756000000000}""", RejectReasons.MissingClientId)]
    [InlineData("""{"clientId":"c","timestamp":1756000000000}""", RejectReasons.MissingCallIdentity)]
    [InlineData("""{"clientId":"c","roomId":"NULL","callId":"NULL","timestamp":1756000000000}""", RejectReasons.MissingCallIdentity)]
    [InlineData("""{"clientId":"c","roomId":"r"}""", RejectReasons.InvalidValue)]
    [InlineData("""{"clientId":"c","roomId":"r","timestamp":1756000000}""", RejectReasons.InvalidValue)]
    [InlineData("""{"clientId":"c","roomId":"r","timestamp":1e400}""", RejectReasons.InvalidValue)]
    [InlineData("""{"clientId":"c","roomId":"r","timestamp":99999999999999999999999}""", RejectReasons.InvalidValue)]
    [InlineData("""{"clientId":"c","roomId":"r","timestamp":1756000000000,"inboundAudioTracks":{"ssrc":1}}""", RejectReasons.InvalidValue)]
    [InlineData("""{"clientId":"c","roomId":"r","timestamp":1756000000000,"inboundAudioTracks":[{"ssrc":"abc"}]}""", RejectReasons.InvalidValue)]
    [InlineData("""{"clientId":{"a":1},"roomId":"r","timestamp":1756000000000}""", RejectReasons.InvalidValue)]
    [InlineData("""{"peerConnections":[],"timestamp":1756000000000,"callId":"x"}""", RejectReasons.MissingClientId)]
    [InlineData("""{"clientId":"c","timestamp":1756000000000,"attachments":{"userId":"u"}}""", RejectReasons.MissingCallIdentity)]
    [InlineData("""{"sfuSamples":[{"timestamp":1756000000000}]}""", RejectReasons.InvalidValue)]
    [InlineData("""{"hello":"world"}""", RejectReasons.UnknownSchema)]
    [InlineData("""{}""", RejectReasons.UnknownSchema)]
    [InlineData("""[1,2,3]""", RejectReasons.UnknownSchema)]
    [InlineData("42", RejectReasons.UnknownSchema)]
    [InlineData("""{"clientId":"c",""", RejectReasons.MalformedJson)]
    [InlineData("""{"clientId":"c","roomId":"r","timestamp":1756000000000}}""", RejectReasons.MalformedJson)]
    [InlineData("not json at all", RejectReasons.MalformedJson)]
    [InlineData("", RejectReasons.MalformedJson)]
    [InlineData("   ", RejectReasons.MalformedJson)]
    [InlineData("""{"clientSamples":[1,"two",null]}""", RejectReasons.InvalidValue)]
    public void BadBody_IsRejectedWithItsReason(string json, string reason)
    {
        var body = Decode(json);

        Assert.Empty(body.ClientSamples);
        Assert.Empty(body.SfuSamples);
        Assert.NotEmpty(body.Rejections);
        Assert.All(body.Rejections, r => Assert.Equal(reason, r.Reason));
        Assert.All(body.Rejections, r => Assert.False(string.IsNullOrWhiteSpace(r.Detail)));
    }

    [Fact]
    public void Envelope_NullElements_AreSkipped_NotRejectedNorCounted()
    {
        var body = Decode($$"""{"clientSamples":[null,{{Good}},null],"sfuSamples":[null],"turnSamples":[null]}""");
        Assert.Equal(["c1"], body.ClientSamples.Select(s => s.View.ClientId));
        Assert.Empty(body.Rejections);

        var onlyNulls = Decode("""{"clientSamples":[null]}""");
        Assert.Empty(onlyNulls.ClientSamples);
        Assert.Empty(onlyNulls.Rejections); // an envelope with no samples: neither accepted nor rejected

        var limited = new SampleDecoder(new SampleDecoderOptions { MaxSamplesPerBody = 1 });
        var one = limited.Decode(Encoding.UTF8.GetBytes($$"""{"clientSamples":[null,null,{{Good}}]}"""), DecoderFixtureTests.Context());
        Assert.Single(one.ClientSamples); // nulls do not count towards the limit
        Assert.Empty(one.Rejections);
    }

    /// <summary>
    /// An envelope list given twice: the last one, as for any field given twice (and as the Java observer's
    /// Jackson and observer-js's JSON.parse read it); the earlier one's samples and rejections are dropped,
    /// the other lists' kept, and the dropped elements no longer count toward the body's limit.
    /// </summary>
    [Fact]
    public void Envelope_AListGivenTwice_TheLastOneIsRead()
    {
        const string sfu = """{"sfuId":"s","timestamp":1756000000000}""";
        var c = (string id) => Good.Replace("c1", id, StringComparison.Ordinal);
        var body = Decode($$"""{"clientSamples":[{{c("a")}},1],"sfuSamples":[{{sfu}},2],"clientSamples":[{{c("b")}},3,{{c("d")}}]}""");
        Assert.Equal(["b", "d"], body.ClientSamples.Select(s => s.View.ClientId));
        Assert.Single(body.SfuSamples);
        Assert.Equal(["sfuSamples[1]", "clientSamples[1]"], body.Rejections.Select(r => r.SampleIndex));

        var notAList = Decode($$"""{"clientSamples":7,"clientSamples":[{{c("b")}}]}""");
        Assert.Equal("b", Assert.Single(notAList.ClientSamples).View.ClientId);
        Assert.Empty(notAList.Rejections);

        var thenNull = Decode($$"""{"turnSamples":[{"serverId":"t"}],"clientSamples":[{{c("a")}}],"clientSamples":null}""");
        Assert.Empty(thenNull.ClientSamples);
        Assert.Single(thenNull.TurnSamples);

        var limited = new SampleDecoder(new SampleDecoderOptions { MaxSamplesPerBody = 2 });
        var replaced = limited.Decode(Encoding.UTF8.GetBytes($$"""{"clientSamples":[{{c("a")}},{{c("x")}}],"clientSamples":[{{c("b")}},{{c("d")}}]}"""), DecoderFixtureTests.Context());
        Assert.Equal(["b", "d"], replaced.ClientSamples.Select(s => s.View.ClientId));
        Assert.Empty(replaced.Rejections);
    }

    /// <summary>
    /// An envelope list given twice, with another list between: the body reads as if the earlier one were
    /// not there, also for the body's sample limit, which the earlier one's elements must not have spent
    /// on the lists read between the two.
    /// </summary>
    [Theory]
    [InlineData(2, """{"clientSamples":[@A,@B],"sfuSamples":[@S],"clientSamples":[@C]}""", """{"sfuSamples":[@S],"clientSamples":[@C]}""")]
    [InlineData(3, """{"clientSamples":[@A,@B],"sfuSamples":[@S,@S],"clientSamples":[@C]}""", """{"sfuSamples":[@S,@S],"clientSamples":[@C]}""")]
    [InlineData(2, """{"turnSamples":[@T,@T],"clientSamples":[@A],"turnSamples":[@T],"sfuSamples":[@S],"turnSamples":[]}""", """{"clientSamples":[@A],"sfuSamples":[@S],"turnSamples":[]}""")]
    [InlineData(1, """{"sfuSamples":[@S],"clientSamples":[@A,@B],"sfuSamples":null,"clientSamples":[@C]}""", """{"sfuSamples":null,"clientSamples":[@C]}""")]
    [InlineData(1, """{"clientSamples":[@A,@B],"client\u0053amples":[@C]}""", """{"client\u0053amples":[@C]}""")]
    [InlineData(5, """{"clientSamples":[@A],"sfuSamples":[@S],"clientSamples":[@B,@C,}""", """{"sfuSamples":[@S],"clientSamples":[@B,@C,}""")]
    public void Envelope_AListGivenTwice_ReadsAsIfTheEarlierOneWereNotThere(int limit, string template, string withoutEarlier)
    {
        var decoder = new SampleDecoder(new SampleDecoderOptions { MaxSamplesPerBody = limit });
        string Fill(string t) => t
            .Replace("@A", Good.Replace("c1", "a", StringComparison.Ordinal), StringComparison.Ordinal)
            .Replace("@B", Good.Replace("c1", "b", StringComparison.Ordinal), StringComparison.Ordinal)
            .Replace("@C", Good.Replace("c1", "c", StringComparison.Ordinal), StringComparison.Ordinal)
            .Replace("@S", """{"sfuId":"s","timestamp":1756000000000}""", StringComparison.Ordinal)
            .Replace("@T", """{"serverId":"t"}""", StringComparison.Ordinal);
        string Summary(DecodedBody b) => string.Join(" | ",
            string.Join(",", b.ClientSamples.Select(s => s.View.ClientId)),
            b.SfuSamples.Count, b.TurnSamples.Count,
            string.Join(",", b.Rejections.Select(r => $"{r.SampleIndex}: {r.Detail.Split(" LineNumber")[0]}")));
        DecodedBody Read(string t) => decoder.Decode(Encoding.UTF8.GetBytes(Fill(t)), DecoderFixtureTests.Context());

        Assert.Equal(Summary(Read(withoutEarlier)), Summary(Read(template)));
    }

    [Fact]
    public void AnEscapedLoneSurrogateAsAFieldName_IsAnUnknownField_AndTheBodyGoesOn()
    {
        var envelope = Decode($$"""{"clientSamples":[{{Good}}],"\ud800":1,"sfuSamples":[{"sfuId":"s","timestamp":1756000000000}]}""");
        Assert.Equal(["c1"], envelope.ClientSamples.Select(s => s.View.ClientId));
        Assert.Single(envelope.SfuSamples);
        Assert.Empty(envelope.Rejections);

        var bare = Decode("""{"\ud800":1,"clientId":"c","roomId":"r","timestamp":1756000000000}""");
        Assert.Equal("c", Assert.Single(bare.ClientSamples).View.ClientId);
        Assert.Empty(bare.Rejections);
    }

    [Theory]
    [InlineData("""{"roomId":"a","roomId":"b"}""", "b")] // the last of a field given twice, as everywhere in a sample
    [InlineData("""{"roomId":"\ud800","userId":"u","roomId":"b"}""", "b")] // an unreadable value a later one replaces
    [InlineData("\" {\\\"roomId\\\":\\\"b\\\"}\"", "b")] // as a JSON string, with whitespace before the object
    public void Schema3Attachments_GiveTheRoom(string attachments, string room)
    {
        var body = Decode($$"""{"clientId":"c","timestamp":1756000000000,"attachments":{{attachments}}}""");
        Assert.Empty(body.Rejections);
        Assert.Equal(room, Assert.Single(body.ClientSamples).View.RoomId);
    }

    [Fact]
    public void Schema3Attachments_AnEscapedLoneSurrogateInTheRoom_IsInvalidValue_WithThePath()
    {
        var rejection = Assert.Single(Decode("""{"clientId":"c","callId":"x","timestamp":1756000000000,"attachments":{"roomId":"\ud800"}}""").Rejections);
        Assert.Equal(RejectReasons.InvalidValue, rejection.Reason);
        Assert.Contains("$.attachments", rejection.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void ASamplesEncoderBodySentAsAJsonString_IsMalformedJson_WithTheNote()
    {
        var rejection = Assert.Single(Decode("\"CgQIARABEgQIARABGgQIARAB\"").Rejections);
        Assert.Equal(RejectReasons.MalformedJson, rejection.Reason);
        Assert.Contains("samples-encoder", rejection.Detail, StringComparison.Ordinal);

        Assert.Equal(RejectReasons.UnknownSchema, Assert.Single(Decode("\"hello, a sentence\"").Rejections).Reason);
        Assert.Equal(RejectReasons.UnknownSchema, Assert.Single(Decode("\"thisisjustalongword\"").Rejections).Reason);
    }

    [Theory]
    [InlineData("-9223372036854775809", false)]
    [InlineData("\"-9223372036854775809\"", false)]
    [InlineData("9223372036854775808", false)]
    [InlineData("\" 9223372036854775808 \"", false)]
    [InlineData("-9223372036854775808", true)]
    [InlineData("\"-9223372036854775808\"", true)]
    [InlineData("9223372036854775807", true)]
    public void AnIntegerBeyond64Bits_IsInvalidValue_EvenWhereADoubleWouldRoundItIn(string seq, bool accepted)
    {
        var body = Decode($$"""{"clientId":"c","roomId":"r","timestamp":1756000000000,"sampleSeq":{{seq}}}""");
        if (accepted)
        {
            Assert.Empty(body.Rejections);
            return;
        }
        var rejection = Assert.Single(body.Rejections);
        Assert.Equal(RejectReasons.InvalidValue, rejection.Reason);
        Assert.Contains("integer out of range", rejection.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("4.0.0")]
    [InlineData("1.0")]
    [InlineData("latest")]
    public void UnsupportedSchemaHint_IsUnknownSchema(string hint)
    {
        var rejection = Assert.Single(Decode(Good, hint).Rejections);
        Assert.Equal(RejectReasons.UnknownSchema, rejection.Reason);
        Assert.Contains(hint, rejection.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void TooLarge_IsRejectedBeforeParsing()
    {
        var decoder = new SampleDecoder(new SampleDecoderOptions { MaxBodyBytes = 64 * 1024 });
        var big = Encoding.UTF8.GetBytes("{\"clientId\":\"c\",\"roomId\":\"" + new string('x', 70_000) + "\",\"timestamp\":1756000000000}");

        var rejection = Assert.Single(decoder.Decode(big, DecoderFixtureTests.Context()).Rejections);
        Assert.Equal(RejectReasons.TooLarge, rejection.Reason);
        Assert.Equal(512, Encoding.UTF8.GetByteCount(rejection.BodyPrefix));
    }

    [Fact]
    public void InvalidUtf8_IsMalformedJson()
    {
        var bytes = Encoding.UTF8.GetBytes(Good);
        bytes[14] = 0xC3; // a lead byte followed by an ASCII byte
        var rejection = Assert.Single(Decoder.Decode(bytes, DecoderFixtureTests.Context()).Rejections);
        Assert.Equal(RejectReasons.MalformedJson, rejection.Reason);
        Assert.Contains("UTF-8", rejection.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void DeepNesting_IsRejectedNotThrown()
    {
        var deep = "{\"clientId\":\"c\",\"roomId\":\"r\",\"timestamp\":1756000000000,\"x\":" + new string('[', 5000) + new string(']', 5000) + "}";
        var rejection = Assert.Single(Decode(deep).Rejections);
        Assert.Equal(RejectReasons.MalformedJson, rejection.Reason);
    }

    [Fact]
    public void HugeArray_DecodesWithinTheBodyLimit()
    {
        var rows = string.Join(',', Enumerable.Range(0, 15_000).Select(i => $"{{\"ssrc\":{i},\"peerConnectionId\":\"pc\",\"trackId\":\"t{i % 3}\"}}"));
        var body = Decode($$"""{"clientId":"c","roomId":"r","timestamp":1756000000000,"inboundAudioTracks":[{{rows}}]}""");

        var view = Assert.Single(body.ClientSamples).View;
        Assert.Equal(3, view.Tracks.Count);
        Assert.Equal(15_000, view.Tracks.Sum(t => t.Ssrcs.Count));
    }

    [Fact]
    public void TooManySamplesInOneBody_TheRestAreRejected()
    {
        var decoder = new SampleDecoder(new SampleDecoderOptions { MaxSamplesPerBody = 2 });
        var body = decoder.Decode(Encoding.UTF8.GetBytes($"{{\"clientSamples\":[{Good},{Good},{Good}]}}"), DecoderFixtureTests.Context());

        Assert.Equal(2, body.ClientSamples.Count);
        Assert.Equal(RejectReasons.InvalidValue, Assert.Single(body.Rejections).Reason);
    }

    [Fact]
    public void ManySamplesOverTheLimit_AreOneRejection_AndTheNextListStillCounts()
    {
        var decoder = new SampleDecoder(new SampleDecoderOptions { MaxSamplesPerBody = 2 });
        var json = $"{{\"clientSamples\":[{Good},{Good},{string.Join(",", Enumerable.Repeat("0", 10_000))}],\"sfuSamples\":[0]}}";
        var body = decoder.Decode(Encoding.UTF8.GetBytes(json), DecoderFixtureTests.Context());

        Assert.Equal(2, body.ClientSamples.Count);
        Assert.Equal(2, body.Rejections.Count);
        Assert.Contains("10000 dropped", body.Rejections[0].Detail, StringComparison.Ordinal);
        Assert.Equal("clientSamples[2..]", body.Rejections[0].SampleIndex);
        Assert.Equal("sfuSamples[0..]", body.Rejections[1].SampleIndex);
    }

    [Fact]
    public void Lenient_IntsDoublesNumericStringsAndBom_AreAccepted()
    {
        var json = "\uFEFF" + """
            {"clientId":"c","roomId":"r","timestamp":"1756000000000.7","sampleSeq":3.0,
             "inboundAudioTracks":[{"ssrc":"4294967295","audioLevel":1,"totalAudioEnergy":"0.5","packetsReceived":12.0,"peerConnectionId":"pc","trackId":"t"}],
             "codecs":[{"payloadType":111,"mimeType":"audio/opus"}],
             "outboundVideoTracks":[{"ssrc":7,"active":"true","peerConnectionId":"pc","trackId":"v"}],
             "unknownField":{"deep":[1,2,{"x":null}]}}
            """;
        var body = Decode(json);

        Assert.Empty(body.Rejections);
        var sample = Assert.Single(body.ClientSamples).Schema2!;
        Assert.Equal(1756000000000, sample.Timestamp);
        Assert.Equal(3, sample.SampleSeq);
        var audio = Assert.Single(sample.InboundAudioTracks!);
        Assert.Equal(4294967295, audio.Ssrc);
        Assert.Equal(1.0, audio.AudioLevel);
        Assert.Equal(0.5, audio.TotalAudioEnergy);
        // A meta object reports carry as text is kept as the client sent it (no field rewritten).
        Assert.Equal("""{"payloadType":111,"mimeType":"audio/opus"}""", Assert.Single(sample.Codecs!).Json);
        Assert.True(Assert.Single(sample.OutboundVideoTracks!).Active);
    }

    [Fact]
    public void NullListElements_AreSkipped()
    {
        var body = Decode("""{"clientId":"c","roomId":"r","timestamp":1756000000000,"pcTransports":[null,{"transportId":"T","peerConnectionId":"pc"}],"mediaDevices":[null],"iceServers":[null,"stun:x"]}""");

        var sample = Assert.Single(body.ClientSamples);
        Assert.Single(sample.Schema2!.PcTransports!);
        Assert.Empty(sample.Schema2.MediaDevices!);
        Assert.Equal(["stun:x"], sample.Schema2.IceServers!);
        Assert.Equal("pc", Assert.Single(sample.View.PeerConnections).PeerConnectionId);
    }

    [Fact]
    public void Schema3_StringPayloadsAndScoreReasonsArrays_BothRead()
    {
        var json = """
            {"clientId":"c","callId":"call","timestamp":1756000000000,"attachments":"{\"roomId\":\"room-9\",\"userId\":\"u9\"}",
             "scoreReasons":["a","b"],
             "clientEvents":[{"type":"MEDIA_TRACK_ADDED","payload":"{\"peerConnectionId\":\"pc\",\"trackId\":\"t1\"}"},
                             {"type":"MEDIA_TRACK_REMOVED","payload":{"peerConnectionId":"pc","trackId":"t1"}}],
             "clientIssues":[{"type":"freezed-video-track","payload":{"trackId":"t2"},"key":"k"}]}
            """;
        var body = Decode(json);

        var view = Assert.Single(body.ClientSamples).View;
        Assert.Equal("room-9", view.RoomId);
        Assert.Equal("u9", view.UserId);
        Assert.Equal(["t1", "t1"], view.Events.Select(e => e.TrackId));
        Assert.All(view.Events, e => Assert.Equal("pc", e.PeerConnectionId));
        Assert.Equal("t2", Assert.Single(view.Issues).TrackId);
        Assert.Equal("""["a","b"]""", Assert.Single(body.ClientSamples).Schema3!.ScoreReasons);
    }

    [Fact]
    public void SchemaHint_DecidesWhenOnlySharedFieldsArePresent()
    {
        Assert.NotNull(Assert.Single(Decode("""{"clientId":"c","callId":"x","timestamp":1756000000000}""", "3.0.0").ClientSamples).Schema3);
        Assert.NotNull(Assert.Single(Decode("""{"clientId":"c","callId":"x","timestamp":1756000000000}""").ClientSamples).Schema2);
    }

    [Fact]
    public void EventTimestamps_FailingTheSampleChecks_GiveWayToTheSampleTimestamp_AndTheEventsAreKept()
    {
        // In seconds (1970), a day ahead of the receive time, and a good one, in every kind of event a sample carries.
        var v2 = Decode("""
            {"clientSamples":[{"clientId":"c2","roomId":"r","timestamp":1756000000000,"customCallEvents":[
               {"name":"CLIENT_JOINED","timestamp":1756000000},{"name":"CLIENT_LEFT","timestamp":1756086400000},
               {"name":"APP","timestamp":1755999999000},{"name":"CLIENT_ISSUE","value":"x","timestamp":1756000000}]}],
             "sfuSamples":[{"sfuId":"s","timestamp":1756000000000,"customSfuEvents":[{"name":"E","timestamp":1756000000},{"name":"F","timestamp":1755999999000}]}]}
            """);
        var v3 = Decode("""
            {"clientId":"c3","callId":"call","timestamp":1756000000000,
             "clientEvents":[{"type":"A","timestamp":1756000000},{"type":"B","timestamp":1756086400000},{"type":"C","timestamp":1755999999000}],
             "clientIssues":[{"type":"I","timestamp":1756000000},{"type":"J","timestamp":1755999999000}]}
            """, "3.0.0");

        Assert.Empty(v2.Rejections);
        Assert.Empty(v3.Rejections);
        var view2 = Assert.Single(v2.ClientSamples).View;
        Assert.Equal([null, null, 1755999999000, null], view2.Events.Select(e => e.TimestampMs)); // the CLIENT_ISSUE too
        var view3 = Assert.Single(v3.ClientSamples).View;
        Assert.Equal([null, null, 1755999999000], view3.Events.Select(e => e.TimestampMs));
        Assert.Equal([null, 1755999999000], view3.Issues.Select(e => e.TimestampMs));
        Assert.Equal([null, 1755999999000], Assert.Single(v2.SfuSamples).View.Events.Select(e => e.TimestampMs));
    }

    [Fact]
    public void SchemaHint_AStrayFieldOfTheOtherClientSchema_DoesNotDecideAlone()
    {
        // A 3.x sample with a top-level userId first: read as 3.x, its peer connection kept.
        var three = Assert.Single(Decode("""{"clientId":"a","callId":"c","timestamp":1756000000000,"userId":"u","peerConnections":[{"peerConnectionId":"p","inboundRtps":[{"id":"i","timestamp":1,"ssrc":5,"kind":"audio","trackIdentifier":"t","bytesReceived":9}]}]}""", "3.0.0").ClientSamples);
        Assert.NotNull(three.Schema3);
        Assert.Equal("p", Assert.Single(three.View.PeerConnections).PeerConnectionId);
        // A 2.x sample with a stray 3.x field first, hinted 2.2.
        var two = Assert.Single(Decode("""{"clientId":"a","roomId":"r","timestamp":1756000000000,"attachments":{},"pcTransports":[{"transportId":"T","peerConnectionId":"pc"}]}""", "2.2.0").ClientSamples);
        Assert.NotNull(two.Schema2);
        Assert.Equal("pc", Assert.Single(two.View.PeerConnections).PeerConnectionId);
        // Only fields of the other schema: they say more than the hint.
        var mislabelled = Assert.Single(Decode("""{"clientId":"a","roomId":"r","timestamp":1756000000000,"pcTransports":[{"transportId":"T","peerConnectionId":"pc"}]}""", "3.0.0").ClientSamples);
        Assert.NotNull(mislabelled.Schema2);
    }

    [Theory]
    [InlineData("""{"clientSamples":[]}""")]
    [InlineData("""{"controls":{"close":false}}""")]
    [InlineData("""{"clientSamples":[],"sfuSamples":null,"turnSamples":[]}""")]
    public void EnvelopeWithoutSamples_IsNeitherAcceptedNorRejected(string json)
    {
        var body = Decode(json);

        Assert.Empty(body.Rejections);
        Assert.Empty(body.ClientSamples);
        Assert.Empty(body.SfuSamples);
    }

    [Fact]
    public void EnvelopeWithoutSamplesButWithAFieldNoSchemaKnows_IsRejected_NotDroppedSilently()
    {
        // A sample under a misspelt key: nothing would be accepted, so it must be said.
        var rejection = Assert.Single(Decode("""{"controls":{"close":false},"clientSample":{"clientId":"a","callId":"c","timestamp":1756000000000}}""").Rejections);

        Assert.Equal(RejectReasons.InvalidValue, rejection.Reason);
        Assert.Contains("\"clientSample\"", rejection.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void TimestampFarAhead_IsRejected()
    {
        var rejection = Assert.Single(Decode("""{"clientId":"c","roomId":"r","timestamp":1856000000000}""").Rejections);
        Assert.Equal(RejectReasons.InvalidValue, rejection.Reason);
        Assert.Contains("ahead", rejection.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Options_OutOfRange_AreListedInOneError()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new SampleDecoder(new SampleDecoderOptions { MaxBodyBytes = 10, MaxSamplesPerBody = 0 }));
        Assert.Contains("MaxBodyBytes", ex.Message, StringComparison.Ordinal);
        Assert.Contains("MaxSamplesPerBody", ex.Message, StringComparison.Ordinal);
    }
}
