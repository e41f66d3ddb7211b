using System.Text;
using ObserveRtc.Core.Calls;
using ObserveRtc.Core.Ingest;
using ObserveRtc.Core.Samples;

namespace ObserveRtc.Tests.Ingest;

/// <summary>The ingest stage when the room registry cannot be reached, for every room or for some.</summary>
public class IngestStageTests
{
    private sealed class DownRegistry : IRoomRegistry
    {
        public ValueTask<RoomCall> GetOrAddAsync(string serviceId, string roomId, string proposedCallId, CancellationToken cancellationToken = default) =>
            throw new IOException("registry down");

        public ValueTask<bool> RemoveAsync(string serviceId, string roomId, string callId, CancellationToken cancellationToken = default) =>
            throw new IOException("registry down");
    }

    [Fact]
    public async Task RegistryDown_RoomOnlySamples_KeepTheirBodyOnce_AndSamplesWithACallIdGoOn()
    {
        var stage = new IngestStage(new SampleDecoder(), new CallIdentityResolver(new DownRegistry()));
        const string body = """
            {"clientSamples":[
              {"clientId":"a","roomId":"r1","timestamp":1756000000000},
              {"clientId":"b","roomId":"r1","timestamp":1756000000000},
              {"clientId":"c","callId":"call-c","timestamp":1756000000000}]}
            """;
        var context = new DecodeContext(new SampleOrigin("svc", "mu", 1_756_000_000_500));

        var result = await stage.IngestAsync([new IngestEvent(Encoding.UTF8.GetBytes(body), context, "0:7")]);

        var rejected = Assert.Single(result.Rejected);
        Assert.Equal(RejectReasons.Unavailable, rejected.Rejection.Reason);
        Assert.Equal(body, rejected.Rejection.BodyPrefix); // the whole body, to replay
        Assert.Equal("0:7", rejected.SourceId);
        Assert.Equal("call-c", Assert.Single(result.Calls).CallId);
    }

    /// <summary>Fails for the rooms it is given, answers the others; counts lookups in flight.</summary>
    private sealed class PartlyDownRegistry(params string[] down) : IRoomRegistry
    {
        private readonly InMemoryRoomRegistry _inner = new();
        private int _inFlight;

        public int MaxInFlight { get; private set; }
        public int Lookups { get; private set; }

        public async ValueTask<RoomCall> GetOrAddAsync(string serviceId, string roomId, string proposedCallId, CancellationToken cancellationToken = default)
        {
            var now = Interlocked.Increment(ref _inFlight);
            lock (this)
            {
                MaxInFlight = Math.Max(MaxInFlight, now);
                Lookups++;
            }
            try
            {
                await Task.Delay(30, cancellationToken);
                if (down.Contains(roomId)) throw new IOException($"partition of {roomId} is down");
                if (roomId.StartsWith("slow", StringComparison.Ordinal)) throw new TaskCanceledException("the request timed out", new TimeoutException());
                return await _inner.GetOrAddAsync(serviceId, roomId, proposedCallId, cancellationToken);
            }
            finally
            {
                Interlocked.Decrement(ref _inFlight);
            }
        }

        public ValueTask<bool> RemoveAsync(string serviceId, string roomId, string callId, CancellationToken cancellationToken = default) =>
            _inner.RemoveAsync(serviceId, roomId, callId, cancellationToken);
    }

    private static IngestEvent Event(string body, string sourceId) =>
        new(Encoding.UTF8.GetBytes(body), new DecodeContext(new SampleOrigin("svc", "mu", 1_756_000_000_500)), sourceId);

