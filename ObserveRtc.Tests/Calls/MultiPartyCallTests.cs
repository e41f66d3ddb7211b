using ObserveRtc.Core.Samples;
using static ObserveRtc.Tests.Calls.Samples;

namespace ObserveRtc.Tests.Calls;

public class MultiPartyCallTests
{
    [Fact]
    public void Mesh_LateJoinerWhoLeavesEarly_LeavesAloneWhileTheOthersStay()
    {
        // A and B from 0 s; C joins at 20 s with a PC to each, stops sampling after 40 s.
        // After C is gone, A keeps its PC to C as an empty shell; B's PC to C vanishes.
        var a = new Client("a");
        var b = new Client("b");
        var c = new Client("c");
        var script = new Script();
        for (double t = 0; t <= 120; t += 5)
        {
            var cLive = t is >= 20 and <= 40;
            var bytes = 1000 * (t + 1);
            object[] aParts = [Pc("a-b"), Out("a-b", "a-mic", MediaKind.Audio, 11, bytes), In("a-b", "from-b", MediaKind.Audio, 21, bytes)];
            if (cLive) aParts = [.. aParts, Pc("a-c"), Out("a-c", "a-mic", MediaKind.Audio, 12, bytes), In("a-c", "from-c", MediaKind.Audio, 31, bytes)];
            else if (t > 40) aParts = [.. aParts, Shell("a-c")];
            object[] bParts = [Pc("b-a"), Out("b-a", "b-mic", MediaKind.Audio, 21, bytes), In("b-a", "from-a", MediaKind.Audio, 11, bytes)];
            if (cLive) bParts = [.. bParts, Pc("b-c"), Out("b-c", "b-mic", MediaKind.Audio, 22, bytes), In("b-c", "from-c", MediaKind.Audio, 32, bytes)];
            var batch = new List<ClientSampleView> { a.At(t, aParts), b.At(t, bParts) };
            if (cLive)
            {
                batch.Add(c.At(t, Pc("c-a"), Out("c-a", "c-mic", MediaKind.Audio, 31, bytes), In("c-a", "from-a", MediaKind.Audio, 12, bytes),
                    Pc("c-b"), Out("c-b", "c-mic", MediaKind.Audio, 32, bytes), In("c-b", "from-b", MediaKind.Audio, 22, bytes)));
            }
            script.Feed(t + 1, [.. batch]);
        }
        var outcome = script.Play();

        Assert.Equal(Sec(20), outcome.Single("CLIENT_JOINED", "c").Timestamp);
        var cLeft = outcome.Single("CLIENT_LEFT", "c");
        Assert.Equal(Sec(40), cLeft.Timestamp);
        Assert.True(cLeft.ObservedAt < outcome.Single("CLIENT_LEFT", "a").ObservedAt);
        // One local mic on two PCs is two outbound tracks.
        Assert.Equal(2, outcome.All("MEDIA_TRACK_ADDED").Count(e => e.ClientId == "a" && e.MediaTrackId == "a-mic"));
        // A's empty shell closes at the first shell sample; B's vanished PC closes by timeout at its last sighting.
        var shellClosed = outcome.Single("PEER_CONNECTION_CLOSED", "a", pcId: "a-c");
        Assert.Equal(Sec(45), shellClosed.Timestamp);
        Assert.Contains("empty-shell", shellClosed.Message);
        Assert.Equal(Sec(40), outcome.Single("MEDIA_TRACK_REMOVED", "a", "from-c").Timestamp);
        var vanished = outcome.Single("PEER_CONNECTION_CLOSED", "b", pcId: "b-c");
        Assert.Equal(Sec(40), vanished.Timestamp);
        Assert.Contains("timeout", vanished.Message);
        // Every inbound track found its publisher over P2P SSRCs.
        foreach (var added in outcome.All("MEDIA_TRACK_ADDED").Where(e => e.MediaTrackId!.StartsWith("from-", StringComparison.Ordinal)))
        {
            var remote = Outcome.Attachments(added).TryGetProperty("remoteClientId", out var r) ? r.GetString() : null;
            remote ??= Outcome.Attachments(outcome.Single("MEDIA_TRACK_MATCHED", added.ClientId, added.MediaTrackId, added.PeerConnectionId)).GetProperty("remoteClientId").GetString();
            Assert.Equal(added.MediaTrackId![5..], remote);
        }
        Assert.Equal(3, outcome.Summary.PeakConcurrentClients);
        Assert.Single(outcome.All("CALL_ENDED"));
    }

    [Fact]
    public void Sfu_InboundTracksMatchThePublisherBySfuStreamId()
    {
        // SSRCs are rewritten by the SFU, so only the sfuStreamId can match.
        var pub = new Client("pub", "Publisher");
        var sub = new Client("sub", "Subscriber");
        var script = new Script();
        for (double t = 0; t <= 20; t += 5)
        {
            script.Feed(t + 1,
                sub.At(t, Pc("sub-recv"), In("sub-recv", "t-remote", MediaKind.Video, 9001, 100 * (t + 1), sfuStream: "stream-1", sfuSink: "sink-7")),
                pub.At(t, Pc("pub-send"), Out("pub-send", "t-cam", MediaKind.Video, 5001, 100 * (t + 1), sfuStream: "stream-1")));
        }
        var outcome = script.Play();

        var added = Outcome.Attachments(outcome.Single("MEDIA_TRACK_ADDED", "sub", "t-remote"));
        Assert.Equal("stream-1", added.GetProperty("sfuStreamId").GetString());
        Assert.Equal("sink-7", added.GetProperty("sfuSinkId").GetString());
        Assert.False(added.TryGetProperty("remoteClientId", out _)); // the subscriber's sample came first
        var matched = Outcome.Attachments(outcome.Single("MEDIA_TRACK_MATCHED", "sub", "t-remote"));
        Assert.Equal("pub", matched.GetProperty("remoteClientId").GetString());
        Assert.Equal("Publisher", matched.GetProperty("remoteUserId").GetString());
        Assert.Equal("pub-send", matched.GetProperty("remotePeerConnectionId").GetString());
        Assert.Equal("t-cam", matched.GetProperty("remoteTrackId").GetString());
        Assert.Equal("sfuStreamId", matched.GetProperty("matchedBy").GetString());
        var match = Assert.Single(Assert.Single(outcome.Summary.Clients, c => c.ClientId == "sub").Matches);
        Assert.Equal(("t-remote", "pub", "t-cam"), (match.TrackId, match.RemoteClientId, match.RemoteTrackId));
    }

    [Fact]
    public void Sfu_DifferentStreamIds_DoNotMatchEvenWithEqualSsrcs()
    {
        var pub = new Client("pub");
        var sub = new Client("sub");
        var outcome = new Script()
            .Feed(1, pub.At(0, Pc("p"), Out("p", "t-cam", MediaKind.Video, 5001, 10, sfuStream: "stream-1")),
                     sub.At(0, Pc("s"), In("s", "t-remote", MediaKind.Video, 5001, 10, sfuStream: "stream-2")))
            .Play();

        Assert.Empty(outcome.All("MEDIA_TRACK_MATCHED"));
        Assert.False(Outcome.Attachments(outcome.Single("MEDIA_TRACK_ADDED", "sub", "t-remote")).TryGetProperty("remoteClientId", out _));
    }
}
