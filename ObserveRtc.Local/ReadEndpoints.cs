using System.Buffers;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;
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
        await ReadAsync(http, async ct => (StatusCodes.Status200OK, CallReadsJson.CallList(await new CallReads(runtime.Reports).ListCallsAsync(window, ct))));
    }

    /// <summary><c>GET /api/calls/{callId}</c>: the call's events in time order and its summary (null until it ended); 404 when neither exists.</summary>
    private static Task GetCallAsync(HttpContext http, string callId, ObserverRuntime runtime)
    {
        if (RawIds(http) is [var raw]) callId = raw;
        return ReadAsync(http, async ct => await new CallReads(runtime.Reports).GetCallAsync(callId, ct) is { } call
            ? (StatusCodes.Status200OK, CallReadsJson.Call(call))
            : (StatusCodes.Status404NotFound, CallReadsJson.Error(CallReadsJson.NoSuchCall(callId))));
    }

    /// <summary><c>GET /api/calls/{callId}/clients/{clientId}/reports</c>: the client's sample reports in time order.</summary>
    private static Task GetClientReportsAsync(HttpContext http, string callId, string clientId, ObserverRuntime runtime)
    {
        if (RawIds(http) is [var rawCall, _, var rawClient, _]) (callId, clientId) = (rawCall, rawClient);
        return ReadAsync(http, async ct => (StatusCodes.Status200OK,
            CallReadsJson.ClientReports(callId, clientId, await runtime.Reports.GetClientReportsAsync(callId, clientId, ct).ToListAsync(ct))));
    }

    /// <summary>The ids of a <c>/api/calls/…</c> path as sent (route values keep <c>%2F</c> encoded): <see cref="CallReads.SegmentsAfter"/>.</summary>
    private static IReadOnlyList<string>? RawIds(HttpContext http) =>
        CallReads.SegmentsAfter(http.Features.Get<IHttpRequestFeature>()?.RawTarget, "/api/calls/");

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
            catch (Exception e) when (CallReadsJson.IsStorageFailure(e, http.RequestAborted))
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
            w.WriteString("tables", runtime.Tables?.Endpoint);
            w.WriteBoolean("reachable", error is null);
            if (error is not null) w.WriteString("error", error);
            w.WriteEndObject();
            w.WriteString("eventGrid", runtime.Settings.Publishing?.Endpoint?.ToString());
            w.WriteStartObject("pipeline");
            CallReadsJson.WriteTime(w, "clock", pipeline.ClockMs);
            w.WriteNumber("liveEntities", pipeline.LiveEntities);
            w.WriteNumber("pendingTimers", pipeline.PendingTimers);
            w.WriteNumber("acceptedSamples", pipeline.Counters.AcceptedSamples);
            // Not RejectedByReason: the pipeline adds to it meanwhile, under its own lock (an enumeration would throw).
            w.WriteNumber("rejectedSamples", pipeline.Counters.RejectedSamples);
            w.WriteEndObject();
            w.WriteEndObject();
        }
        await RestSamplesEndpoint.ReplyAsync(http, error is null ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable, buffer.WrittenSpan.ToArray());
    }

    /// <summary>Runs a read that makes a JSON body; storage failures become 503 with the message.</summary>
    private static async Task ReadAsync(HttpContext http, Func<CancellationToken, Task<(int Status, byte[] Body)>> read)
    {
        (int Status, byte[] Body) reply;
        try
        {
            reply = await read(http.RequestAborted);
        }
        catch (Exception e) when (CallReadsJson.IsStorageFailure(e, http.RequestAborted))
        {
            reply = (StatusCodes.Status503ServiceUnavailable, CallReadsJson.Error($"storage: {e.Message}"));
        }
        await RestSamplesEndpoint.ReplyAsync(http, reply.Status, reply.Body);
    }

    private static Task ErrorAsync(HttpContext http, int status, string message) =>
        RestSamplesEndpoint.ReplyAsync(http, status, CallReadsJson.Error(message));
}
