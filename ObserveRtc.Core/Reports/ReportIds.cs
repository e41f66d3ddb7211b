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
/// <item><see cref="From(ReadOnlySpan{string})"/> (report ids, about twenty per sample): XxHash128, 32 lower-case hex chars.
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

    /// <summary>
    /// The encoded first parts of many ids (a sample's service, client, timestamp and sequence, shared by
    /// its twenty-odd reports): <c>From(prefix, rest)</c> is <c>From(first parts, rest)</c>, without
    /// encoding the first parts again for each id.
    /// </summary>
    public static IdPrefix Prefix(params ReadOnlySpan<string?> parts)
    {
        var buffer = new byte[EncodedMax(parts)];
        return new IdPrefix(buffer, Encode(parts, buffer));
    }

    /// <summary>The id of the prefix's parts followed by <paramref name="parts"/>.</summary>
    public static string From(IdPrefix prefix, params ReadOnlySpan<string?> parts)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        var rented = ArrayPool<byte>.Shared.Rent(prefix.Length + EncodedMax(parts));
        try
        {
            prefix.Bytes.AsSpan(0, prefix.Length).CopyTo(rented);
            var written = prefix.Length + Encode(parts, rented.AsSpan(prefix.Length));
            Span<byte> hash = stackalloc byte[16];
            XxHash128.Hash(rented.AsSpan(0, written), hash);
            return Convert.ToHexStringLower(hash);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
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
        var rented = ArrayPool<byte>.Shared.Rent(Math.Max(EncodedMax(parts), 16));
        try
        {
            var written = Encode(parts, rented);
            if (cryptographic) SHA256.HashData(rented.AsSpan(0, written), hash);
            else XxHash128.Hash(rented.AsSpan(0, written), hash);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    private static int EncodedMax(ReadOnlySpan<string?> parts)
    {
        var length = 0;
        foreach (var p in parts) length += 5 + (p is null ? 0 : Encoding.UTF8.GetMaxByteCount(p.Length));
        return length;
    }

    /// <summary>Each part as 1, its UTF-8 length (int32 LE) and its bytes, or 0 when absent; the bytes written.</summary>
    private static int Encode(ReadOnlySpan<string?> parts, Span<byte> span)
    {
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
        return written;
    }
}

/// <summary>The encoded first parts of ids (see <see cref="ReportIds.Prefix"/>).</summary>
public sealed class IdPrefix
{
    internal IdPrefix(byte[] bytes, int length)
    {
        Bytes = bytes;
        Length = length;
    }

    internal byte[] Bytes { get; }

    internal int Length { get; }
}
