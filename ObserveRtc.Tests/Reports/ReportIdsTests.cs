using ObserveRtc.Core.Reports;

namespace ObserveRtc.Tests.Reports;

public class ReportIdsTests
{
    [Fact]
    public void FromAPrefix_IsFromAllTheParts()
    {
        var random = new Random(7);
        string?[] pool = [null, "", "a", "demo-service", "5b6a2c3e-8f1d-4a7b-9c2e-1f3a4b5c6d7e", "1756000000000", "0", "ünï/cødé 😀", new string('x', 300)];
        for (var i = 0; i < 2_000; i++)
        {
            var head = Enumerable.Range(0, random.Next(0, 5)).Select(_ => pool[random.Next(pool.Length)]).ToArray();
            var tail = Enumerable.Range(0, random.Next(0, 4)).Select(_ => pool[random.Next(pool.Length)]).ToArray();

            Assert.Equal(ReportIds.From([.. head, .. tail]), ReportIds.From(ReportIds.Prefix(head), tail));
        }
    }

    [Fact]
    public void APrefix_ServesManyIds_AndPartsStayApart()
    {
        var prefix = ReportIds.Prefix("svc", "client", "1756000000000", "3");

        Assert.Equal(ReportIds.From(prefix, "INBOUND_AUDIO_TRACK", "pc", "1"), ReportIds.From(prefix, "INBOUND_AUDIO_TRACK", "pc", "1"));
        Assert.NotEqual(ReportIds.From(prefix, "INBOUND_AUDIO_TRACK", "pc", "1"), ReportIds.From(prefix, "INBOUND_AUDIO_TRACK", "pc1", null));
        Assert.NotEqual(ReportIds.From(prefix, "a", null), ReportIds.From(prefix, "a", ""));
        Assert.NotEqual(ReportIds.From(ReportIds.Prefix("ab"), "c"), ReportIds.From(ReportIds.Prefix("a"), "bc"));
    }

    [Fact]
    public void Ids_AreTheSameAsInEveryEarlierVersion()
    {
        // A replay after an upgrade must overwrite the rows an earlier version wrote, so the encoding
        // and the hash never change (values computed when the scheme was introduced).
        Assert.Equal(Known, ReportIds.From("demo-service", "5b6a2c3e-8f1d-4a7b-9c2e-1f3a4b5c6d7e", "1756000000000", null, "INBOUND_AUDIO_TRACK", "pc-1", "3011227654"));
        Assert.Equal(Known, ReportIds.From(ReportIds.Prefix("demo-service", "5b6a2c3e-8f1d-4a7b-9c2e-1f3a4b5c6d7e", "1756000000000", null), "INBOUND_AUDIO_TRACK", "pc-1", "3011227654"));
    }

    private const string Known = "b3808d2573d7a468cc175b682c43790b";
}
