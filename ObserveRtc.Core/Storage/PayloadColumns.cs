using System.Globalization;
using Azure.Data.Tables;

namespace ObserveRtc.Core.Storage;

/// <summary>
/// Stores a JSON text across string columns <c>Payload</c>, <c>Payload1</c>, <c>Payload2</c>, … of at
/// most <see cref="EntityLimits.MaxStringChars"/> characters each, as many as fit in the entity's
/// 1 MiB. What does not fit is cut off, and the row says so: <c>PayloadParts</c> (columns used),
/// <c>PayloadChars</c> (length of the whole text) and <c>Truncated</c> (true when cut).
/// </summary>
internal static class PayloadColumns
{
    public const string Name = "Payload";
    public const string PartsColumn = "PayloadParts";
    public const string CharsColumn = "PayloadChars";
    public const string TruncatedColumn = "Truncated";

    /// <summary>Bytes kept free for the bookkeeping columns and rounding.</summary>
    private const int Reserve = 256;

    public static string PartName(int index) =>
        index == 0 ? Name : Name + index.ToString(CultureInfo.InvariantCulture);

    /// <summary>Adds the payload columns to <paramref name="entity"/> (which already holds its other columns).</summary>
    public static void Write(TableEntity entity, string json, int maxEntityBytes = EntityLimits.MaxEntityBytes, int maxPartChars = EntityLimits.MaxStringChars)
    {
        entity[CharsColumn] = json.Length;
        entity[PartsColumn] = 0;
        entity[TruncatedColumn] = false;
        var budget = maxEntityBytes - EntityLimits.EstimateSize(entity) - Reserve;

        var position = 0;
        var part = 0;
        while (position < json.Length)
        {
            var name = PartName(part);
            var overhead = 8 + (2 * name.Length) + 4;
            var fitChars = (int)Math.Min(maxPartChars, (budget - overhead) / 2);
            if (fitChars <= 0) break;
            var take = Math.Min(fitChars, json.Length - position);
            // Never split a surrogate pair across columns (or at the cut).
            if (take < json.Length - position && take > 0 && char.IsHighSurrogate(json[position + take - 1])) take--;
            if (take <= 0) break;
            entity[name] = json.Substring(position, take);
            budget -= overhead + (2L * take);
            position += take;
            part++;
        }
        entity[PartsColumn] = part;
        entity[TruncatedColumn] = position < json.Length;
    }

    /// <summary>The stored text (cut when <c>Truncated</c>).</summary>
    public static (string Json, bool Truncated) Read(TableEntity entity)
    {
        var parts = entity.GetInt32(PartsColumn) ?? (entity.ContainsKey(Name) ? 1 : 0);
        var text = string.Concat(Enumerable.Range(0, parts).Select(i => entity.GetString(PartName(i)) ?? string.Empty));
        return (text, entity.GetBoolean(TruncatedColumn) ?? false);
    }
}
