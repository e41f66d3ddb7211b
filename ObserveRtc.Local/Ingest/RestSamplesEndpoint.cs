using ObserveRtc.Core.Samples;

namespace ObserveRtc.Local.Ingest;

/// <summary>
/// <c>POST /rest/samples/{serviceId}/{mediaUnitId}?schemaVersion=&amp;format=</c> (the Java observer's
/// path): the body is one event body of any content type. 202 with
/// <c>{accepted, rejectedCount, rejected:[{reason, detail}]}</c> when anything was accepted (or the body
/// held no sample); 400 with the reasons when nothing was; 413 over the decoder's body limit; 503 when
/// only the room registry's storage failed (retry later).
/// </summary>
internal static class RestSamplesEndpoint
{
    public const string Route = "/rest/samples/{serviceId}/{mediaUnitId}";

    public static void Map(IEndpointRouteBuilder app) => app.MapPost(Route, HandleAsync);

    private static async Task HandleAsync(HttpContext http, string serviceId, string mediaUnitId, SampleIngestor ingestor)
    {
        var query = http.Request.Query;
        if (SampleIngestor.QueryProblem(query["format"], query["schemaVersion"]) is { } problem)
        {
            await ReplyAsync(http, StatusCodes.Status400BadRequest, IngestOutcome.Refusal(problem));
            return;
        }
        var body = await ReadBodyAsync(http, ingestor.MaxBodyBytes);
        if (body is null)
        {
            var detail = $"the body is larger than {ingestor.MaxBodyBytes:N0} bytes (ObserveRtc:Decoder:MaxBodyBytes)";
            await ReplyAsync(http, StatusCodes.Status413PayloadTooLarge, IngestOutcome.Refusal(RejectReasons.TooLarge, detail));
            return;
        }
        var outcome = await ingestor.IngestAsync(body.Value, serviceId, mediaUnitId, query["schemaVersion"], "http");
        var status = !outcome.NothingAccepted ? StatusCodes.Status202Accepted
            : outcome.Unavailable ? StatusCodes.Status503ServiceUnavailable
            : StatusCodes.Status400BadRequest;
        await ReplyAsync(http, status, outcome.ToJson());
    }

    /// <summary>
    /// Kestrel's request body limit: a body over the decoder's limit is still read (and dropped) up to
    /// this size, so the client, still sending, gets the 413 reply rather than a reset connection;
    /// beyond it Kestrel gives up on the connection.
    /// </summary>
    public static long KestrelLimit(int maxBodyBytes) => 4L * maxBodyBytes;

    /// <summary>The body, or null when it is over <paramref name="maxBytes"/>.</summary>
    private static async Task<ReadOnlyMemory<byte>?> ReadBodyAsync(HttpContext http, int maxBytes)
    {
        var tooLarge = http.Request.ContentLength > maxBytes;
        using var buffer = new MemoryStream(tooLarge ? 0 : (int)(http.Request.ContentLength ?? 16 * 1024));
        var chunk = new byte[16 * 1024];
        try
        {
            int read;
            while ((read = await http.Request.Body.ReadAsync(chunk, http.RequestAborted)) > 0)
            {
                tooLarge |= buffer.Length + read > maxBytes;
                if (!tooLarge) buffer.Write(chunk, 0, read);
            }
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            // Over Kestrel's limit (KestrelLimit).
            return null;
        }
        // Not `tooLarge ? null : bytes`: a null byte[] would convert to an empty ReadOnlyMemory, not to null.
        if (tooLarge) return null;
        return buffer.ToArray();
    }

    internal static async Task ReplyAsync(HttpContext http, int status, byte[] json)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = "application/json; charset=utf-8";
        await http.Response.Body.WriteAsync(json, http.RequestAborted);
    }
}
