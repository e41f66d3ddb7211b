using System.Net.WebSockets;
using System.Text;

namespace ObserveRtc.Local.Ingest;

/// <summary>
/// WebSocket <c>/samples/{serviceId}/{mediaUnitId}?schemaVersion=&amp;format=</c> (the Java observer's
/// path and close codes, observertc-reference.md §0 and §5.1). Each message (text or binary) is one event
/// body. A message with rejections gets one text reply <c>{seq, accepted, rejectedCount, rejected:[…]}</c>
/// (seq = the message's 1-based number on this socket); accepted messages get no reply, so a client that
/// never reads is not flooded. Unlike the Java observer, a rejected message does not close the socket
/// (one bad sample must not cut a client off); only a run of messages that are all rejected does.
/// </summary>
internal static class WebSocketSamplesEndpoint
{
    public const string Route = "/samples/{serviceId}/{mediaUnitId}";

    /// <summary>Java 1.0.1 <c>WebsocketCustomCloseReasons</c> "invalid input": unsupported schemaVersion or format at connect, or <see cref="MaxConsecutiveRejected"/> rejected messages in a row.</summary>
    public const WebSocketCloseStatus InvalidInput = (WebSocketCloseStatus)4230;

    /// <summary>Java 1.0.1: any other error of the observer while serving the socket.</summary>
    public const WebSocketCloseStatus InternalError = (WebSocketCloseStatus)4227;

    /// <summary>A message over the decoder's body limit: RFC 6455 1009, what the Java observer's <c>maxPayloadLength</c> gives.</summary>
    public const WebSocketCloseStatus TooBig = WebSocketCloseStatus.MessageTooBig;

    /// <summary>Messages in a row with nothing accepted before the socket is closed with <see cref="InvalidInput"/>.</summary>
    public const int MaxConsecutiveRejected = 10;

    public static void Map(IEndpointRouteBuilder app) => app.Map(Route, HandleAsync);

