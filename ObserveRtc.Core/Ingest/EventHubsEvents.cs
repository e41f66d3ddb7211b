using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using ObserveRtc.Core.Samples;

namespace ObserveRtc.Core.Ingest;

/// <summary>The service and media unit ids of an event that names none (design §2).</summary>
/// <param name="ServiceId">The default service id.</param>
/// <param name="MediaUnitId">The default media unit id.</param>
public sealed record IngestDefaults(string ServiceId, string MediaUnitId)
{
    /// <summary>Throws <see cref="ArgumentException"/> when an id is empty, longer than 128 characters, or has characters other than letters, digits, <c>-</c>, <c>_</c>, <c>.</c>.</summary>
    public IngestDefaults Validate()
    {
        foreach (var (name, value) in new[] { (nameof(ServiceId), ServiceId), (nameof(MediaUnitId), MediaUnitId) })
        {
            if (string.IsNullOrEmpty(value) || value.Length > 128 || !value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
                throw new ArgumentException($"Default {name} '{value}' must be 1–128 ASCII letters, digits, '-', '_' or '.'.");
        }
        return this;
    }

    /// <summary>
    /// Where a body came from: the given service and media unit ids, trimmed, or these defaults for one
    /// that is missing, empty or <c>"NULL"</c> (the same rule for Event Hubs properties, the local host's
    /// routes and replay lines).
    /// </summary>
    public SampleOrigin Origin(string? serviceId, string? mediaUnitId, long receivedAtMs) =>
        new(Ids.Normalize(serviceId?.Trim()) ?? ServiceId, Ids.Normalize(mediaUnitId?.Trim()) ?? MediaUnitId, receivedAtMs);
}

/// <summary>
/// Turns the Event Hubs trigger's batch (bodies and the parallel metadata arrays of the isolated
/// worker's binding data) into <see cref="IngestEvent"/>s. Decides what the trigger would otherwise
/// decide: which application properties name the service, media unit and schema, the defaults, the
/// receive time, and the <see cref="IngestEvent.SourceId"/>. Never throws for odd input.
/// </summary>
public static class EventHubsEvents
{
    /// <summary>The application property naming the service (<c>serviceId</c>, matched case-insensitively).</summary>
    public const string ServiceIdProperty = "serviceId";
    /// <summary>The application property naming the media unit.</summary>
    public const string MediaUnitIdProperty = "mediaUnitId";
    /// <summary>The application property naming the sample schema version (a hint; the shape decides otherwise).</summary>
    public const string SchemaVersionProperty = "schemaVersion";
    /// <summary>The partition id used when the trigger's partition context cannot be read.</summary>
    public const string UnknownPartition = "unknown";

    /// <summary>
    /// One event, its body the bytes as sent (not text: a body that is not valid UTF-8 must reach the
    /// decoder as it is, to be rejected and kept whole, not read with replacement characters).
    /// <paramref name="sequenceNumber"/> and <paramref name="enqueuedTimeUtc"/> are null when the binding
    /// data lacks them: the source id is then a hash of the body, and the receive time <paramref name="nowMs"/>.
    /// </summary>
    public static IngestEvent FromEventHubs(ReadOnlyMemory<byte> body, long? sequenceNumber, DateTime? enqueuedTimeUtc,
        IReadOnlyDictionary<string, JsonElement>? properties, string? partitionId, IngestDefaults defaults, long nowMs)
    {
        ArgumentNullException.ThrowIfNull(defaults);
        var receivedAtMs = enqueuedTimeUtc is { } enqueued && enqueued != default ? ToUnixMs(enqueued) : nowMs;
        var origin = defaults.Origin(Property(properties, ServiceIdProperty), Property(properties, MediaUnitIdProperty), receivedAtMs);
        return new IngestEvent(body, new DecodeContext(origin, Property(properties, SchemaVersionProperty)), SourceId(partitionId, sequenceNumber, body.Span));
    }

