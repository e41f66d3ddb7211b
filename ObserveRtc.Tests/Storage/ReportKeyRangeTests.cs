using ObserveRtc.Core.Reports;
using ObserveRtc.Core.Storage;
using ObserveRtc.Tests.Support;

namespace ObserveRtc.Tests.Storage;

/// <summary>
/// Many calls share a Reports partition, so a client's rows are found by a RowKey range alone: no two
/// (call, client) pairs may have overlapping ranges, whatever their ids hold (separators, escapes,
/// the cut-id marker, surrogates, control characters, ids long enough to be cut).
/// </summary>
public class ReportKeyRangeTests
{
    [Fact]
    public void ClientRowRanges_NeverOverlap_AndKeysFit()
    {
        var storage = TableStorage.NamesOnly();
        var random = new Random(7);
        string[] atoms = ["a", "b", "|", "%", "}", "~", "%H", "\uD83D\uDE00", "é", "/", "\u0001", "%7C"];
        string Id(int maxAtoms)
        {
            var n = random.Next(0, maxAtoms);
            return string.Concat(Enumerable.Range(0, n).Select(_ => atoms[random.Next(atoms.Length)]));
        }
        var pairs = new HashSet<(string, string)>();
        for (var i = 0; i < 3000; i++)
        {
            var call = Id(random.Next(2) == 0 ? 4 : 120);
            if (call.Length == 0) call = "x";
            pairs.Add((call, Id(random.Next(2) == 0 ? 3 : 120)));
        }
        var rows = new List<(string Call, string Client, string Pk, string Rk)>();
        foreach (var (call, client) in pairs)
        {
            var r = TestReports.Of(ReportTypes.InboundAudioTrack, "svc", call, client.Length == 0 ? null : client, 1_700_000_000_000, id: ReportIds.From(call, client));
            var (_, e) = Assert.Single(ReportEntities.ToEntities(storage, r));
            Assert.True(e.RowKey.Length <= 512);
            rows.Add((call, client, e.PartitionKey, e.RowKey));
        }
        foreach (var (call, client) in pairs.Take(800))
        {
            var prefix = ReportEntities.CallClientRowPrefix(call, client);
            var end = TableKeys.PrefixEnd(prefix);
            var pk = ReportEntities.ReportPartition(call);
            var hits = rows.Where(x => x.Pk == pk && string.CompareOrdinal(x.Rk, prefix) >= 0 && string.CompareOrdinal(x.Rk, end) < 0).ToList();
            Assert.All(hits, h => Assert.Equal((call, client), (h.Call, h.Client)));
            Assert.Single(hits);
        }
    }
}
