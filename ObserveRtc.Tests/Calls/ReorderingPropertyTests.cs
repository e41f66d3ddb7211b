using FsCheck.Xunit;
using ObserveRtc.Core.Calls;
using ObserveRtc.Core.Reports;
using ObserveRtc.Core.Samples;
using static ObserveRtc.Tests.Calls.Samples;

namespace ObserveRtc.Tests.Calls;

/// <summary>Any duplication and local reordering of a call's samples gives the same lifecycle events, each once.</summary>
public class ReorderingPropertyTests
{
    private static readonly string[] LifecycleNames =
    [
        "CALL_STARTED", "CALL_ENDED", "CLIENT_JOINED", "CLIENT_REJOINED", "CLIENT_LEFT",
        "PEER_CONNECTION_OPENED", "PEER_CONNECTION_CLOSED", "MEDIA_TRACK_ADDED", "MEDIA_TRACK_REMOVED",
    ];

    /// <summary>
    /// A three-party P2P call in delivery order: a screen share stopped by a trackless sender row
    /// (its receiver freezes), a PC left as an empty shell and replaced, an explicit leave and a rejoin,
    /// custom events.
    /// </summary>
    private static List<ClientSampleView> Call()
    {
        var alice = new Client("alice");
        var bob = new Client("bob");
        var carol = new Client("carol");
        var samples = new List<ClientSampleView>();
        for (double t = 0; t <= 60; t += 5)
        {
            var bytes = 1000 * (t + 1);
            var screen = 100 * (Math.Min(t, 30) + 1);
            var a = new List<object> { Pc("pc-a"), Out("pc-a", "a-mic", MediaKind.Audio, 111, bytes), Out("pc-a", "a-cam", MediaKind.Video, 112, bytes), In("pc-a", "from-b", MediaKind.Audio, 221, bytes) };
            if (t is >= 10 and <= 30) a.Add(Out("pc-a", "a-screen", MediaKind.Video, 113, screen));
            if (t > 30) a.Add(Out("pc-a", null, MediaKind.Video, 113, screen));
            if (t == 20) a.Add(Ev("MUTED", 19, "pc-a", "a-mic"));
            if (t <= 20) a.Add(Pc("pc-x")); // a data-only PC that then vanishes
            samples.Add(alice.AtReceived(t, t + 0.1, [.. a]));

            var b = new List<object>();
            if (t <= 40) b.AddRange([Pc("pc-b1"), Out("pc-b1", "b-mic", MediaKind.Audio, 221, bytes), In("pc-b1", "from-a", MediaKind.Audio, 111, bytes)]);
            else b.AddRange([Shell("pc-b1"), Pc("pc-b2", closed: t == 60), Out("pc-b2", "b-mic", MediaKind.Audio, 222, bytes)]);
            if (t is >= 10 and <= 40) b.Add(In("pc-b1", "from-a-screen", MediaKind.Video, 113, screen));
            samples.Add(bob.AtReceived(t + 0.5, t + 0.7, [.. b]));

            if (t <= 25)
            {
                var c = new List<object> { Pc("pc-c"), Out("pc-c", "c-mic", MediaKind.Audio, 331, bytes), In("pc-c", "from-a", MediaKind.Audio, 111, bytes) };
                if (t == 20) c.Add(Ev("FEEDBACK", 20, value: "5"));
                if (t == 25) c.Add(Ev("CLIENT_LEFT", 25));
                samples.Add(carol.AtReceived(t + 1, t + 1.2, [.. c]));
            }
            else if (t >= 50)
            {
                // She stops her mic explicitly at 55 s; the sender keeps listing it with frozen bytes.
                var c2 = new List<object> { Pc("pc-c2"), Out("pc-c2", "c-mic", MediaKind.Audio, 332, Math.Min(bytes, 1000 * 56)) };
                if (t == 55) c2.Add(Ev("MEDIA_TRACK_REMOVED", 55.5, "pc-c2", "c-mic"));
                samples.Add(carol.AtReceived(t + 1, t + 1.2, [.. c2]));
            }
        }
        return samples;
    }

    /// <summary>
    /// Applies <paramref name="ops"/> to the delivery: per position, 0 = duplicate it a little later,
    /// 1 = swap it with the next one, 2 = deliver it in the same batch as the next one, else unchanged.
    /// </summary>
    private static List<List<ClientSampleView>> Perturb(List<ClientSampleView> samples, byte[] ops)
    {
        var order = new List<ClientSampleView>(samples);
        var joinNext = new HashSet<int>();
        for (var i = 0; i < ops.Length && i < order.Count; i++)
        {
            switch (ops[i] % 4)
            {
                case 0: order.Insert(Math.Min(order.Count, i + 1 + (ops[i] / 4 % 3)), order[i]); break;
                case 1 when i + 1 < order.Count: (order[i], order[i + 1]) = (order[i + 1], order[i]); break;
                case 2: joinNext.Add(i); break;
            }
        }
        var batches = new List<List<ClientSampleView>>();
        for (var i = 0; i < order.Count; i++)
        {
            if (i > 0 && joinNext.Contains(i - 1)) batches[^1].Add(order[i]);
            else batches.Add([order[i]]);
        }
        return batches;
    }

