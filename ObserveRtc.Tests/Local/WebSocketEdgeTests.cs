using System.Diagnostics;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;
using ObserveRtc.Core.Calls;
using ObserveRtc.Tests.Storage;
using Xunit.Abstractions;

namespace ObserveRtc.Tests.Local;

/// <summary>WebSocket clients that misbehave around shutdown and the run of rejected messages.</summary>
[Collection(AzuriteGroup.Name)]
public class WebSocketEdgeTests(AzuriteFixture azurite, ITestOutputHelper output)
{
    /// <summary>A message with one good sample and 25 bad ones: accepted, but answered with a reply.</summary>
    private static byte[] PartlyBad()
    {
        var doc = JsonNode.Parse(Fixture.Bytes("schema2.2-samples-client-alice-join-seq0.json"))!;
        var list = doc["clientSamples"]!.AsArray();
        for (var i = 0; i < 25; i++) list.Add(JsonNode.Parse("{\"clientId\":\"" + new string('c', 200) + i + "\"}"));
        return Encoding.UTF8.GetBytes(doc.ToJsonString());
    }

    // Was: the reply send had no bound once the client stopped reading, the shutdown's close waited behind it,
    // Kestrel waited out 30 s, and the drain that ends live calls was skipped.
    [Fact]
    public async Task Stop_WithAClientThatDoesNotReadItsReplies_StillStopsPromptlyAndDrainsTheLiveCall()
    {
        var host = await LocalHostRunner.StartAsync(azurite);
        // A client that sends and never reads (a small receive buffer so the server's reply send blocks soon).
        using var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (ctx, ct) =>
            {
                var s = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { ReceiveBufferSize = 2048 };
                await s.ConnectAsync(ctx.DnsEndPoint, ct);
                return new NetworkStream(s, ownsSocket: true);
            },
        };
        using var invoker = new HttpMessageInvoker(handler);
        using var socket = new ClientWebSocket();
        await socket.ConnectAsync(new Uri(new UriBuilder(host.Address) { Scheme = "ws" }.Uri, "/samples/demo-service/webapp?schemaVersion=2.2.0"), invoker, CancellationToken.None);
        var body = PartlyBad();
        var sender = Task.Run(async () =>
        {
            try
            {
                for (var i = 0; i < 2000; i++) await socket.SendAsync(body, WebSocketMessageType.Text, true, CancellationToken.None);
            }
            catch (Exception)
            {
            }
        });
        // Wait until the server stops taking messages (its reply send is blocked).
        long last = -1;
        while (true)
        {
            await Task.Delay(1000);
            var now = host.Runtime.Pipeline.Counters.AcceptedSamples;
            output.WriteLine($"accepted samples {now}");
            if (now == last) break;
            last = now;
        }
        var call = await host.FixtureCallAsync();
        var reports = host.Reports;

        var watch = Stopwatch.StartNew();
        await host.DisposeAsync();
        watch.Stop();
        output.WriteLine($"stop took {watch.Elapsed.TotalSeconds:0.0} s");

        var names = new List<string?>();
        await foreach (var e in reports.GetCallEventsAsync(call.CallId)) names.Add(e.Name);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(20) && names.Contains(CallEventNames.CallEnded),
            $"stop took {watch.Elapsed.TotalSeconds:0.0} s; the call's events: {string.Join(", ", names)}");
    }

    // A controls-only envelope is neither accepted nor rejected: it must not break a run of rejected messages.
    [Fact]
    public async Task AControlsOnlyMessage_DoesNotResetTheRunOfRejectedMessages()
    {
        await using var host = await LocalHostRunner.StartAsync(azurite);
        using var socket = await host.ConnectAsync("/samples/demo-service/garbage");
        // 30 garbage messages, a controls-only envelope (neither accepted nor rejected) after every 5th.
        for (var i = 1; i <= 30; i++)
        {
            if (socket.State != WebSocketState.Open) break;
            await socket.SendAsync("nope"u8.ToArray());
            if (i % 5 == 0) await socket.SendAsync("{\"controls\":{\"close\":false}}"u8.ToArray());
        }
        WebSocketCloseStatus? status = null;
        try
        {
            while (true)
            {
                if (await socket.ReceiveJsonAsync(TimeSpan.FromSeconds(5)) is null)
                {
                    status = socket.CloseStatus;
                    break;
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
        Assert.Equal(ObserveRtc.Local.Ingest.WebSocketSamplesEndpoint.InvalidInput, status);
    }
}
