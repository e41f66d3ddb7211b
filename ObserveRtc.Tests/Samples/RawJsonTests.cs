using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ObserveRtc.Core.Samples;
using ObserveRtc.Core.Samples.Json;

namespace ObserveRtc.Tests.Samples;

public class RawJsonTests
{
    private static string Copy(string json)
    {
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(json));
        reader.Read();
        var text = RawJson.Copy(ref reader);
        Assert.False(reader.Read(), "the reader ends on the value's last token");
        return text;
    }

    [Theory]
    [InlineData("""{"a":1}""")]
    [InlineData("""{}""")]
    [InlineData("""[]""")]
    [InlineData("""[1,2.50,-0,1e3,1E-7,true,false,null,"x"]""")]
    [InlineData("""{"a":{"b":[{},[],[{"c":null}]]},"d":"e","f":[1,[2,[3]]]}""")]
    [InlineData("""{"esc\"aped":"line\nbreak \u00e9 \ud83d\ude00 \\ \/","é":"ü"}""")]
    [InlineData("""{"same":1,"same":2}""")]
    public void Minified_Input_IsCopiedByteForByte(string json) => Assert.Equal(json, Copy(json));

    [Fact]
    public void Whitespace_IsDropped_AndNothingElse()
    {
        const string Spaced = "{ \"a\" : [ 1 ,\n\t2 ] ,\r\n \"b\" : { \"c\" : \"x y\" } , \"d\" : [ ] }";
        Assert.Equal("""{"a":[1,2],"b":{"c":"x y"},"d":[]}""", Copy(Spaced));
    }

    [Fact]
    public void RandomDocuments_RoundTripToEqualJson()
    {
        var random = new Random(20261124);
        for (var i = 0; i < 300; i++)
        {
            var node = RandomNode(random, 0);
            var indented = node.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
            var copy = Copy(indented);
            Assert.True(JsonNode.DeepEquals(node, JsonNode.Parse(copy)), $"document {i}: {indented} became {copy}");
            Assert.Equal(node.ToJsonString(), copy);
        }
    }

    private const string Alphabet = "ab\"\\\n\u00e9\u4e2d /<\u0001";

    private static JsonNode RandomNode(Random random, int depth)
    {
        switch (depth > 4 ? random.Next(3) : random.Next(5))
        {
            case 0: return JsonValue.Create(random.NextDouble() * Math.Pow(10, random.Next(-5, 15)) * (random.Next(2) == 0 ? -1 : 1));
            case 1: return JsonValue.Create(random.NextInt64(long.MinValue, long.MaxValue));
            case 2: return JsonValue.Create(new string(Enumerable.Range(0, random.Next(8)).Select(_ => Alphabet[random.Next(Alphabet.Length)]).ToArray()));
            case 3:
                var array = new JsonArray();
                for (var i = random.Next(4); i > 0; i--) array.Add(RandomNode(random, depth + 1));
                return array;
            default:
                var obj = new JsonObject();
                for (var i = random.Next(5); i > 0; i--) obj["k" + i + "\"é"[random.Next(2)]] = random.Next(6) == 0 ? null : RandomNode(random, depth + 1);
                return obj;
        }
    }

    private static RawStats Stats(string json) => JsonSerializer.Deserialize<RawStats>(json)!;

    [Fact]
    public void RawStats_KeepTheObjectAndItsTopLevelIds()
    {
        var stats = Stats("""{ "timestamp": 1.5, "nested": {"id":"inner","peerConnectionId":"inner-pc"}, "id": "CIT01_111", "peerConnectionId": 42, "id": "second" }""");

        Assert.Equal("""{"timestamp":1.5,"nested":{"id":"inner","peerConnectionId":"inner-pc"},"id":"CIT01_111","peerConnectionId":42,"id":"second"}""", stats.Json);
        Assert.Equal("CIT01_111", stats.Id);
        Assert.Equal("42", stats.PeerConnectionId);
        Assert.Null(Stats("""{"id":{"x":1},"peerConnectionId":null}""").Id);
        Assert.Equal("é\"", Stats("""{"id":"\u00e9\""}""").Id);
        Assert.Equal(stats.Json, JsonSerializer.Serialize(stats));
    }

    [Theory]
    [InlineData("\"text\"", "String")]
    [InlineData("[1]", "StartArray")]
    [InlineData("7", "Number")]
    public void RawStats_FromANonObject_IsAnInvalidValue(string json, string token)
    {
        var error = Assert.Throws<JsonException>(() => Stats(json));
        Assert.Contains($"expected an object, got {token}", error.Message);
    }

    [Fact]
    public void Decoder_KeepsMetaObjectsAsSent_AndRejectsANonObject()
    {
        var decoder = new SampleDecoder();
        var good = decoder.Decode(Encoding.UTF8.GetBytes("""
            {"clientId":"c","roomId":"r","timestamp":1756000000000,
             "os":{"name":"Linux", "futureField":[1, 2]},
             "iceLocalCandidates":[{"peerConnectionId":"pc-1","id":"L1","port":5000.0}]}
            """), DecoderFixtureTests.Context(null));
        var sample = Assert.Single(good.ClientSamples).Schema2!;
        Assert.Equal("""{"name":"Linux","futureField":[1,2]}""", sample.Os!.Json);
        var candidate = Assert.Single(sample.IceLocalCandidates!);
        Assert.Equal(("L1", "pc-1", """{"peerConnectionId":"pc-1","id":"L1","port":5000.0}"""), (candidate.Id, candidate.PeerConnectionId, candidate.Json));

        var bad = decoder.Decode(Encoding.UTF8.GetBytes("""{"clientId":"c","roomId":"r","timestamp":1756000000000,"os":"Linux"}"""), DecoderFixtureTests.Context(null));
        Assert.Empty(bad.ClientSamples);
        Assert.Contains("expected an object, got String", Assert.Single(bad.Rejections).Detail);
    }
}
