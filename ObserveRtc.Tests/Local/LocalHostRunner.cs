using System.Net.Http.Headers;
using System.Net.WebSockets;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ObserveRtc.Core.Storage;
using ObserveRtc.Local;
using ObserveRtc.Tests.Publishing;
using ObserveRtc.Tests.Storage;

namespace ObserveRtc.Tests.Local;

/// <summary>
/// The real local host on 127.0.0.1 (an ephemeral port) over the shared Azurite (its own table prefix)
/// and a loopback Event Grid receiver; settings as command-line arguments, as a person would pass them.
/// </summary>
internal sealed class LocalHostRunner : IAsyncDisposable
{
    public const string FixtureService = "demo-service";
    public static readonly long FixtureDayStart = DateTimeOffset.Parse("2024-01-15T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture).ToUnixTimeMilliseconds();

    private bool _disposed;

    private LocalHostRunner(WebApplication app, EventGridReceiver receiver)
    {
        App = app;
        Receiver = receiver;
        Address = LocalHost.Address(app);
        Http = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(30) };
    }

    public WebApplication App { get; }
    public EventGridReceiver Receiver { get; }
    public Uri Address { get; }
    public HttpClient Http { get; }
    public ObserverRuntime Runtime => App.Services.GetRequiredService<ObserverRuntime>();
    public IReportStore Reports => Runtime.Reports;

    public static Task<LocalHostRunner> StartAsync(AzuriteFixture azurite, params string[] extraArgs) =>
        StartAsync(azurite.Azurite.ConnectionString, extraArgs);

    public static Task<LocalHostRunner> StartAsync(string connectionString, params string[] extraArgs) =>
        StartAsync(connectionString, eventGrid: true, extraArgs);

    /// <summary>Starts the host; without <paramref name="eventGrid"/> no topic is configured (the receiver gets nothing).</summary>
    public static async Task<LocalHostRunner> StartAsync(string connectionString, bool eventGrid, params string[] extraArgs)
    {
        var receiver = await EventGridReceiver.StartAsync();
        string[] publishing = eventGrid
            ? [$"--ObserveRtc:Publishing:Endpoint={receiver.Endpoint}", "--ObserveRtc:Publishing:AccessKey=test-key", "--ObserveRtc:Publishing:MaxRetries=0"]
            : [];
        string[] args =
        [
            "--urls=http://127.0.0.1:0",
            $"--ObserveRtc:Storage:ConnectionString={connectionString}",
            $"--ObserveRtc:Storage:TablePrefix=L{Guid.NewGuid():N}",
            "--ObserveRtc:Storage:MaxRetries=1",
            "--ObserveRtc:Storage:RetryDelay=00:00:00.050",
            "--ObserveRtc:Storage:MaxRetryDelay=00:00:00.100",
            .. publishing,
            .. extraArgs,
        ];
        var app = LocalHost.Build(args, b => b.Logging.ClearProviders());
        await app.StartAsync();
        return new LocalHostRunner(app, receiver);
    }

    /// <summary>Runs every pending timer: idle clients leave, calls end, reports are delivered.</summary>
    public Task DrainAsync() => Runtime.Pipeline.DrainAsync();

    public async Task<HttpResponseMessage> PostAsync(string path, byte[] body, string contentType = "application/json")
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        return await Http.PostAsync(path, content);
    }

    public async Task<ClientWebSocket> ConnectAsync(string pathAndQuery)
    {
        var socket = new ClientWebSocket();
        var uri = new UriBuilder(Address) { Scheme = "ws" }.Uri;
        await socket.ConnectAsync(new Uri(uri, pathAndQuery), CancellationToken.None);
        return socket;
    }

    /// <summary>The one call of the fixtures' day, read through the store.</summary>
    public async Task<CallIndexEntry> FixtureCallAsync(string serviceId = FixtureService)
    {
        var calls = new List<CallIndexEntry>();
        await foreach (var c in Reports.GetCallsAsync(serviceId, FixtureDayStart, FixtureDayStart + 86_400_000)) calls.Add(c);
        return Assert.Single(calls);
    }

    public async Task<List<StoredReport>> EventsAsync(string callId)
    {
        var events = new List<StoredReport>();
        await foreach (var e in Reports.GetCallEventsAsync(callId)) events.Add(e);
        return events;
    }

    /// <summary>The CloudEvent types the Event Grid receiver got.</summary>
    public List<string> CloudEventTypes() =>
        Receiver.Requests.SelectMany(r => JsonDocument.Parse(r.Body).RootElement.EnumerateArray())
            .Select(e => e.GetProperty("type").GetString()!)
            .ToList();

    /// <summary>Stops the host (its shutdown drain included) and the receiver; safe to call twice.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed) return;
        _disposed = true;
        Http.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
        await Receiver.DisposeAsync();
    }
}

internal static class SocketExtensions
{
    public static Task SendAsync(this ClientWebSocket socket, byte[] message, WebSocketMessageType type = WebSocketMessageType.Binary) =>
        socket.SendAsync(message, type, endOfMessage: true, CancellationToken.None);

    /// <summary>The next text message, or null when the server closed.</summary>
    public static async Task<JsonElement?> ReceiveJsonAsync(this ClientWebSocket socket, TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(20));
        var buffer = new byte[64 * 1024];
        using var message = new MemoryStream();
        WebSocketReceiveResult result;
        do
        {
            result = await socket.ReceiveAsync(buffer, cts.Token);
            if (result.MessageType == WebSocketMessageType.Close) return null;
            message.Write(buffer, 0, result.Count);
        }
        while (!result.EndOfMessage);
        return JsonDocument.Parse(message.ToArray()).RootElement.Clone();
    }

    /// <summary>Reads until the server's close frame and returns its status.</summary>
    public static async Task<WebSocketCloseStatus?> ReceiveCloseAsync(this ClientWebSocket socket, TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(20));
        var buffer = new byte[64 * 1024];
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer, cts.Token);
            if (result.MessageType == WebSocketMessageType.Close) return result.CloseStatus;
        }
    }
}
