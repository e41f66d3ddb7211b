using ObserveRtc.Core.Calls;
using ObserveRtc.Core.Samples;
using static ObserveRtc.Tests.Calls.Samples;

namespace ObserveRtc.Tests.Calls;

public class OptionsAndIdentityTests
{
    [Fact]
    public void Options_Defaults_AreValid()
    {
        var options = new CallTrackerOptions();

        Assert.Empty(options.Problems());
        Assert.Equal(TimeSpan.FromSeconds(30), options.ClientIdleTimeout);
        Assert.Empty(new SfuTrackerOptions().Problems());
    }

    [Fact]
    public void Options_Invalid_ThrowListingEveryBadOption()
    {
        var options = new CallTrackerOptions
        {
            ClientIdleTimeout = TimeSpan.Zero,
            TrackIdleTimeout = TimeSpan.FromDays(2),
            CallEmptyTimeout = TimeSpan.FromSeconds(-1),
            DedupWindowSize = 0,
        };

        var error = Assert.Throws<ArgumentException>(() => new CallTracker(options));
        Assert.Contains(nameof(CallTrackerOptions.ClientIdleTimeout), error.Message);
        Assert.Contains(nameof(CallTrackerOptions.TrackIdleTimeout), error.Message);
        Assert.Contains(nameof(CallTrackerOptions.CallEmptyTimeout), error.Message);
        Assert.Contains(nameof(CallTrackerOptions.DedupWindowSize), error.Message);
        Assert.DoesNotContain(nameof(CallTrackerOptions.PeerConnectionIdleTimeout), error.Message);
        Assert.Equal(4, options.Problems().Count);
    }

    [Fact]
    public void SfuOptions_Invalid_Throw()
    {
        var error = Assert.Throws<ArgumentException>(() => new SfuTracker(new SfuTrackerOptions { RtpPadIdleTimeout = TimeSpan.Zero }));
        Assert.Contains(nameof(SfuTrackerOptions.RtpPadIdleTimeout), error.Message);
    }

    [Fact]
    public void Observe_WithStateOfAnotherCall_Throws()
    {
        var tracker = new CallTracker(new CallTrackerOptions());
        Assert.Throws<ArgumentException>(() => tracker.Observe(new CallState { CallId = "other" }, "call-1", [], 0));
    }

    private static ClientSampleView Sample(string clientId, double atSec, string? callId, string? roomId, string service = "svc") =>
        new()
        {
            Origin = new SampleOrigin(service, "mu", Sec(atSec) + Lag),
            SchemaVersion = "3.0",
            ClientId = clientId,
            CallId = callId,
            RoomId = roomId,
            TimestampMs = Sec(atSec),
        };

    private static async Task<string?> Resolve(CallIdentityResolver resolver, ClientSampleView sample)
    {
        var resolution = Assert.Single(await resolver.ResolveAllAsync([sample]));
        Assert.Null(resolution.RegistryError);
        return resolution.CallId;
    }

    [Fact]
    public async Task Resolver_SampleWithCallId_KeepsIt()
    {
        var registry = new InMemoryRoomRegistry();
        var resolver = new CallIdentityResolver(registry);

        Assert.Equal("given", await Resolve(resolver, Sample("a", 0, "given", "room")));
        Assert.Null(registry.Find("svc", "room"));
        Assert.Null(await Resolve(resolver, Sample("a", 0, null, null)));
    }

    [Fact]
    public async Task Resolver_RoomOnly_UsesTheRoomsCallDerivedFromTheFirstTimestamp()
    {
        var registry = new InMemoryRoomRegistry();
        var resolver = new CallIdentityResolver(registry);

        var ids = (await resolver.ResolveAllAsync([Sample("a", 3, null, "room"), Sample("b", 1, null, "room"), Sample("c", 1, null, "room", "svc2")])).Select(r => r.CallId).ToList();

        var expected = CallIdentityResolver.DeriveCallId("svc", "room", Sec(1));
        Assert.Equal([expected, expected, CallIdentityResolver.DeriveCallId("svc2", "room", Sec(1))], ids);
        Assert.NotEqual(ids[0], ids[2]);
        Assert.True(Guid.TryParse(expected, out var guid));
        Assert.Equal(8, guid.Version);
        // Later samples join the registered call, whatever their timestamps.
        Assert.Equal(expected, await Resolve(resolver, Sample("d", 50, null, "room")));
    }

    [Fact]
    public async Task Resolver_AfterTheCallEndedAndTheEntryWasRemoved_OpensANewCall()
    {
        var registry = new InMemoryRoomRegistry();
        var resolver = new CallIdentityResolver(registry);
        var first = await Resolve(resolver, Sample("a", 0, null, "room"));

        Assert.False(await registry.RemoveAsync("svc", "room", "some-other-call")); // compare-and-delete
        Assert.True(await registry.RemoveAsync("svc", "room", first!));
        Assert.False(await registry.RemoveAsync("svc", "room", first!)); // idempotent
        var second = await Resolve(resolver, Sample("a", 100, null, "room"));

        Assert.NotEqual(first, second);
        Assert.Equal(CallIdentityResolver.DeriveCallId("svc", "room", Sec(100)), second);
    }

    [Fact]
    public async Task Registry_ConcurrentProposals_AllGetTheSameCall()
    {
        var registry = new InMemoryRoomRegistry();
        var answers = await Task.WhenAll(Enumerable.Range(0, 64).Select(i =>
            Task.Run(async () => await registry.GetOrAddAsync("svc", "room", "call-" + i))));

        Assert.Single(answers.Select(a => a.CallId).Distinct());
        Assert.Single(answers, a => a.Created);
    }

    [Fact]
    public void RoomCall_EndOfACallWithARoom_AsksToRemoveTheRoomEntry()
    {
        var tracker = new CallTracker(new CallTrackerOptions());
        var alice = new Client("alice", callId: null, roomId: "room-9");
        var r = tracker.Observe(null, "derived", [alice.At(0, Pc("pc"))], Sec(0.1));

        var end = tracker.End(r.State, Sec(1));

        Assert.Equal(new RoomEntry("svc", "room-9", "derived"), end.RoomEntryToRemove);
        Assert.Null(new CallTracker(new CallTrackerOptions()).End(
            new CallTracker(new CallTrackerOptions()).Observe(null, "c", [new Client("x", roomId: null).At(0)], Sec(0.1)).State, Sec(1)).RoomEntryToRemove);
    }
}
