using System.Reflection;
using System.Text.Json.Serialization;
using ObserveRtc.Core.Reports;

namespace ObserveRtc.Tests.Support;

/// <summary>A stand-in call summary payload (the tracker's summary type lives on another branch).</summary>
internal sealed class TestCallSummary
{
    public string? CallId { get; set; }
    public string? RoomId { get; set; }
    public long? StartedAt { get; set; }
    public long? EndedAt { get; set; }
    public int? PeakClients { get; set; }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(TestCallSummary))]
internal sealed partial class TestReportJsonContext : JsonSerializerContext;

/// <summary>Builds reports of every type, with payloads of the matching report class.</summary>
internal static class TestReports
{
    public static readonly IReadOnlyDictionary<string, Type> PayloadTypes = new Dictionary<string, Type>
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
        [ReportTypes.CallSummary] = typeof(TestCallSummary),
    };

    static TestReports() => ReportJson.Register(TestReportJsonContext.Default);

    /// <summary>Every constant of <see cref="ReportTypes"/>.</summary>
    public static IReadOnlyList<string> AllTypes { get; } = typeof(ReportTypes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(f => f.IsLiteral && f.FieldType == typeof(string))
        .Select(f => (string)f.GetRawConstantValue()!)
        .ToList();

    public static void EnsureRegistered() => ReportJson.Register(TestReportJsonContext.Default);

    /// <summary>A report of <paramref name="type"/> whose payload sets the ids and timestamp where the class has them.</summary>
    public static Report Of(string type, string serviceId, string? callId, string? clientId, long timestampMs, string? id = null, string? sfuId = null)
    {
        EnsureRegistered();
        var payloadType = PayloadTypes[type];
        var payload = Activator.CreateInstance(payloadType)!;
        Set(payload, "ServiceId", serviceId);
        Set(payload, "CallId", callId);
        Set(payload, "ClientId", clientId);
        Set(payload, "SfuId", sfuId);
        Set(payload, "Timestamp", (long?)timestampMs);
        Set(payload, "MediaUnitId", "mu-1");
        return new Report
        {
            Type = type,
            Id = id ?? $"{type}:{callId}:{clientId}:{timestampMs}",
            ServiceId = serviceId,
            CallId = callId,
            ClientId = clientId,
            SfuId = sfuId,
            TimestampMs = timestampMs,
            Payload = payload,
        };
    }

    public static Report CallEvent(string serviceId, string callId, string name, long timestampMs, string? clientId = null, string? peerConnectionId = null, string? trackId = null, string? roomId = null, string? value = null) => new()
    {
        Type = ReportTypes.CallEvent,
        Id = $"{callId}:{name}:{clientId}:{peerConnectionId}:{trackId}:{timestampMs}",
        ServiceId = serviceId,
        CallId = callId,
        ClientId = clientId,
        TimestampMs = timestampMs,
        Payload = new CallEventReport
        {
            ServiceId = serviceId,
            CallId = callId,
            RoomId = roomId,
            ClientId = clientId,
            PeerConnectionId = peerConnectionId,
            MediaTrackId = trackId,
            Name = name,
            Timestamp = timestampMs,
            Value = value,
        },
    };

    private static void Set(object target, string property, object? value)
    {
        var info = target.GetType().GetProperty(property);
        if (info is null || value is null) return;
        if (info.PropertyType == typeof(string) || info.PropertyType == typeof(long?)) info.SetValue(target, value);
    }
}
