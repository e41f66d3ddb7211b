using System.Text.Json.Nodes;

namespace ObserveRtc.Tests.Support;

/// <summary>The compact envelope (<c>Core/Json/CompactJson</c>) as a version before packed ids wrote it.</summary>
internal static class CompactForms
{
    /// <summary>
    /// <paramref name="json"/> with every packed id (null in <c>s</c>, its bytes in <c>u</c>) written back
    /// into <c>s</c> as text, <c>u</c> removed and <c>v</c> set to <paramref name="version"/>; also how many were packed.
    /// </summary>
    public static (string Json, int Packed) Unpacked(string json, int version)
    {
        var node = JsonNode.Parse(json)!.AsObject();
        var bytes = node["u"] is { } u ? Convert.FromBase64String(u.GetValue<string>()) : [];
        var at = 0;
        var table = new JsonArray();
        foreach (var e in node["s"]!.AsArray())
        {
            if (e is null)
            {
                table.Add(new Guid(bytes.AsSpan(at, 16), bigEndian: true).ToString());
                at += 16;
            }
            else
            {
                table.Add(e.GetValue<string>());
            }
        }
        node["s"] = table;
        node.Remove("u");
        node["v"] = version;
        return (node.ToJsonString(), at / 16);
    }
}
