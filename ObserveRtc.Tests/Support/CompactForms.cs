using System.Text.Json;
using System.Text.Json.Nodes;

namespace ObserveRtc.Tests.Support;

/// <summary>The compact envelope (<c>Core/Json/CompactJson</c>) as earlier format versions wrote it.</summary>
internal static class CompactForms
{
    /// <summary>
    /// <paramref name="json"/> with every packed id (counted in <c>s</c>, or null there, its bytes in <c>u</c>)
    /// written back into <c>s</c> as text, <c>u</c> removed and <c>v</c> set to <paramref name="version"/>,
    /// as versions before packed ids wrote it; also how many were packed.
    /// </summary>
    public static (string Json, int Packed) Unpacked(string json, int version)
    {
        var node = JsonNode.Parse(RunsAsNulls(json, version))!.AsObject();
        var bytes = node["u"] is { } u ? Convert.FromBase64String(u.GetValue<string>()) : [];
        var at = 0;
        var table = new JsonArray();
        foreach (var e in node["s"]!.AsArray())
        {
            if (e is not null)
            {
                table.Add(e.GetValue<string>());
                continue;
            }
            table.Add(new Guid(bytes.AsSpan(at, 16), bigEndian: true).ToString());
            at += 16;
        }
        node["s"] = table;
        node.Remove("u");
        return (node.ToJsonString(), at / 16);
    }

    /// <summary>
    /// <paramref name="json"/> with each run of packed ids in <c>s</c> (its count) written as that many nulls,
    /// as the versions that introduced packed ids wrote them, and <c>v</c> set to <paramref name="version"/>.
    /// </summary>
    public static string RunsAsNulls(string json, int version)
    {
        var node = JsonNode.Parse(json)!.AsObject();
        var table = new JsonArray();
        foreach (var e in node["s"]!.AsArray())
        {
            if (e?.GetValueKind() == JsonValueKind.Number)
                for (var n = e.GetValue<int>(); n > 0; n--) table.Add(null);
            else table.Add(e?.DeepClone());
        }
        node["s"] = table;
        node["v"] = version;
        return node.ToJsonString();
    }

    /// <summary>
    /// A call state's body as versions 1 to 3 wrote it: every client's <c>LeftBarrierTs</c> a number even
    /// when 0 (none), and its dedup window flat <c>[seq, ts, seq, ts, …]</c> (the envelope is left as it is).
    /// </summary>
    public static string CallStateBodyBeforeVersion4(string json)
    {
        var node = JsonNode.Parse(json)!.AsObject();
        var t0 = node["t"]!.GetValue<long>();
        foreach (var client in node["c"]![7]!.AsArray())
        {
            var c = client!.AsArray();
            c[10] ??= JsonValue.Create(0 - t0);
            var flat = new JsonArray();
            long step = 0;
            foreach (var entry in c[12]!.AsArray())
            {
                long ts;
                if (entry is JsonArray pair) (step, ts) = (pair[0]!.GetValue<long>(), pair[1]!.GetValue<long>());
                else ts = entry!.GetValue<long>();
                flat.Add(step);
                flat.Add(ts);
            }
            c[12] = flat;
        }
        return node.ToJsonString();
    }

    /// <summary><paramref name="json"/> (an envelope written with <c>v</c> first) with <c>v</c> set to <paramref name="version"/> and nothing else changed.</summary>
    public static string WithVersion(string json, int version) =>
        $"{{\"v\":{version}," + json[(json.IndexOf(',', StringComparison.Ordinal) + 1)..];

    /// <summary><paramref name="json"/> is refused as a <typeparamref name="T"/>, with a message holding <paramref name="reason"/>.</summary>
    public static void AssertRefused<T>(string json, string reason)
    {
        var ex = Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<T>(json, ObserveRtc.Core.Pipeline.ObserverPipeline.EntityJson));
        Assert.Contains(reason, ex.Message, StringComparison.Ordinal);
    }
}
