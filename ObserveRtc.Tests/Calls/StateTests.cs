using System.Text.Json;
using ObserveRtc.Core.Calls;
using ObserveRtc.Core.Samples;
using static ObserveRtc.Tests.Calls.Samples;

namespace ObserveRtc.Tests.Calls;

/// <summary>The state a Durable entity holds: serializable and bounded.</summary>
public class StateTests
{
    [Fact]
    public void State_WithManyTracksComingAndGoing_StaysBounded()
    {
        var options = new CallTrackerOptions { DedupWindowSize = 8, MaxTombstonesPerClient = 16 };
        var tracker = new CallTracker(options);
        var alice = new Client("alice");
        CallState? state = null;
        for (var i = 0; i < 200; i++)
        {
            var track = "t-" + i;
            var r = tracker.Observe(state, "call-1",
            [
                alice.At(i, Pc("pc-a"), Out("pc-a", track, MediaKind.Video, 1000 + i, 10)),
                alice.At(i + 0.5, Pc("pc-a"), Ev("MEDIA_TRACK_REMOVED", i + 0.5, "pc-a", track)),
            ], Sec(i + 0.6));
            state = r.State;
        }

        var client = Assert.Single(state!.Clients);
        Assert.Empty(client.PeerConnections[0].Tracks); // removed tracks are pruned
        Assert.Equal(8, client.RecentSamples.Count);
        Assert.Equal(16, client.Tombstones.Count);
        Assert.Equal(200, client.TrackCounts.Single().Count);
        Assert.True(JsonSerializer.Serialize(state).Length < 8_000);
    }

    [Fact]
    public void State_RoundTripsWithWebJsonDefaultsToo()
    {
        var web = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        var outcome = P2PCallTests.OneToOne().Run(roundTrip: false, drain: false);

        var json = JsonSerializer.Serialize(outcome.State, web);
        var back = JsonSerializer.Deserialize<CallState>(json, web);

        Assert.Equal(JsonSerializer.Serialize(outcome.State), JsonSerializer.Serialize(back));
        Assert.Equal(JsonSerializer.Serialize(outcome.State), json); // the stored form does not depend on the options
        Assert.Equal(2, back!.Clients.Count);
    }

    [Fact]
    public void State_AfterTheEnd_KeepsOnlyOneBarrierPerFormerClient()
    {
        var outcome = P2PCallTests.OneToOne().Play();

        Assert.False(outcome.State!.Live);
        Assert.Empty(outcome.State.Clients);
        Assert.Equal(["alice", "bob"], outcome.State.PreviousClients.Select(b => b.ClientId).Order());
    }
}
