using System;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using ObserveRtc.Core.Ingest;
using ObserveRtc.Core.Storage;

namespace ObserveRtc.Functions;

/// <summary>
/// Read-only HTTP API over the report tables, as the local host's: <c>GET /api/calls</c>,
/// <c>GET /api/calls/{callId}</c>, <c>GET /api/health</c>. Parsing, defaults and bounds are
/// <see cref="CallReads"/>'s.
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
            return new BadRequestObjectResult(new { error });
        }
        try
        {
            return new OkObjectResult(await new CallReads(store).ListCallsAsync(query, request.HttpContext.RequestAborted));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Log.ReadFailed(logger, e, nameof(GetCalls));
            return new StatusCodeResult(StatusCodes.Status503ServiceUnavailable);
        }
    }

    /// <summary><c>GET /api/calls/{callId}</c>: the call's events in time order and its summary; 404 when unknown.</summary>
    [Function(nameof(GetCall))]
    public async Task<IActionResult> GetCall([HttpTrigger(AuthorizationLevel.Function, "get", Route = "calls/{callId}")] HttpRequest request, string callId)
    {
        try
        {
            var call = await new CallReads(store).GetCallAsync(callId, request.HttpContext.RequestAborted);
            return call is null ? new NotFoundResult() : new OkObjectResult(call);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Log.ReadFailed(logger, e, nameof(GetCall));
            return new StatusCodeResult(StatusCodes.Status503ServiceUnavailable);
        }
    }

    /// <summary><c>GET /api/health</c>: the worker is up and its settings were valid at start.</summary>
    [Function(nameof(Health))]
    public static IActionResult Health([HttpTrigger(AuthorizationLevel.Function, "get", Route = "health")] HttpRequest request) =>
        new OkObjectResult(new { status = "ok" });
}
