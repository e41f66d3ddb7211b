using System.Security.Cryptography;
using System.Text;

namespace ObserveRtc.Core.Calls;

/// <summary>Ids derived from their inputs only, so a replay of the same input gives the same ids.</summary>
internal static class DeterministicId
{
    /// <summary>A 32-hex-digit id from the parts (<see cref="Reports.ReportIds.From"/>, the ids every report uses).</summary>
    public static string Of(params string?[] parts) => Reports.ReportIds.From(parts);

    /// <summary>A name-based UUID (RFC 9562 version 8, SHA-256 of the parts) in the usual 8-4-4-4-12 form.</summary>
    public static string Uuid(params string?[] parts)
    {
        var bytes = Hash(parts).AsSpan(0, 16).ToArray();
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x80); // version 8
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80); // RFC 9562 variant
        return new Guid(bytes, bigEndian: true).ToString("D");
    }

    private static byte[] Hash(string?[] parts)
    {
        var text = string.Join('\u001f', parts.Select(p => p ?? ""));
        return SHA256.HashData(Encoding.UTF8.GetBytes(text));
    }
}
