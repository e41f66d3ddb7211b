using ObserveRtc.Core.Calls;
using ObserveRtc.Core.Reports;
using ObserveRtc.Core.Samples;
using static ObserveRtc.Tests.Calls.Samples;

namespace ObserveRtc.Tests.Calls;

/// <summary>How a host drives resolver, tracker and registry together: observe, deliver, tick at the deadline, remove the room entry.</summary>
public class HostLoopTests
{
    private sealed class Host(IRoomRegistry registry)
    {
        private readonly CallIdentityResolver _resolver = new(registry);
        private readonly CallTracker _tracker = new(new CallTrackerOptions());
        public Dictionary<string, CallState> Calls { get; } = [];
        public Dictionary<string, long> Deadlines { get; } = [];
        public List<Report> Delivered { get; } = [];

        public async Task IngestAsync(IReadOnlyList<ClientSampleView> samples, long nowMs)
        {
            var callIds = await _resolver.ResolveAllAsync(samples);
            foreach (var group in samples.Select((s, i) => (s, callId: callIds[i].CallId!)).GroupBy(x => x.callId))
            {
                Calls.TryGetValue(group.Key, out var state);
                await ApplyAsync(_tracker.Observe(state, group.Key, [.. group.Select(x => x.s)], nowMs));
            }
        }

        public async Task TickAsync(long nowMs)
        {
            foreach (var (callId, due) in Deadlines.Where(d => d.Value <= nowMs).ToList())
                await ApplyAsync(_tracker.Tick(Calls[callId], nowMs));
        }

        private async Task ApplyAsync(CallTrackerResult result)
        {
            Calls[result.State.CallId] = result.State;
            Delivered.AddRange(result.Events);
            if (result.NextDeadlineMs is { } next) Deadlines[result.State.CallId] = next;
            else Deadlines.Remove(result.State.CallId);
            if (result.RoomEntryToRemove is { } room) await registry.RemoveAsync(room.ServiceId, room.RoomId, room.CallId);
        }
    }

    [Fact]
    public async Task RoomOnlyCall_EndsFreesTheRoomAndTheNextSampleOpensANewCall()
    {
        var registry = new InMemoryRoomRegistry();
        var host = new Host(registry);
        var alice = new Client("alice", callId: null, roomId: "standup");
        var bob = new Client("bob", callId: null, roomId: "standup");

        for (double t = 0; t <= 20; t += 5) await host.IngestAsync([alice.At(t, Pc("pc-a")), bob.At(t + 1, Pc("pc-b"))], Sec(t + 1.5));
        var firstCall = Assert.Single(host.Calls.Keys);
        Assert.Equal(CallIdentityResolver.DeriveCallId("svc", "standup", Sec(0)), firstCall);
        Assert.Equal(firstCall, registry.Find("svc", "standup"));

        // Nobody samples any more: tick at each deadline until the call ends.
        while (host.Deadlines.Count > 0) await host.TickAsync(host.Deadlines.Values.Min());
        Assert.Null(registry.Find("svc", "standup"));
        Assert.Contains(host.Delivered, r => r.Payload is CallEventReport { Name: "CALL_ENDED" } && r.CallId == firstCall);
        Assert.Contains(host.Delivered, r => r.Type == ReportTypes.CallSummary && r.CallId == firstCall);

        await host.IngestAsync([alice.At(600, Pc("pc-a2"))], Sec(600.5));
        var secondCall = Assert.Single(host.Calls.Keys, k => k != firstCall);
        Assert.Equal(CallIdentityResolver.DeriveCallId("svc", "standup", Sec(600)), secondCall);
        Assert.Contains(host.Delivered, r => r.Payload is CallEventReport { Name: "CALL_STARTED" } && r.CallId == secondCall);
    }
}
