using System.Reflection;
using ObserveRtc.Core.Reports;

namespace ObserveRtc.Tests.Support;

/// <summary>Builds reports of every type, with payloads of the matching report class.</summary>
internal static class TestReports
{
    /// <summary>Every constant of <see cref="ReportTypes"/>.</summary>
    public static IReadOnlyList<string> AllTypes { get; } = typeof(ReportTypes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(f => f.IsLiteral && f.FieldType == typeof(string))
        .Select(f => (string)f.GetRawConstantValue()!)
        .ToList();

    /// <summary>The report class of each report type, as the envelope reader knows it.</summary>
    public static IReadOnlyDictionary<string, Type> PayloadTypes { get; } = AllTypes.ToDictionary(t => t, ReportJson.PayloadTypeOf);

    /// <summary>A report of <paramref name="type"/> whose payload sets the ids and timestamp where the class has them.</summary>
    public static Report Of(string type, string serviceId, string? callId, string? clientId, long timestampMs, string? id = null, string? sfuId = null)
    {
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

    /// <summary>Text that gzip cannot shrink below the 1 MiB of a row when it is long (random letters and digits).</summary>
    public static string Incompressible(int length, int seed = 1)
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        var random = new Random(seed);
        return string.Create(length, random, (span, r) =>
        {
            for (var i = 0; i < span.Length; i++) span[i] = alphabet[r.Next(alphabet.Length)];
        });
    }
}
