using System.Buffers;
using System.IO.Hashing;
using System.Security.Cryptography;
using System.Text;

namespace ObserveRtc.Core.Reports;

/// <summary>
/// Deterministic ids: the same parts give the same id, on every instance and in every replay, so
/// sinks write idempotently (Tables row keys, CloudEvent ids). The parts are encoded once, each
/// length-prefixed (or marked absent) so no two part lists give the same bytes, then hashed:
/// <list type="bullet">
/// <item><see cref="From"/> (report ids, about twenty per sample): XxHash128, 32 lower-case hex chars.
/// Not cryptographic, and it need not be: in Tables a report id is stored under its call (and client
/// and timestamp), so two ids only meet within one call's own reports; as a CloudEvent id (source: the
/// service) an accidental collision of 128 bits is negligible, and a made one would need the other
/// call's ids and timestamps, which its samples do not show.</item>
/// <item><see cref="Uuid"/> (call ids derived from rooms, once per call): SHA-256, because a derived
/// call id is global: a room id chosen to collide with another room's call must not merge the two.</item>
/// </list>
/// </summary>
public static class ReportIds
{
    /// <summary>The id of the given parts (null parts count as absent, distinct from empty).</summary>
    public static string From(params ReadOnlySpan<string?> parts)
    {
        Span<byte> hash = stackalloc byte[16];
        Hash(parts, hash, cryptographic: false);
        return Convert.ToHexStringLower(hash);
    }

    /// <summary>A name-based UUID of the parts (RFC 9562 version 8 over their SHA-256), in the usual 8-4-4-4-12 form.</summary>
    public static string Uuid(params ReadOnlySpan<string?> parts)
    {
        Span<byte> hash = stackalloc byte[32];
        Hash(parts, hash, cryptographic: true);
        hash[6] = (byte)((hash[6] & 0x0F) | 0x80); // version 8
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80); // RFC 9562 variant
        return new Guid(hash[..16], bigEndian: true).ToString("D");
    }

    /// <summary>SHA-256 (32 bytes) or XxHash128 (16 bytes) over the parts, each length-prefixed (or marked absent), into <paramref name="hash"/>.</summary>
    private static void Hash(ReadOnlySpan<string?> parts, Span<byte> hash, bool cryptographic)
    {
        var length = 0;
        foreach (var p in parts) length += 5 + (p is null ? 0 : Encoding.UTF8.GetMaxByteCount(p.Length));
        var rented = ArrayPool<byte>.Shared.Rent(Math.Max(length, 16));
        try
        {
            var span = rented.AsSpan();
            var written = 0;
            foreach (var p in parts)
            {
                if (p is null)
                {
                    span[written++] = 0;
                    continue;
                }
                span[written++] = 1;
                var n = Encoding.UTF8.GetBytes(p, span[(written + 4)..]);
                System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(span[written..], n);
                written += 4 + n;
            }
            if (cryptographic) SHA256.HashData(span[..written], hash);
            else XxHash128.Hash(span[..written], hash);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }
}
