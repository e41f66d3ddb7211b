using System.Security.Cryptography;
using System.Text;
using ObserveRtc.Core.Ingest;

namespace ObserveRtc.Core.Entities;

/// <summary>
/// The Durable entity names (the entity functions' names): the host registers its entities under them
/// and signals them by them, and <see cref="EntityKeys.MaxKeyLength"/> is sized for them.
/// </summary>
public static class EntityNames
{
    /// <summary>The call entity.</summary>
    public const string Call = "CallEntity";

    /// <summary>The SFU entity.</summary>
    public const string Sfu = "SfuEntity";

    /// <summary>The entity name for signals of <paramref name="kind"/>.</summary>
    public static string For(EntityKind kind) => kind == EntityKind.Call ? Call : Sfu;
}

/// <summary>
/// The Durable entity key of a call or an SFU. Durable Task refuses an entity instance id
/// (<c>@{entity name}@{key}</c>) longer than 100 characters, so an id longer than
/// <see cref="MaxKeyLength"/> is shortened deterministically (its start, <c>~</c>, and a hash of the
/// whole id): every batch still reaches the same entity. The entity keeps the real id in its state.
/// </summary>
public static class EntityKeys
{
    /// <summary>Longest key used as is: 100 minus <c>@callentity@</c> (12, the longer of <see cref="EntityNames"/>), rounded down.</summary>
    public const int MaxKeyLength = 80;

    /// <summary>The entity key of <paramref name="id"/> (a callId or sfuId).</summary>
    public static string For(string id)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        if (id.Length <= MaxKeyLength) return id;
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(id)), 0, 16);
        var head = char.IsHighSurrogate(id[39]) ? 39 : 40; // never cut a surrogate pair
        return string.Concat(id.AsSpan(0, head), "~", hash);
    }
}
