using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using ObserveRtc.Core.Samples;
using ObserveRtc.Core.Samples.Json;
using S2 = ObserveRtc.Core.Samples.Schema2;
using S3 = ObserveRtc.Core.Samples.Schema3;

namespace ObserveRtc.Tests.Samples;

/// <summary>
/// The sample models' own converter (<see cref="SampleModelConverterFactory"/>) against System.Text.Json's
/// general object converter on the same source-generated contexts: same names, same values, same output.
/// </summary>
public class SampleModelConverterTests
{
    // The contexts' options less the model converter: what System.Text.Json itself reads and writes.
    private static JsonSerializerOptions Reference() => new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        MaxDepth = 64,
        Converters = { new LenientInt64Converter(), new LenientDoubleConverter(), new LenientBooleanConverter(), new LenientStringConverter(), new NullSkippingListConverterFactory() },
    };

    private static readonly Schema2JsonContext Reference2 = new(Reference());
    private static readonly Schema3JsonContext Reference3 = new(Reference());

    public static TheoryData<string> ModelTypes()
    {
        // Every model class the contexts reach (a schema type no sample refers to has no metadata).
        var data = new TheoryData<string>();
        foreach (var type in ModelTypeList().Where(t => ReferenceInfo(t) is not null)) data.Add(type.FullName!);
        Assert.True(data.Count > 40, $"only {data.Count} model types");
        return data;
    }

    private static IEnumerable<Type> ModelTypeList() =>
        typeof(S3.ClientSample).Assembly.GetTypes()
            .Where(t => t.IsClass && t.IsPublic && (t.Namespace == typeof(S2.ClientSample).Namespace || t.Namespace == typeof(S3.ClientSample).Namespace))
            .OrderBy(t => t.FullName, StringComparer.Ordinal);

    private static JsonTypeInfo? ReferenceInfo(Type type) =>
        type.Namespace == typeof(S3.ClientSample).Namespace ? Reference3.GetTypeInfo(type) : Reference2.GetTypeInfo(type);

    [Theory]
    [MemberData(nameof(ModelTypes))]
    public void EveryModelType_HasTheFieldNamesTheSourceGeneratorGivesIt(string typeName)
    {
        var type = typeof(S3.ClientSample).Assembly.GetType(typeName)!;
        var schema3 = type.Namespace == typeof(S3.ClientSample).Namespace;
        var options = schema3 ? Schema3JsonContext.Default.Options : Schema2JsonContext.Default.Options;
        var reference = ReferenceInfo(type);
        Assert.NotNull(reference);
        Assert.Equal(JsonTypeInfoKind.Object, reference.Kind);

        var converter = options.GetConverter(type);
        var names = (IEnumerable<string>)converter.GetType().GetProperty("Names", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!.GetValue(converter)!;

        Assert.StartsWith("SampleModelConverter", converter.GetType().Name, StringComparison.Ordinal);
        Assert.Equal(reference.Properties.Select(p => p.Name).Order(StringComparer.Ordinal), names.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void EveryRecordedAndFixtureSample_ReadsAndWritesAsSystemTextJsonDoes()
    {
        var bodies = Recording.Files().SelectMany(f => Recording.Lines(f).Select(l => l.Line.Body.ToArray()))
            .Concat(Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "Fixtures"), "schema*.json")
                .Where(f => !f.Contains("base64", StringComparison.Ordinal) && !f.Contains("golden", StringComparison.Ordinal))
                .Select(File.ReadAllBytes))
            .ToList();
        var compared = 0;
        foreach (var body in bodies)
        {
            var text = Encoding.UTF8.GetString(body);
            if (text.Contains("\"clientSamples\"", StringComparison.Ordinal) || text.Contains("\"sfuSamples\"", StringComparison.Ordinal))
                compared += Same(body, Schema2JsonContext.Default.Samples, Reference2.Samples);
            else if (text.Contains("\"peerConnections\"", StringComparison.Ordinal))
                compared += Same(body, Schema3JsonContext.Default.ClientSample, Reference3.ClientSample);
            else
                compared += Same(body, Schema2JsonContext.Default.ClientSample, Reference2.ClientSample);
        }
        Assert.True(compared > 500, $"only {compared} bodies compared");
    }

    private static int Same<T>(byte[] body, JsonTypeInfo<T> model, JsonTypeInfo<T> reference)
        where T : class
    {
        var ours = JsonSerializer.Deserialize(body, model)!;
        var theirs = JsonSerializer.Deserialize(body, reference)!;
        var expected = JsonSerializer.Serialize(theirs, reference);
        Assert.True(expected.Length > 50, expected);
        Assert.Equal(expected, JsonSerializer.Serialize(ours, reference)); // read the same
        Assert.Equal(expected, JsonSerializer.Serialize(theirs, model)); // written the same
        return 1;
    }

    [Fact]
    public void Fields_UnknownNullDuplicateEscapedAndReordered_AreReadAsSystemTextJsonReadsThem()
    {
        const string json = """
            {"clientId":"c","callId":"x","timestamp":1756000000000,"peerConnections":[{"peerConnectionId":"pc",
              "inboundRtps":[
                {"ssrc":1,"kind":"audio","jitter":0.5,"unknown":{"a":[1,{"b":2}]},"packetsLost":null,"jitter":0.25},
                {"kind":"video","ss\u0072c":"2","packetsLost":7,"jitter":"0.125","trackIdentifier":42},
                {"jitter":1e2,"ssrc":3.9,"kind":"audio"}
              ]}]}
            """;
        var ours = JsonSerializer.Deserialize(json, Schema3JsonContext.Default.ClientSample)!;
        var theirs = JsonSerializer.Deserialize(json, Reference3.ClientSample)!;

        Assert.Equal(JsonSerializer.Serialize(theirs, Reference3.ClientSample), JsonSerializer.Serialize(ours, Reference3.ClientSample));
        var rtps = ours.PeerConnections![0].InboundRtps!;
        Assert.Equal([0.25, 0.125, 100], rtps.Select(r => r.Jitter!.Value));
        Assert.Equal([1L, 2L, 3L], rtps.Select(r => r.Ssrc!.Value));
        Assert.Null(rtps[0].PacketsLost);
        Assert.Equal(7.0, rtps[1].PacketsLost);
        Assert.Equal("42", rtps[1].TrackIdentifier);
    }

    [Theory]
    [InlineData("""{"clientId":"c","callId":"x","timestamp":1756000000000,"peerConnections":[{"peerConnectionId":"pc","inboundRtps":[{"ssrc":1},{"ssrc":2,"jitter":"x"}]}]}""", "$.peerConnections[0].inboundRtps[1].jitter")]
    [InlineData("""{"clientId":"c","callId":"x","timestamp":1756000000000,"peerConnections":[null,{"peerConnectionId":"pc","outboundRtps":[{"qualityLimitationDurations":{"cpu":true}}]}]}""", "$.peerConnections[1].outboundRtps[0].qualityLimitationDurations.cpu")]
    [InlineData("""{"clientId":"c","roomId":"r","timestamp":1756000000000,"inboundAudioTracks":[{"ssrc":"abc"}]}""", "$.inboundAudioTracks[0].ssrc")]
    [InlineData("""{"clientId":"c","roomId":"r","timestamp":"soon"}""", "$.timestamp")]
    [InlineData("""{"clientId":"c","roomId":"r","timestamp":1756000000000,"codecs":[{"mimeType":"audio/opus"},"opus"]}""", "$.codecs[1]")]
    public void ABadValue_IsRejectedWithThePathOfItsField(string json, string path)
    {
        var body = new SampleDecoder().Decode(Encoding.UTF8.GetBytes(json), DecoderFixtureTests.Context());

        var rejection = Assert.Single(body.Rejections);
        Assert.Equal(RejectReasons.InvalidValue, rejection.Reason);
        Assert.Contains($"invalid value at {path}:", rejection.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"clientId":"c","callId":"x","timestamp":1756000000000,"peerConnections":[{"peerConnectionId":"pc","codecs":[{"id":"c1","mimeType":"audio/opus","sdpFmtpLine":"a=b//c /*d*/"}]}]}""")]
    [InlineData("{\"clientId\":\"c\",\"callId\":\"x\", // a comment\n\"timestamp\":1756000000000,\"peerConnections\":[{\"peerConnectionId\":\"pc\",\"codecs\":[{\"id\":\"c1\",\"mimeType\":\"audio/opus\"}]}]}")]
    [InlineData("""{"clientId":"c","callId":"x",/* a comment */"timestamp":1756000000000,"peerConnections":[{"peerConnectionId":"pc","codecs":[{"id":"c1","mimeType":"audio/opus"}]}]}""")]
    [InlineData("""{"clientId":"c","callId":"x","timestamp":1756000000000,"peerConnections":[{"peerConnectionId":"pc","codecs":[{"id":"c1","mimeType":"audio/opus"}]}]}""")]
    public void Slashes_InStringsOrComments_ReadTheSame(string json)
    {
        var body = new SampleDecoder().Decode(Encoding.UTF8.GetBytes(json), DecoderFixtureTests.Context());

        Assert.Empty(body.Rejections);
        var sample = Assert.Single(body.ClientSamples).Schema3!;
        Assert.Equal(1756000000000, sample.Timestamp);
        Assert.Contains("\"mimeType\":\"audio/opus\"", sample.PeerConnections![0].Codecs![0].Json, StringComparison.Ordinal);
    }

    [Fact]
    public void UnknownFieldNames_AreRememberedAtMostOncePerField_HoweverManyArrive()
    {
        // A body full of unique unknown names (a run of them after each known field) must not leave
        // anything behind: the guesses hold at most one short unknown name per field.
        var converter = (SampleModelConverter<S3.InboundRtpStats>)Schema3JsonContext.Default.Options.GetConverter(typeof(S3.InboundRtpStats));
        var known = converter.Names.ToArray();
        var options = Schema3JsonContext.Default.Options;
        for (var i = 0; i < 300; i++)
        {
            var fields = string.Join(",", known.Select((k, j) =>
                $"\"{k}\":1,\"u{i}_{j}_a\":0,\"u{i}_{j}_b\":0,\"{new string('z', 80)}{i}_{j}\":0"));
            var json = Encoding.UTF8.GetBytes("{\"long" + new string('y', 70) + i + "\":0," + fields + "}");
            var reader = new Utf8JsonReader(json);
            reader.Read();
            var rtp = converter.Read(ref reader, typeof(S3.InboundRtpStats), options);
            Assert.Equal(1, rtp.Ssrc);
        }

        var remembered = converter.RememberedUnknownNames();
        Assert.InRange(remembered.Count, 1, known.Length + 1);
        Assert.All(remembered, n => Assert.True(Encoding.UTF8.GetByteCount(n) <= 64, n));
    }

    [Fact]
    public void ADuplicateFieldSetToNull_IsNull_AsSystemTextJsonHasIt()
    {
        const string json = """
            {"clientId":"c","callId":"x","timestamp":1756000000000,"attachments":"a","attachments":null,"peerConnections":[{"peerConnectionId":"pc",
              "inboundRtps":[{"ssrc":1,"jitter":0.5,"jitter":null,"trackIdentifier":"t","trackIdentifier":null}],"codecs":[{"id":"c"}],"codecs":null}]}
            """;
        var ours = JsonSerializer.Deserialize(json, Schema3JsonContext.Default.ClientSample)!;
        var theirs = JsonSerializer.Deserialize(json, Reference3.ClientSample)!;

        Assert.Equal(JsonSerializer.Serialize(theirs, Reference3.ClientSample), JsonSerializer.Serialize(ours, Reference3.ClientSample));
        Assert.Null(ours.Attachments);
        Assert.Null(ours.PeerConnections![0].InboundRtps![0].Jitter);
        Assert.Null(ours.PeerConnections[0].InboundRtps![0].TrackIdentifier);
        Assert.Null(ours.PeerConnections[0].Codecs);

        var body = new SampleDecoder().Decode(Encoding.UTF8.GetBytes("""{"clientId":"c","callId":"x","timestamp":1756000000000,"clientId":"d","clientId":null}"""), DecoderFixtureTests.Context());
        Assert.Equal(RejectReasons.MissingClientId, Assert.Single(body.Rejections).Reason);
    }

    [Theory]
    [InlineData("""{"clientId":"c","roomId":"r","timestamp":1756000000000,"inboundAudioTracks":[{"ssrc":"\ud800"}]}""", "$.inboundAudioTracks[0].ssrc")]
    [InlineData("""{"clientId":"c","callId":"x","timestamp":1756000000000,"peerConnections":[{"peerConnectionId":"pc","inboundRtps":[{"trackIdentifier":"\udc00"}]}]}""", "$.peerConnections[0].inboundRtps[0].trackIdentifier")]
    public void ALoneSurrogate_IsAnInvalidValueAtItsField(string json, string path)
    {
        var body = new SampleDecoder().Decode(Encoding.UTF8.GetBytes(json), DecoderFixtureTests.Context());

        var rejection = Assert.Single(body.Rejections);
        Assert.Equal(RejectReasons.InvalidValue, rejection.Reason);
        Assert.Contains($"invalid value at {path}:", rejection.Detail, StringComparison.Ordinal);
    }
}