    private static async Task HandleAsync(HttpContext http, string serviceId, string mediaUnitId, SampleIngestor ingestor,
        IHostApplicationLifetime lifetime, ILoggerFactory loggers)
    {
        if (!http.WebSockets.IsWebSocketRequest)
        {
            var detail = $"{http.Request.Path} takes WebSocket connections; POST a body to /rest/samples/{serviceId}/{mediaUnitId} instead";
            await RestSamplesEndpoint.ReplyAsync(http, StatusCodes.Status400BadRequest, IngestOutcome.Refusal("not-websocket", detail));
            return;
        }
        using var socket = await http.WebSockets.AcceptWebSocketAsync();
        var schemaVersion = http.Request.Query["schemaVersion"].ToString();
        if (SampleIngestor.QueryProblem(http.Request.Query["format"], schemaVersion) is { } problem)
        {
            await CloseAsync(socket, InvalidInput, problem.Detail);
            return;
        }
        var log = loggers.CreateLogger(typeof(WebSocketSamplesEndpoint).FullName!);
        // One send at a time: the receive loop's replies and closes, and the shutdown's close frame.
        using var sending = new SemaphoreSlim(1, 1);
        using var receiving = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted);
        // On shutdown the pending receive is not cancelled (that aborts the socket: the client would see a
        // reset, not 1001): the close frame goes out, what the client still sends before its own close
        // frame is ingested, and after a grace period everything still pending (a client that never
        // answers, or never reads so that a reply or the close frame cannot be sent) is cut off.
        using var onStopping = lifetime.ApplicationStopping.Register(() => _ = CloseForShutdownAsync(socket, sending, receiving));
        try
        {
            await ReceiveAsync(socket, ingestor, serviceId, mediaUnitId, schemaVersion, sending, receiving.Token);
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException)
        {
            // The client went away, or did not answer the shutdown's close frame in time; nothing to close.
        }
        catch (Exception e)
        {
            log.SocketFailed(e, http.Request.Path, (int)InternalError);
            await CloseAsync(socket, InternalError, "internal error: " + e.Message, sending);
        }
    }

    /// <summary>How long after the shutdown began a socket may still take (to send the close frame, to get the client's) before it is aborted.</summary>
    private static readonly TimeSpan ShutdownGrace = TimeSpan.FromSeconds(5);

    private static async Task CloseForShutdownAsync(WebSocket socket, SemaphoreSlim sending, CancellationTokenSource receiving)
    {
        try
        {
            receiving.CancelAfter(ShutdownGrace);
            await SendExclusiveAsync(socket, sending, closing: false, async () =>
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2)); // from when the lock is held
                await socket.CloseOutputAsync(WebSocketCloseStatus.EndpointUnavailable, "the observer is shutting down", timeout.Token);
            }, receiving.Token);
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The socket is gone already.
        }
    }

    private static async Task ReceiveAsync(WebSocket socket, SampleIngestor ingestor, string serviceId, string mediaUnitId, string schemaVersion,
        SemaphoreSlim sending, CancellationToken cancellationToken)
    {
        var max = ingestor.MaxBodyBytes;
        var chunk = new byte[16 * 1024];
        using var message = new MemoryStream();
        long seq = 0;
        var rejectedInARow = 0;
        while (true)
        {
            message.SetLength(0);
            ValueWebSocketReceiveResult received;
            do
            {
                received = await socket.ReceiveAsync(chunk.AsMemory(), cancellationToken);
                if (received.MessageType == WebSocketMessageType.Close)
                {
                    await CloseAsync(socket, WebSocketCloseStatus.NormalClosure, string.Empty, sending);
                    return;
                }
                if (message.Length + received.Count > max)
                {
                    await CloseAsync(socket, TooBig, $"a message is larger than {max} bytes (ObserveRtc:Decoder:MaxBodyBytes)", sending);
                    return;
                }
                message.Write(chunk, 0, received.Count);
            }
            while (!received.EndOfMessage);

            seq++;
            var outcome = await ingestor.IngestAsync(message.ToArray(), serviceId, mediaUnitId, schemaVersion, "ws");
            if (outcome.Rejected.Count > 0 && socket.State == WebSocketState.Open)
            {
                await SendExclusiveAsync(socket, sending, closing: false,
                    () => socket.SendAsync(outcome.ToJson(seq), WebSocketMessageType.Text, endOfMessage: true, cancellationToken), cancellationToken);
            }
            // A message with nothing in it (an envelope of controls alone) neither breaks nor extends the run.
            if (outcome.Accepted > 0 || outcome.Rejected.Count > 0)
                rejectedInARow = outcome.NothingAccepted && !outcome.Unavailable ? rejectedInARow + 1 : 0;
            if (rejectedInARow >= MaxConsecutiveRejected)
            {
                var last = outcome.Rejected[0];
                await CloseAsync(socket, InvalidInput, $"{MaxConsecutiveRejected} messages in a row rejected; last: {last.Reason}: {last.Detail}", sending);
                return;
            }
        }
    }

    /// <summary>Sends the close frame and waits briefly for the client's (discarding what it still sends).</summary>
    private static async Task CloseAsync(WebSocket socket, WebSocketCloseStatus status, string reason, SemaphoreSlim? sending = null)
    {
        if (socket.State is not (WebSocketState.Open or WebSocketState.CloseReceived)) return;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        try
        {
            await SendExclusiveAsync(socket, sending, closing: true, () => socket.CloseOutputAsync(status, Truncate(reason), timeout.Token), timeout.Token);
            var sink = new byte[16 * 1024];
            while (socket.State == WebSocketState.CloseSent)
            {
                var r = await socket.ReceiveAsync(sink.AsMemory(), timeout.Token);
                if (r.MessageType == WebSocketMessageType.Close) break;
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException)
        {
            socket.Abort();
        }
    }

    /// <summary>
    /// Runs one send holding <paramref name="sending"/> (the loop's replies and closes and the shutdown's close
    /// frame must not overlap), if the socket still takes it then: open, or for a close also once the client's
    /// close frame came. <paramref name="wait"/> bounds the wait for the lock.
    /// </summary>
    private static async Task SendExclusiveAsync(WebSocket socket, SemaphoreSlim? sending, bool closing, Func<Task> send, CancellationToken wait)
    {
        if (sending is not null) await sending.WaitAsync(wait);
        try
        {
            if (socket.State == WebSocketState.Open || (closing && socket.State == WebSocketState.CloseReceived)) await send();
        }
        finally
        {
            sending?.Release();
        }
    }

    /// <summary>A close reason holds at most 123 UTF-8 bytes.</summary>
    private static string Truncate(string reason)
    {
        if (Encoding.UTF8.GetByteCount(reason) <= 123) return reason;
        var cut = reason;
        while (Encoding.UTF8.GetByteCount(cut) > 120) cut = cut[..^1];
        return cut + "…";
    }
}
