using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ObserveRtc.Core.Reports;
using ObserveRtc.Core.Samples;

namespace ObserveRtc.Tests.Samples;

/// <summary>
/// Many mutated fixtures through the decoder and the report builder: every body is accepted or
/// rejected with a known reason, nothing throws, and what is accepted builds and serializes reports.
/// </summary>
public class DecoderFuzzTests
{
    private static readonly string[] Codes =
    [
        RejectReasons.MalformedJson, RejectReasons.UnknownSchema, RejectReasons.MissingClientId,
        RejectReasons.MissingCallIdentity, RejectReasons.TooLarge, RejectReasons.InvalidValue,
    ];

    private static readonly JsonNode?[] Replacements =
    [
        null, JsonValue.Create("NULL"), JsonValue.Create(""), JsonValue.Create(-1), JsonValue.Create(1e300), JsonValue.Create(long.MaxValue),
        JsonValue.Create(0.5), JsonValue.Create(true), JsonValue.Create("1756000000000"), JsonValue.Create("\u0000\uFFFF"),
        new JsonArray(), new JsonObject(), JsonNode.Parse("[[[[[[[[[[{\"a\":[1,2,3]}]]]]]]]]]]"), JsonNode.Parse("{\"ssrc\":\"x\"}"),
    ];

    private static IEnumerable<byte[]> Seeds()
    {
        foreach (var name in new[]
        {
            "schema2.2-samples-client-alice-join-seq0.json", "schema2.2-samples-client-bob-steady-seq3.json",
            "schema2.2-samples-client-alice-leave-seq15.json", "schema2.2-samples-sfu-mediasoup.json", "schema3.0-clientsample-first-message.json",
        })
        {
            yield return Fixture.Bytes(name);
        }
        using var golden = JsonDocument.Parse(Fixture.Bytes("schema3.5-json-codec-stream.golden.json"));
        foreach (var message in golden.RootElement.GetProperty("messages").EnumerateArray())
            yield return Encoding.UTF8.GetBytes(message.GetRawText());
    }

    [Fact]
    public void MutatedFixtures_AreAcceptedOrRejectedWithAReason_NeverThrown()
    {
        var decoder = new SampleDecoder();
        var random = new Random(20261124);
        var seeds = Seeds().ToList();
        int accepted = 0, rejected = 0, bodies = 0;
        var reasons = new HashSet<string>();

        for (var round = 0; round < 250; round++)
        {
            foreach (var seed in seeds)
            {
                var body = Mutate(seed, random);
                bodies++;
                var hint = random.Next(4) switch { 0 => "2.2.0", 1 => "3.0.0", 2 => "9.9", _ => null };
                var decoded = decoder.Decode(body, DecoderFixtureTests.Context(hint));

                Assert.True(decoded.ClientSamples.Count + decoded.SfuSamples.Count + decoded.TurnSamples.Count + decoded.Rejections.Count > 0 || IsEmptyEnvelope(body),
                    "a body must give samples or a rejection (or be an envelope with none): " + Encoding.UTF8.GetString(body));
                foreach (var r in decoded.Rejections)
                {
                    Assert.Contains(r.Reason, Codes);
                    Assert.False(string.IsNullOrWhiteSpace(r.Detail));
                    Assert.DoesNotContain("the decoder failed", r.Detail, StringComparison.Ordinal); // a bug of ours, not bad input
                    reasons.Add(r.Reason);
                }
                rejected += decoded.Rejections.Count;
                foreach (var sample in decoded.ClientSamples)
                {
                    Assert.False(string.IsNullOrEmpty(sample.View.ClientId));
                    foreach (var report in SampleReportBuilder.ForClient(sample, "call"))
                        Assert.NotEmpty(ReportJson.ToUtf8(report));
                    accepted++;
                }
                foreach (var sample in decoded.SfuSamples)
                {
                    foreach (var report in SampleReportBuilder.ForSfu(sample))
                        Assert.NotEmpty(ReportJson.ToUtf8(report));
                    accepted++;
                }
            }
        }

        // The mutations must exercise both paths, and more than one reason.
        Assert.True(accepted > bodies / 10, $"only {accepted} of {bodies} bodies accepted");
        Assert.True(rejected > bodies / 10, $"only {rejected} of {bodies} bodies rejected");
        Assert.True(reasons.Count >= 3, "reasons seen: " + string.Join(", ", reasons));
    }

    private static byte[] Mutate(byte[] seed, Random random) => random.Next(5) switch
    {
        0 => FlipBytes(seed, random),
        1 => seed[..random.Next(seed.Length)],
        _ => ReplaceNode(seed, random),
    };

    private static byte[] FlipBytes(byte[] seed, Random random)
    {
        var copy = (byte[])seed.Clone();
        for (var i = random.Next(1, 4); i > 0; i--)
            copy[random.Next(copy.Length)] = (byte)random.Next(256);
        return copy;
    }

    /// <summary>Replaces one random value anywhere in the document with a value of another type.</summary>
    private static byte[] ReplaceNode(byte[] seed, Random random)
    {
        var root = JsonNode.Parse(seed)!;
        var nodes = new List<JsonNode>();
        Collect(root, nodes);
        var target = nodes[random.Next(nodes.Count)];
        var replacement = Replacements[random.Next(Replacements.Length)]?.DeepClone();
        switch (target.Parent)
        {
            case JsonObject parent:
                parent[target.GetPropertyName()] = replacement;
                break;
            case JsonArray array:
                array[target.GetElementIndex()] = replacement;
                break;
            default:
                return Encoding.UTF8.GetBytes(replacement?.ToJsonString() ?? "null");
        }
        return Encoding.UTF8.GetBytes(root.ToJsonString());
    }

    private static void Collect(JsonNode node, List<JsonNode> nodes)
    {
        nodes.Add(node);
        switch (node)
        {
            case JsonObject o:
                foreach (var (_, child) in o)
                {
                    if (child is not null) Collect(child, nodes);
                }
                break;
            case JsonArray a:
                foreach (var child in a)
                {
                    if (child is not null) Collect(child, nodes);
                }
                break;
        }
    }

    /// <summary>A Samples envelope whose sample lists are all absent, null or empty (only controls, say): nothing to accept or reject.</summary>
    private static bool IsEmptyEnvelope(byte[] body)
    {
        try
        {
            using var doc = JsonDocument.Parse(body, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            if (doc.RootElement.ValueKind != JsonValueKind.Object) return false;
            string[] lists = ["clientSamples", "sfuSamples", "turnSamples"];
            var envelope = false;
            foreach (var field in doc.RootElement.EnumerateObject())
            {
                if (field.Name == "controls") envelope = true;
                if (!lists.Contains(field.Name)) continue;
                envelope = true;
                if (field.Value.ValueKind == JsonValueKind.Array && field.Value.EnumerateArray().Any(e => e.ValueKind != JsonValueKind.Null)) return false;
            }
            return envelope;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