    /// <summary>
    /// A whole batch: <paramref name="bodies"/> with the parallel arrays <c>sequenceNumberArray</c>,
    /// <c>enqueuedTimeUtcArray</c> and <c>propertiesArray</c> (each may be null or shorter than the batch)
    /// and the <c>partitionContext</c> binding data value (see <see cref="PartitionId"/>).
    /// </summary>
    public static IReadOnlyList<IngestEvent> FromBatch(IReadOnlyList<ReadOnlyMemory<byte>> bodies, IReadOnlyList<long>? sequenceNumbers,
        IReadOnlyList<DateTime>? enqueuedTimesUtc, IReadOnlyList<IReadOnlyDictionary<string, JsonElement>?>? properties,
        object? partitionContext, IngestDefaults defaults, long nowMs)
    {
        ArgumentNullException.ThrowIfNull(bodies);
        var partitionId = PartitionId(partitionContext);
        var events = new IngestEvent[bodies.Count];
        for (var i = 0; i < bodies.Count; i++)
        {
            events[i] = FromEventHubs(bodies[i],
                sequenceNumbers is not null && i < sequenceNumbers.Count ? sequenceNumbers[i] : null,
                enqueuedTimesUtc is not null && i < enqueuedTimesUtc.Count ? enqueuedTimesUtc[i] : null,
                properties is not null && i < properties.Count ? properties[i] : null,
                partitionId, defaults, nowMs);
        }
        return events;
    }

    /// <summary>
    /// The <c>{partitionId}:{sequenceNumber}</c> source id, the same on every delivery of the event.
    /// Without a sequence number, <c>{partitionId}:body-{first 16 bytes of the body's SHA-256, hex}</c>.
    /// </summary>
    public static string SourceId(string? partitionId, long? sequenceNumber, ReadOnlySpan<byte> body)
    {
        var partition = string.IsNullOrWhiteSpace(partitionId) ? UnknownPartition : partitionId;
        return sequenceNumber is { } seq
            ? string.Create(CultureInfo.InvariantCulture, $"{partition}:{seq}")
            : $"{partition}:body-{Convert.ToHexStringLower(SHA256.HashData(body), 0, 16)}";
    }

    /// <summary>
    /// The partition id from the trigger's <c>partitionContext</c> binding data: JSON text or a
    /// <see cref="JsonElement"/> holding an object with <c>PartitionId</c> (any case), possibly nested
    /// under <c>Partition</c>. <see cref="UnknownPartition"/> when it cannot be read.
    /// </summary>
    public static string PartitionId(object? partitionContext)
    {
        try
        {
            JsonElement element;
            if (partitionContext is JsonElement e) element = e;
            else if (partitionContext is string { Length: > 0 } text)
            {
                using var doc = JsonDocument.Parse(text);
                return Find(doc.RootElement) ?? UnknownPartition;
            }
            else return UnknownPartition;
            return Find(element) ?? UnknownPartition;
        }
        catch (JsonException)
        {
            return UnknownPartition;
        }

        static string? Find(JsonElement element)
        {
            if (element.ValueKind != JsonValueKind.Object) return null;
            foreach (var p in element.EnumerateObject())
            {
                if (p.NameEquals("PartitionId") || string.Equals(p.Name, "PartitionId", StringComparison.OrdinalIgnoreCase))
                    return Text(p.Value);
            }
            foreach (var p in element.EnumerateObject())
            {
                if (string.Equals(p.Name, "Partition", StringComparison.OrdinalIgnoreCase) && Find(p.Value) is { } nested) return nested;
            }
            return null;
        }
    }

    /// <summary>
    /// An application property as text: exact name first, then case-insensitive. Strings as they are,
    /// numbers as their JSON text; empty strings, <c>"NULL"</c>, null, booleans, objects and arrays count as absent.
    /// </summary>
    public static string? Property(IReadOnlyDictionary<string, JsonElement>? properties, string name)
    {
        if (properties is null) return null;
        if (!properties.TryGetValue(name, out var value))
        {
            var match = properties.FirstOrDefault(p => string.Equals(p.Key, name, StringComparison.OrdinalIgnoreCase));
            if (match.Key is null) return null;
            value = match.Value;
        }
        return Text(value);
    }

    private static string? Text(JsonElement value)
    {
        var text = value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Number => value.GetRawText(),
            _ => null,
        };
        return Ids.Normalize(text?.Trim());
    }

    /// <summary>Epoch ms of an enqueued time; a time of unspecified kind is taken as UTC (the binding's values are UTC).</summary>
    public static long ToUnixMs(DateTime enqueuedTimeUtc) => enqueuedTimeUtc.Kind switch
    {
        DateTimeKind.Local => new DateTimeOffset(enqueuedTimeUtc.ToUniversalTime()).ToUnixTimeMilliseconds(),
        _ => new DateTimeOffset(DateTime.SpecifyKind(enqueuedTimeUtc, DateTimeKind.Utc)).ToUnixTimeMilliseconds(),
    };
}
