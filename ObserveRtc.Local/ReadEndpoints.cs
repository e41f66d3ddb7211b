using System.Buffers;
using System.Globalization;
using System.Text.Json;
using Azure;
using ObserveRtc.Core.Storage;
using ObserveRtc.Local.Ingest;

namespace ObserveRtc.Local;

/// <summary>
/// The read API over the <see cref="IReportStore"/> queries: calls of a service started in a window
/// (newest first), a call's events in time order with its summary, a client's sample reports, and the
/// health of the host and its storage. Payloads are returned as stored (report schema 2.2 field names).
/// </summary>
internal static class ReadEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/api/calls", ListCallsAsync);
        app.MapGet("/api/calls/{callId}", GetCallAsync);
        app.MapGet("/api/calls/{callId}/clients/{clientId}/reports", GetClientReportsAsync);
        app.MapGet("/health", HealthAsync);
    }

    /// <summary><c>GET /api/calls?serviceId=&amp;from=&amp;to=</c>: parsing, defaults and bounds are <see cref="CallReads"/>'s, as in the Functions app.</summary>
    private static async Task ListCallsAsync(HttpContext http, ObserverRuntime runtime, TimeProvider time)
    {
        var query = http.Request.Query;
        if (!CallReads.TryParseCallWindow(query["serviceId"], query["from"], query["to"], time.GetUtcNow().ToUnixTimeMilliseconds(),
                runtime.Settings.DefaultServiceId, out var window, out var error))
        {
            await ErrorAsync(http, StatusCodes.Status400BadRequest, error);
            return;
        }
        await ReadAsync(http, async (w, ct) =>
        {
            var list = await new CallReads(runtime.Reports).ListCallsAsync(window, ct);
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
            return StatusCodes.Status200OK;
        });
    }

    /// <summary><c>GET /api/calls/{callId}</c>: the call's events in time order and its summary (null until it ended); 404 when neither exists.</summary>
    private static Task GetCallAsync(HttpContext http, string callId, ObserverRuntime runtime) =>
        ReadAsync(http, async (w, ct) =>
        {
            if (await new CallReads(runtime.Reports).GetCallAsync(callId, ct) is not { } call)
            {
                WriteError(w, $"no events of call {callId}");
                return StatusCodes.Status404NotFound;
            }
            w.WriteStartObject();
            w.WriteString("callId", callId);
            w.WriteStartArray("events");
            foreach (var e in call.Events) WriteReport(w, e);
            w.WriteEndArray();
            w.WritePropertyName("summary");
            if (call.Summary is null) w.WriteNullValue();
            else WriteReport(w, call.Summary);
            w.WriteEndObject();
            return StatusCodes.Status200OK;
        });

    /// <summary><c>GET /api/calls/{callId}/clients/{clientId}/reports</c>: the client's sample reports in time order.</summary>
    private static Task GetClientReportsAsync(HttpContext http, string callId, string clientId, ObserverRuntime runtime) =>
        ReadAsync(http, async (w, ct) =>
        {
            w.WriteStartObject();
            w.WriteString("callId", callId);
            w.WriteString("clientId", clientId);
            w.WriteStartArray("reports");
            await foreach (var r in runtime.Reports.GetClientReportsAsync(callId, clientId, ct)) WriteReport(w, r);
            w.WriteEndArray();
            w.WriteEndObject();
            return StatusCodes.Status200OK;
        });

    /// <summary><c>GET /health</c>: 200 when the storage answers a read within 3 s, else 503; with the pipeline's figures.</summary>
    private static async Task HealthAsync(HttpContext http, ObserverRuntime runtime)
    {
        string? error = null;
        using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted))
        {
            timeout.CancelAfter(TimeSpan.FromSeconds(3));
            try
            {
                await runtime.Reports.GetCallSummaryAsync("health-check", timeout.Token);
            }
            catch (OperationCanceledException) when (!http.RequestAborted.IsCancellationRequested)
            {
                error = "no answer within 3 s";
            }
            catch (Exception e) when (IsStorageFailure(e))
            {
                error = e.Message;
            }
        }
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var w = new Utf8JsonWriter(buffer, JsonReplies.Options))
        {
            var pipeline = runtime.Pipeline;
            w.WriteStartObject();
            w.WriteString("status", error is null ? "ok" : "unhealthy");
            w.WriteStartObject("storage");
            w.WriteString("tables", runtime.Tables is not null ? ObserverRuntime.StorageEndpoint(runtime.Settings.Storage) : null);
            w.WriteBoolean("reachable", error is null);
            if (error is not null) w.WriteString("error", error);
            w.WriteEndObject();
            w.WriteString("eventGrid", runtime.Settings.Publishing?.Endpoint?.ToString());
            w.WriteStartObject("pipeline");
            WriteTime(w, "clock", pipeline.ClockMs);
            w.WriteNumber("liveEntities", pipeline.LiveEntities);
            w.WriteNumber("pendingTimers", pipeline.PendingTimers);
            w.WriteNumber("acceptedSamples", pipeline.Counters.AcceptedSamples);
            w.WriteNumber("rejectedSamples", pipeline.Counters.RejectedByReason.Values.Sum());
            w.WriteEndObject();
            w.WriteEndObject();
        }
        await RestSamplesEndpoint.ReplyAsync(http, error is null ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable, buffer.WrittenSpan.ToArray());
    }

    /// <summary>Runs a read into a JSON body; storage failures become 503 with the message.</summary>
    private static async Task ReadAsync(HttpContext http, Func<Utf8JsonWriter, CancellationToken, Task<int>> read)
    {
        var buffer = new ArrayBufferWriter<byte>(4096);
        int status;
        try
        {
            await using var w = new Utf8JsonWriter(buffer, JsonReplies.Options);
            status = await read(w, http.RequestAborted);
        }
        catch (Exception e) when (IsStorageFailure(e))
        {
            await ErrorAsync(http, StatusCodes.Status503ServiceUnavailable, $"storage: {e.Message}");
            return;
        }
        await RestSamplesEndpoint.ReplyAsync(http, status, buffer.WrittenSpan.ToArray());
    }

    /// <summary>
    /// What a storage that is down or unreachable throws: a service error, or, once the SDK's retries are
    /// spent, an <see cref="AggregateException"/> ("Retry failed after …"); a refused connection.
    /// </summary>
    private static bool IsStorageFailure(Exception e) =>
        e is RequestFailedException or AggregateException or HttpRequestException or InvalidOperationException;

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

    /// <summary>Epoch ms and the same instant in ISO 8601, for people: <c>"startedAt": 1705312800000, "startedAtUtc": "2024-01-15T10:00:00.000Z"</c>.</summary>
    private static void WriteTime(Utf8JsonWriter w, string name, long ms)
    {
        w.WriteNumber(name, ms);
        w.WriteString(name + "Utc", DateTimeOffset.FromUnixTimeMilliseconds(Math.Clamp(ms, 0, 253402300799999)).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
    }


    private static void WriteError(Utf8JsonWriter w, string message)
    {
        w.WriteStartObject();
        w.WriteString("error", message);
        w.WriteEndObject();
    }

    private static async Task ErrorAsync(HttpContext http, int status, string message)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var w = new Utf8JsonWriter(buffer, JsonReplies.Options)) WriteError(w, message);
        await RestSamplesEndpoint.ReplyAsync(http, status, buffer.WrittenSpan.ToArray());
    }
}
