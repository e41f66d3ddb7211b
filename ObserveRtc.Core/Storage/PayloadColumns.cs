using System.Globalization;
using System.IO.Compression;
using System.Text;
using Azure.Data.Tables;

namespace ObserveRtc.Core.Storage;

/// <summary>
/// Stores a JSON text across string columns <c>Payload</c>, <c>Payload1</c>, <c>Payload2</c>, … of at
/// most <see cref="EntityLimits.MaxStringChars"/> characters each, as many as fit in the entity's
/// 1 MiB (a string column counts two bytes a character, so about 520K characters). A longer text is
/// stored gzip-compressed instead, in binary columns <c>PayloadGzip</c>, <c>PayloadGzip1</c>, … of at
/// most 64 KiB (<c>PayloadEncoding</c> = <c>gzip</c>): a 1 MiB sample body, kept whole so it can be
/// replayed, fits in a few. Only what does not fit even so is cut off, and the row says so:
/// <c>PayloadParts</c> (columns used), <c>PayloadChars</c> (length of the whole text) and
/// <c>Truncated</c> (true when cut).
/// </summary>
internal static class PayloadColumns
{
    public const string Name = "Payload";
    public const string PartsColumn = "PayloadParts";
    public const string CharsColumn = "PayloadChars";
    public const string TruncatedColumn = "Truncated";
    public const string EncodingColumn = "PayloadEncoding";
    public const string GzipName = "PayloadGzip";

    /// <summary>Bytes kept free for the bookkeeping columns and rounding.</summary>
    private const int Reserve = 256;

    public static string PartName(int index) =>
        index == 0 ? Name : Name + index.ToString(CultureInfo.InvariantCulture);

    private static string GzipPartName(int index) =>
        index == 0 ? GzipName : GzipName + index.ToString(CultureInfo.InvariantCulture);

    /// <summary>Adds the payload columns to <paramref name="entity"/> (which already holds its other columns).</summary>
    public static void Write(TableEntity entity, string json, int maxEntityBytes = EntityLimits.MaxEntityBytes, int maxPartChars = EntityLimits.MaxStringChars)
    {
        entity[CharsColumn] = json.Length;
        entity[PartsColumn] = 0;
        entity[TruncatedColumn] = false;
        var budget = maxEntityBytes - EntityLimits.EstimateSize(entity) - Reserve;

        // As text when it fits (one spare part for surrogate pairs kept whole), else gzip-compressed
        // when that fits, else the text cut where the row is full.
        var textParts = (json.Length / maxPartChars) + 2;
        if (2L * json.Length + (textParts * ColumnOverhead(PartName(textParts))) > budget && WriteCompressed(entity, json, budget)) return;

        var position = 0;
        var part = 0;
        while (position < json.Length)
        {
            var name = PartName(part);
            var fitChars = (int)Math.Min(maxPartChars, (budget - ColumnOverhead(name)) / 2);
            if (fitChars <= 0) break;
            var take = Math.Min(fitChars, json.Length - position);
            // Never split a surrogate pair across columns (or at the cut).
            if (take < json.Length - position && take > 0 && char.IsHighSurrogate(json[position + take - 1])) take--;
            if (take <= 0) break;
            entity[name] = json.Substring(position, take);
            budget -= ColumnOverhead(name) + (2L * take);
            position += take;
            part++;
        }
        entity[PartsColumn] = part;
        entity[TruncatedColumn] = position < json.Length;
    }

    /// <summary>A column's bytes besides its value (its name, and the length of a string or binary value).</summary>
    private static int ColumnOverhead(string name) => 8 + (2 * name.Length) + 4;

    /// <summary>Writes the text gzip-compressed in binary columns, if they fit in <paramref name="budget"/>.</summary>
    private static bool WriteCompressed(TableEntity entity, string json, long budget)
    {
        byte[] packed;
        using (var buffer = new MemoryStream())
        {
            using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
            {
                var bytes = Encoding.UTF8.GetBytes(json);
                gzip.Write(bytes, 0, bytes.Length);
            }
            packed = buffer.ToArray();
        }
        var parts = (packed.Length + EntityLimits.MaxBinaryBytes - 1) / EntityLimits.MaxBinaryBytes;
        if (packed.Length + (parts * ColumnOverhead(GzipPartName(parts))) > budget) return false;
        for (var i = 0; i < parts; i++)
        {
            var start = i * EntityLimits.MaxBinaryBytes;
            entity[GzipPartName(i)] = packed.AsSpan(start, Math.Min(EntityLimits.MaxBinaryBytes, packed.Length - start)).ToArray();
        }
        entity[EncodingColumn] = "gzip";
        entity[PartsColumn] = parts;
        return true;
    }

    /// <summary>The stored text (cut when <c>Truncated</c>).</summary>
    public static (string Json, bool Truncated) Read(TableEntity entity)
    {
        if (entity.GetString(EncodingColumn) == "gzip") return (ReadCompressed(entity), false);
        var parts = entity.GetInt32(PartsColumn) ?? (entity.ContainsKey(Name) ? 1 : 0);
        var text = string.Concat(Enumerable.Range(0, parts).Select(i => entity.GetString(PartName(i)) ?? string.Empty));
        return (text, entity.GetBoolean(TruncatedColumn) ?? false);
    }

    private static string ReadCompressed(TableEntity entity)
    {
        var parts = entity.GetInt32(PartsColumn) ?? 0;
        using var packed = new MemoryStream();
        for (var i = 0; i < parts; i++)
        {
            var part = entity.GetBinary(GzipPartName(i)) ?? [];
            packed.Write(part, 0, part.Length);
        }
        packed.Position = 0;
        using var gzip = new GZipStream(packed, CompressionMode.Decompress);
        using var text = new StreamReader(gzip, Encoding.UTF8);
        return text.ReadToEnd();
    }
}