    [Fact]
    public async Task OneRoomsLookupFails_OnlyItsSamplesAreKept_OtherRoomsGoOn()
    {
        var registry = new PartlyDownRegistry("r2");
        var stage = new IngestStage(new SampleDecoder(), new CallIdentityResolver(registry));
        const string Mixed = """{"clientSamples":[{"clientId":"a","roomId":"r1","timestamp":1756000000000},{"clientId":"b","roomId":"r2","timestamp":1756000000000}]}""";
        const string Down = """{"clientId":"c","roomId":"r2","timestamp":1756000000000}""";
        const string Up = """{"clientId":"d","roomId":"r3","timestamp":1756000000000}""";

        var result = await stage.IngestAsync([Event(Mixed, "0:1"), Event(Down, "0:2"), Event(Up, "0:3")]);

        // r1 and r3 resolved: their samples made calls and reports; r2's two bodies are kept to replay.
        Assert.Equal(
            new[] { CallIdentityResolver.DeriveCallId("svc", "r1", 1756000000000), CallIdentityResolver.DeriveCallId("svc", "r3", 1756000000000) }.Order(StringComparer.Ordinal),
            result.Calls.Select(c => c.CallId).Order(StringComparer.Ordinal));
        Assert.Equal(["a", "d"], result.Calls.SelectMany(c => c.Samples).Select(s => s.ClientId).Order(StringComparer.Ordinal));
        Assert.Equal(2, result.AcceptedSamples);
        Assert.Equal(["0:1", "0:2"], result.Rejected.Select(r => r.SourceId));
        Assert.All(result.Rejected, r =>
        {
            Assert.Equal(RejectReasons.Unavailable, r.Rejection.Reason);
            Assert.Contains("room r2's call: partition of r2 is down", r.Rejection.Detail);
        });
        Assert.Equal(Mixed, result.Rejected[0].Rejection.BodyPrefix);
        Assert.Equal(3, registry.Lookups); // one lookup per room, not per sample
    }

    [Fact]
    public async Task ARoomsLookupTimingOut_IsThatRoomsFailure_NotTheBatchs()
    {
        // The storage SDK reports a request timeout as a TaskCanceledException although nobody cancelled.
        var stage = new IngestStage(new SampleDecoder(), new CallIdentityResolver(new PartlyDownRegistry()));
        const string Slow = """{"clientId":"a","roomId":"slow-room","timestamp":1756000000000}""";
        const string Fine = """{"clientId":"b","roomId":"r1","timestamp":1756000000000}""";

        var result = await stage.IngestAsync([Event(Slow, "0:1"), Event(Fine, "0:2")]);

        Assert.Equal("b", Assert.Single(Assert.Single(result.Calls).Samples).ClientId);
        var rejected = Assert.Single(result.Rejected);
        Assert.Equal(("0:1", RejectReasons.Unavailable), (rejected.SourceId, rejected.Rejection.Reason));
        Assert.Contains("the request timed out", rejected.Rejection.Detail);
    }

    [Fact]
    public async Task TheCallersCancellation_EndsTheResolve()
    {
        var resolver = new CallIdentityResolver(new PartlyDownRegistry());
        using var cancel = new CancellationTokenSource();
        var sample = new ClientSampleView { Origin = new SampleOrigin("svc", "mu", 0), SchemaVersion = "2.2.12", ClientId = "c", RoomId = "r", TimestampMs = 1756000000000 };
        var resolving = resolver.ResolveAllAsync([sample], cancel.Token).AsTask();
        cancel.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => resolving);
    }

    [Fact]
    public async Task Rooms_AreLookedUpConcurrently_AtMostTheLimitAtOnce()
    {
        var registry = new PartlyDownRegistry();
        var resolver = new CallIdentityResolver(registry);
        var samples = Enumerable.Range(0, 3 * CallIdentityResolver.MaxConcurrentLookups)
            .Select(i => new ClientSampleView
            {
                Origin = new SampleOrigin("svc", "mu", 0), SchemaVersion = "2.2.12", ClientId = "c" + i, RoomId = "room-" + i, TimestampMs = 1756000000000 + i,
            })
            .ToList();

        var resolutions = await resolver.ResolveAllAsync(samples);

        Assert.Equal(samples.Select(s => CallIdentityResolver.DeriveCallId("svc", s.RoomId!, s.TimestampMs)), resolutions.Select(r => r.CallId));
        Assert.All(resolutions, r => Assert.Null(r.RegistryError));
        Assert.Equal(samples.Count, registry.Lookups);
        Assert.Equal(CallIdentityResolver.MaxConcurrentLookups, registry.MaxInFlight);
    }
}
