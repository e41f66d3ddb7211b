using System;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using ObserveRtc.Core.Ingest;
using ObserveRtc.Core.Storage;

namespace ObserveRtc.Functions;

/// <summary>
/// Read-only HTTP API over the report tables, the same as the local host's: <c>GET /api/calls</c>,
/// <c>GET /api/calls/{callId}</c>, <c>GET /api/health</c>. Parsing, defaults and bounds are
/// <see cref="CallReads"/>'s; the replies (bodies, the 503 of a storage that is down) are
/// <see cref="CallReadsJson"/>'s.
/// </summary>
public sealed class ReadApi(IReportStore store, IngestDefaults defaults, TimeProvider time, ILogger<ReadApi> logger)
{
    /// <summary><c>GET /api/calls?serviceId=&amp;from=&amp;to=</c>: calls started in the window (default: the last 24 h), newest first.</summary>
    [Function(nameof(GetCalls))]
    public async Task<IActionResult> GetCalls([HttpTrigger(AuthorizationLevel.Function, "get", Route = "calls")] HttpRequest request)
    {
        if (!CallReads.TryParseCallWindow(request.Query["serviceId"], request.Query["from"], request.Query["to"],
                time.GetUtcNow().ToUnixTimeMilliseconds(), defaults.ServiceId, out var query, out var error))
        {
            return Json(StatusCodes.Status400BadRequest, CallReadsJson.Error(error));
        }
        try
        {
            return Json(StatusCodes.Status200OK, CallReadsJson.CallList(await new CallReads(store).ListCallsAsync(query, request.HttpContext.RequestAborted)));
        }
        // Only the client's going away cancels a read: a storage timeout arrives as TaskCanceledException too.
        catch (Exception e) when (!request.HttpContext.RequestAborted.IsCancellationRequested)
        {
            return Failed(e, nameof(GetCalls), request.HttpContext.RequestAborted);
        }
    }

    /// <summary><c>GET /api/calls/{callId}</c>: the call's events in time order and its summary; 404 when unknown.</summary>
    [Function(nameof(GetCall))]
    public async Task<IActionResult> GetCall([HttpTrigger(AuthorizationLevel.Function, "get", Route = "calls/{callId}")] HttpRequest request, string callId)
    {
        // The host forwards the request with '%' escaped again: the raw target cannot tell a slash from a literal %2F.
        callId = CallReads.IdFromRouteValue(callId);
        try
        {
            return await new CallReads(store).GetCallAsync(callId, request.HttpContext.RequestAborted) is { } call
                ? Json(StatusCodes.Status200OK, CallReadsJson.Call(call))
                : Json(StatusCodes.Status404NotFound, CallReadsJson.Error(CallReadsJson.NoSuchCall(callId)));
        }
        catch (Exception e) when (!request.HttpContext.RequestAborted.IsCancellationRequested)
        {
            return Failed(e, nameof(GetCall), request.HttpContext.RequestAborted);
        }
    }

    /// <summary><c>GET /api/health</c>: the worker is up and its settings were valid at start.</summary>
    [Function(nameof(Health))]
    public static IActionResult Health([HttpTrigger(AuthorizationLevel.Function, "get", Route = "health")] HttpRequest request) =>
        new OkObjectResult(new { status = "ok" });

    /// <summary>503 with the reason when the storage is down or unreachable; 500 for anything else (a bug: logged, not thrown).</summary>
    private ContentResult Failed(Exception e, string operation, CancellationToken requestAborted)
    {
        Log.ReadFailed(logger, e, operation);
        return CallReadsJson.IsStorageFailure(e, requestAborted)
            ? Json(StatusCodes.Status503ServiceUnavailable, CallReadsJson.Error($"storage: {e.Message}"))
            : Json(StatusCodes.Status500InternalServerError, CallReadsJson.Error($"{operation} failed"));
    }

    private static ContentResult Json(int status, byte[] body) =>
        new() { StatusCode = status, ContentType = "application/json; charset=utf-8", Content = Encoding.UTF8.GetString(body) };
}
