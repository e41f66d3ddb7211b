using Azure.Data.Tables;

namespace ObserveRtc.Core.Storage;

/// <summary>
/// The Table service limits that Azurite does not enforce (azure-notes §3.2, §3.4), checked here
/// so a write that works locally also works in Azure.
/// </summary>
internal static class EntityLimits
{
    /// <summary>At most 100 actions in one entity group transaction.</summary>
    public const int MaxActionsPerTransaction = 100;

    /// <summary>The request body of one transaction must stay under 4 MiB.</summary>
    public const int MaxTransactionBytes = 4 * 1024 * 1024;

    /// <summary>An entity is at most 1 MiB (the service's size formula, see <see cref="EstimateSize"/>).</summary>
    public const int MaxEntityBytes = 1024 * 1024;

    /// <summary>255 properties including PartitionKey, RowKey and Timestamp: 252 of our own.</summary>
    public const int MaxCustomProperties = 252;

    /// <summary>A string property is at most 64 KiB of UTF-16: 32,768 characters.</summary>
    public const int MaxStringChars = 32 * 1024;

    /// <summary>A binary property holds at most 64 KiB.</summary>
    public const int MaxBinaryBytes = 64 * 1024;

    /// <summary>
    /// The entity's size as the service counts it ("Understanding the Table service data model",
    /// estimating entity size): 4 bytes, plus 2 bytes per key character, plus per property 8 bytes,
    /// 2 bytes per name character and the value (string 4 + 2 per char, binary 4 + length,
    /// long/double/date 8, Guid 16, int 4, bool 1).
    /// </summary>
    public static long EstimateSize(TableEntity entity)
    {
        long size = 4 + (2L * (entity.PartitionKey?.Length ?? 0)) + (2L * (entity.RowKey?.Length ?? 0));
        foreach (var (name, value) in entity)
        {
            if (IsSystemProperty(name)) continue;
            size += 8 + (2L * name.Length) + value switch
            {
                null => 0,
                string s => 4 + (2L * s.Length),
                byte[] b => 4 + b.Length,
                BinaryData d => 4 + d.ToMemory().Length,
                long or double or DateTimeOffset or DateTime => 8,
                Guid => 16,
                int => 4,
                bool => 1,
                _ => 8,
            };
        }
        return size;
    }

    /// <summary>
    /// A bound on the bytes the entity takes in a transaction body: UTF-8 JSON, where a character
    /// takes at most 6 bytes (<c>\uXXXX</c>), plus a fixed allowance per property and for the
    /// multipart headers of the action. The keys are there twice: in the JSON, and percent-encoded in
    /// the action's URL (at most 9 bytes a character: three <c>%XX</c>).
    /// </summary>
    public static long EstimateWireSize(TableEntity entity)
    {
        long size = 1024 + ((6L + 9L) * ((entity.PartitionKey?.Length ?? 0) + (entity.RowKey?.Length ?? 0)));
        foreach (var (name, value) in entity)
        {
            if (IsSystemProperty(name)) continue;
            size += 64 + (6L * name.Length) + value switch
            {
                string s => 6L * s.Length,
                byte[] b => (b.Length + 2) / 3 * 4,
                BinaryData d => (d.ToMemory().Length + 2) / 3 * 4,
                _ => 40,
            };
        }
        return size;
    }

    /// <summary>Throws <see cref="EntityLimitException"/> when the entity breaks a limit or its keys are invalid.</summary>
    public static void Validate(TableEntity entity)
    {
        TableKeys.Validate(entity.PartitionKey);
        TableKeys.Validate(entity.RowKey);
        var custom = entity.Keys.Count(k => !IsSystemProperty(k));
        if (custom > MaxCustomProperties)
        {
            throw new EntityLimitException($"Entity has {custom} properties; at most {MaxCustomProperties} are allowed.");
        }
        foreach (var (name, value) in entity)
        {
            if (value is string s && s.Length > MaxStringChars)
            {
                throw new EntityLimitException($"Property {name} has {s.Length} characters; at most {MaxStringChars} are allowed.");
            }
        }
        var size = EstimateSize(entity);
        if (size > MaxEntityBytes)
        {
            throw new EntityLimitException($"Entity is {size} bytes; at most {MaxEntityBytes} are allowed.");
        }
    }

    private static bool IsSystemProperty(string name) =>
        name is "PartitionKey" or "RowKey" or "Timestamp" or "odata.etag";
}

/// <summary>An entity breaks a Table service limit; writing it would fail in Azure (not always in Azurite).</summary>
internal sealed class EntityLimitException : Exception
{
    /// <summary>Creates the exception.</summary>
    public EntityLimitException(string message) : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public EntityLimitException() : base("Entity breaks a Table service limit.")
    {
    }

    /// <summary>Creates the exception.</summary>
    public EntityLimitException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
