using System.Buffers;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using Azure;

namespace ObserveRtc.Core.Storage;

/// <summary>
/// The read API's replies, the same from both hosts (the Functions app's HTTP functions and the local
/// host's read endpoints): times as epoch ms plus the same instant in ISO 8601 (<c>startedAt</c>,
/// <c>startedAtUtc</c>), report payloads as stored (report schema 2.2 field names), errors as
/// <c>{"error": "…"}</c>.
/// </summary>
public static class CallReadsJson
{
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary><c>{serviceId, from, to, calls: [{callId, roomId, startedAt, endedAt?, durationMs?, clients?, peakClients?}], truncated?}</c>.</summary>
    public static byte[] CallList(CallList list) => Write(w =>
    {
        ArgumentNullException.ThrowIfNull(list);
        w.WriteStartObject();
        w.WriteString("serviceId", list.ServiceId);
        WriteTime(w, "from", list.FromMs);
        WriteTime(w, "to", list.ToMs);
        w.WriteStartArray("calls");
        foreach (var call in list.Calls)
        {
            w.WriteStartObject();
            w.WriteString("callId", call.CallId);
            w.WriteString("roomId", call.RoomId);
            WriteTime(w, "startedAt", call.StartedMs);
            if (call.EndedMs is { } ended)
            {
                WriteTime(w, "endedAt", ended);
                if (call.DurationMs is { } duration) w.WriteNumber("durationMs", duration);
                if (call.Clients is { } clients) w.WriteNumber("clients", clients);
                if (call.PeakClients is { } peak) w.WriteNumber("peakClients", peak);
            }
            w.WriteEndObject();
        }
        w.WriteEndArray();
        if (list.Truncated) w.WriteBoolean("truncated", true);
        w.WriteEndObject();
    });

    /// <summary><c>{callId, events: [report…], summary: report or null}</c>.</summary>
    public static byte[] Call(CallDetails call) => Write(w =>
    {
        ArgumentNullException.ThrowIfNull(call);
        w.WriteStartObject();
        w.WriteString("callId", call.CallId);
        w.WriteStartArray("events");
        foreach (var e in call.Events) WriteReport(w, e);
        w.WriteEndArray();
        w.WritePropertyName("summary");
        if (call.Summary is null) w.WriteNullValue();
        else WriteReport(w, call.Summary);
        w.WriteEndObject();
    });

    /// <summary><c>{callId, clientId, reports: [report…]}</c>.</summary>
    public static byte[] ClientReports(string callId, string clientId, IEnumerable<StoredReport> reports) => Write(w =>
    {
        w.WriteStartObject();
        w.WriteString("callId", callId);
        w.WriteString("clientId", clientId);
        w.WriteStartArray("reports");
        foreach (var r in reports) WriteReport(w, r);
        w.WriteEndArray();
        w.WriteEndObject();
    });

    /// <summary><c>{"error": message}</c>.</summary>
    public static byte[] Error(string message) => Write(w =>
    {
        w.WriteStartObject();
        w.WriteString("error", message);
        w.WriteEndObject();
    });

    /// <summary>The message of a call that has no events: the 404 reply.</summary>
    public static string NoSuchCall(string callId) => $"no events of call {callId}";

    /// <summary>
    /// Whether a read failed because the storage is down or unreachable (503, "try again"), not because
    /// of a bug (500): a service error, the SDK's spent retries (<see cref="AggregateException"/>, "Retry
    /// failed after …"), a refused connection, a client that could not send, or a request that timed
    /// out (the SDK reports that as a <see cref="TaskCanceledException"/> although
    /// <paramref name="requestAborted"/>, the caller's token, was not cancelled).
    /// </summary>
    public static bool IsStorageFailure(Exception e, CancellationToken requestAborted) =>
        e is RequestFailedException or AggregateException or HttpRequestException or InvalidOperationException or TimeoutException
        || (e is OperationCanceledException && !requestAborted.IsCancellationRequested);

    /// <summary>Epoch ms and the same instant in ISO 8601, for people: <c>"startedAt": 1705312800000, "startedAtUtc": "2024-01-15T10:00:00.000Z"</c>.</summary>
    public static void WriteTime(Utf8JsonWriter w, string name, long ms)
    {
        ArgumentNullException.ThrowIfNull(w);
        w.WriteNumber(name, ms);
        w.WriteString(name + "Utc", DateTimeOffset.FromUnixTimeMilliseconds(Math.Clamp(ms, 0, 253402300799999)).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
    }

    private static void WriteReport(Utf8JsonWriter w, StoredReport r)
    {
        w.WriteStartObject();
        w.WriteString("type", r.Type);
        w.WriteString("schemaVersion", r.SchemaVersion);
        if (r.Name is not null) w.WriteString("name", r.Name);
        WriteTime(w, "timestamp", r.TimestampMs);
        w.WriteString("serviceId", r.ServiceId);
        if (r.CallId is not null) w.WriteString("callId", r.CallId);
        if (r.ClientId is not null) w.WriteString("clientId", r.ClientId);
        if (r.SfuId is not null) w.WriteString("sfuId", r.SfuId);
        w.WriteString("id", r.Id);
        w.WritePropertyName("payload");
        if (r.Truncated) w.WriteStringValue(r.PayloadJson); // cut, so not JSON any more: a string, with the flag
        else w.WriteRawValue(r.PayloadJson, skipInputValidation: false);
        if (r.Truncated) w.WriteBoolean("truncated", true);
        w.WriteEndObject();
    }

    private static byte[] Write(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var w = new Utf8JsonWriter(buffer, Options)) write(w);
        return buffer.WrittenSpan.ToArray();
    }
}
