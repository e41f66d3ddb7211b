using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace ObserveRtc.Core.Reports;

/// <summary>Source-generated serialization of the report payloads, with the schema's field names.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(CallEventReport))]
[JsonSerializable(typeof(CallMetaReport))]
[JsonSerializable(typeof(ClientDataChannelReport))]
[JsonSerializable(typeof(ClientExtensionReport))]
[JsonSerializable(typeof(IceCandidatePairReport))]
[JsonSerializable(typeof(InboundAudioTrackReport))]
[JsonSerializable(typeof(InboundVideoTrackReport))]
[JsonSerializable(typeof(ObserverEventReport))]
[JsonSerializable(typeof(OutboundAudioTrackReport))]
[JsonSerializable(typeof(OutboundVideoTrackReport))]
[JsonSerializable(typeof(PeerConnectionTransportReport))]
[JsonSerializable(typeof(SFUTransportReport))]
[JsonSerializable(typeof(SfuEventReport))]
[JsonSerializable(typeof(SfuExtensionReport))]
[JsonSerializable(typeof(SfuInboundRtpPadReport))]
[JsonSerializable(typeof(SfuMetaReport))]
[JsonSerializable(typeof(SfuOutboundRtpPadReport))]
[JsonSerializable(typeof(SfuSctpStreamReport))]
[JsonSerializable(typeof(Calls.CallSummaryReport))]
public sealed partial class ReportJsonContext : JsonSerializerContext;

/// <summary>Writes reports in the ObserveRTC envelope <c>{"type","schemaVersion","payload":{…}}</c>.</summary>
public static class ReportJson
{
    private static JsonTypeInfo TypeInfoFor(Type type) =>
        ReportJsonContext.Default.GetTypeInfo(type) ?? throw new InvalidOperationException($"No JSON metadata for report payload {type.Name}.");

    private static readonly Dictionary<string, Type> PayloadTypes = new(StringComparer.Ordinal)
    {
        [ReportTypes.ObserverEvent] = typeof(ObserverEventReport),
        [ReportTypes.CallEvent] = typeof(CallEventReport),
        [ReportTypes.CallMetaData] = typeof(CallMetaReport),
        [ReportTypes.ClientExtensionData] = typeof(ClientExtensionReport),
        [ReportTypes.PeerConnectionTransport] = typeof(PeerConnectionTransportReport),
        [ReportTypes.IceCandidatePair] = typeof(IceCandidatePairReport),
        [ReportTypes.PeerConnectionDataChannel] = typeof(ClientDataChannelReport),
        [ReportTypes.InboundAudioTrack] = typeof(InboundAudioTrackReport),
        [ReportTypes.InboundVideoTrack] = typeof(InboundVideoTrackReport),
        [ReportTypes.OutboundAudioTrack] = typeof(OutboundAudioTrackReport),
        [ReportTypes.OutboundVideoTrack] = typeof(OutboundVideoTrackReport),
        [ReportTypes.SfuEvent] = typeof(SfuEventReport),
        [ReportTypes.SfuMetaData] = typeof(SfuMetaReport),
        [ReportTypes.SfuExtensionData] = typeof(SfuExtensionReport),
        [ReportTypes.SfuTransport] = typeof(SFUTransportReport),
        [ReportTypes.SfuInboundRtpPad] = typeof(SfuInboundRtpPadReport),
        [ReportTypes.SfuOutboundRtpPad] = typeof(SfuOutboundRtpPadReport),
        [ReportTypes.SfuSctpStream] = typeof(SfuSctpStreamReport),
        [ReportTypes.CallSummary] = typeof(Calls.CallSummaryReport),
    };

    /// <summary>The report class of a report type's payload (<see cref="ArgumentException"/> for an unknown type).</summary>
    public static Type PayloadTypeOf(string reportType) =>
        PayloadTypes.TryGetValue(reportType, out var type) ? type : throw new ArgumentException($"Unknown report type {reportType}.", nameof(reportType));

    /// <summary>
    /// Reads a payload written by <see cref="PayloadToUtf8"/> back into its report class, by report
    /// type (for outboxes that keep reports as JSON between operations).
    /// </summary>
    public static object ReadPayload(string reportType, ReadOnlySpan<byte> json)
    {
        var type = PayloadTypeOf(reportType);
        return JsonSerializer.Deserialize(json, TypeInfoFor(type))
            ?? throw new JsonException($"The {reportType} payload is null.");
    }

    /// <summary>Writes the envelope of <paramref name="report"/>.</summary>
    public static void Write(Utf8JsonWriter writer, Report report)
    {
        writer.WriteStartObject();
        writer.WriteString("type", report.Type);
        writer.WriteString("schemaVersion", report.SchemaVersion);
        writer.WritePropertyName("payload");
        JsonSerializer.Serialize(writer, report.Payload, TypeInfoFor(report.Payload.GetType()));
        writer.WriteEndObject();
    }

    /// <summary>Writes only the payload of <paramref name="report"/>.</summary>
    public static void WritePayload(Utf8JsonWriter writer, Report report) =>
        JsonSerializer.Serialize(writer, report.Payload, TypeInfoFor(report.Payload.GetType()));

    /// <summary>The envelope as UTF-8 JSON.</summary>
    public static byte[] ToUtf8(Report report)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var writer = new Utf8JsonWriter(buffer)) Write(writer, report);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>The payload as JSON text (one serialization, no intermediate buffer: what a Table row stores).</summary>
    public static string PayloadToString(Report report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return JsonSerializer.Serialize(report.Payload, TypeInfoFor(report.Payload.GetType()));
    }

    /// <summary>The payload as UTF-8 JSON.</summary>
    public static byte[] PayloadToUtf8(Report report)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var writer = new Utf8JsonWriter(buffer)) WritePayload(writer, report);
        return buffer.WrittenSpan.ToArray();
    }
}