    private static List<Report> Deliver(List<List<ClientSampleView>> batches)
    {
        var tracker = new CallTracker(new CallTrackerOptions());
        CallState? state = null;
        var events = new List<Report>();
        long now = 0;
        CallTrackerResult? last = null;
        foreach (var batch in batches)
        {
            now = Math.Max(now, batch.Max(s => s.Origin.ReceivedAtMs));
            last = tracker.Observe(state, "call-1", batch, now);
            state = last.State;
            events.AddRange(last.Events);
        }
        while (last!.NextDeadlineMs is { } next)
        {
            last = tracker.Tick(state!, next);
            events.AddRange(last.Events);
        }
        return events;
    }

    private static List<string> Lifecycle(IEnumerable<Report> events) =>
        [.. events.Select(e => e.Payload).OfType<CallEventReport>().Where(e => LifecycleNames.Contains(e.Name)).Select(Outcome.Line).Order(StringComparer.Ordinal)];

    /// <summary>Each inbound track and the publisher track it was matched to, from ADDED or MATCHED.</summary>
    private static List<string> Matches(IEnumerable<Report> events) =>
    [
        .. events.Select(e => e.Payload).OfType<CallEventReport>()
            .Where(e => e.Name is "MEDIA_TRACK_ADDED" or "MEDIA_TRACK_MATCHED")
            .Select(e => (e, a: Outcome.Attachments(e)))
            .Where(x => x.a.TryGetProperty("remoteTrackId", out _))
            .Select(x => $"{x.e.ClientId}/{x.e.MediaTrackId} <- {x.a.GetProperty("remoteClientId").GetString()}/{x.a.GetProperty("remoteTrackId").GetString()}")
            .Distinct().Order(StringComparer.Ordinal),
    ];

    [Fact]
    public void Baseline_HasEveryExpectedLifecycleEventOnce()
    {
        var events = Deliver(Perturb(Call(), []));
        var lifecycle = Lifecycle(events);

        Assert.Equal(lifecycle.Count, lifecycle.Distinct().Count() + 1); // carol leaves twice: explicitly, then at the end
        Assert.Contains("CLIENT_REJOINED carol", lifecycle);
        Assert.Contains("MEDIA_TRACK_REMOVED bob pc-b1 from-a-screen", lifecycle);
        Assert.Contains("PEER_CONNECTION_CLOSED bob pc-b1", lifecycle);
        Assert.Single(lifecycle, l => l == "MEDIA_TRACK_ADDED alice pc-a a-screen");
        Assert.Contains("PEER_CONNECTION_CLOSED alice pc-x", lifecycle);
        Assert.Contains("PEER_CONNECTION_CLOSED bob pc-b2", lifecycle);
        Assert.Single(lifecycle, l => l == "MEDIA_TRACK_ADDED carol pc-c2 c-mic");
        Assert.Single(lifecycle, l => l == "MEDIA_TRACK_REMOVED carol pc-c2 c-mic");
        Assert.Equal(["alice/from-b <- bob/b-mic", "bob/from-a <- alice/a-mic", "bob/from-a-screen <- alice/a-screen", "carol/from-a <- alice/a-mic"], Matches(events));
    }

    [Fact]
    public void SeededFullLengthPerturbations_GiveTheSameLifecycleEvents()
    {
        var expected = Deliver(Perturb(Call(), []));
        var random = new Random(20261124);
        for (var run = 0; run < 300; run++)
        {
            var ops = new byte[Call().Count];
            random.NextBytes(ops);
            var actual = Deliver(Perturb(Call(), ops));
            Assert.Equal(Lifecycle(expected), Lifecycle(actual));
            Assert.Equal(Matches(expected), Matches(actual));
        }
    }

    [Property(MaxTest = 200)]
    public void AnyDuplicationAndLocalReordering_GivesTheSameLifecycleEvents(byte[] ops)
    {
        var expected = Deliver(Perturb(Call(), []));
        var actual = Deliver(Perturb(Call(), ops ?? []));

        Assert.Equal(Lifecycle(expected), Lifecycle(actual));
        Assert.Equal(Matches(expected), Matches(actual));
        Assert.Equal(3, actual.Count(e => e.Payload is CallEventReport { Name: "MUTED" or "FEEDBACK" or "CALL_ENDED" }));
    }
}
