using ObserveRtc.Core.Publishing;
using ObserveRtc.Core.Reports;
using ObserveRtc.Tests.Support;

namespace ObserveRtc.Tests.Publishing;

public class EventGridChunkingTests
{
    private static readonly Report AnyReport = TestReports.CallEvent("svc", "call-1", "CALL_STARTED", 0);

    private static List<(Report, byte[])> Events(int count, int bytes) =>
        Enumerable.Range(0, count).Select(_ => (AnyReport, new byte[bytes])).ToList();

    [Fact]
    public void Chunk_5001Events_GivesTwoRequests()
    {
        var requests = EventGridPublisher.Chunk(Events(5001, 10), 1_000_000, 5_000).ToList();

        Assert.Equal([5000, 1], requests.Select(r => r.Count));
    }

    [Fact]
    public void Chunk_BySize_CountsBracketsAndCommas()
    {
        // Each event 100 bytes: n events take 2 + 100n + (n - 1) bytes. 1,000 bytes hold 9 (910), not 10 (1,011).
        var requests = EventGridPublisher.Chunk(Events(20, 100), 1_000, 5_000).ToList();

        Assert.Equal([9, 9, 2], requests.Select(r => r.Count));
        Assert.All(requests, r => Assert.True(2 + r.Sum(e => e.Bytes.Length) + r.Count - 1 <= 1_000));
    }

    [Fact]
    public void Chunk_Nothing_GivesNoRequest()
    {
        Assert.Empty(EventGridPublisher.Chunk([], 1_000, 10));
    }
}
