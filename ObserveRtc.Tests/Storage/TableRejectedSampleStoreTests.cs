using ObserveRtc.Core.Samples;
using ObserveRtc.Core.Storage;

namespace ObserveRtc.Tests.Storage;

[Collection(AzuriteGroup.Name)]
public class TableRejectedSampleStoreTests(AzuriteFixture azurite)
{
    private const long T0 = 1_700_000_000_000;

    [Fact]
    public async Task Write_ThenGet_ReturnsRejectionsWithReasons_NewestFirst_OnceEach()
    {
        var store = new TableRejectedSampleStore(azurite.NewStorage());
        var rejections = new[]
        {
            new RejectedSample("svc", "mu", T0, "0:17", new SampleRejection(RejectReasons.MalformedJson, "not JSON at 0", null, null, "{{{")),
            new RejectedSample("svc", "mu", T0 + 10, "0:18", new SampleRejection(RejectReasons.MissingClientId, "clientSamples[1] has no clientId", null, "clientSamples[1]", "{\"clientSamples\":")),
            new RejectedSample("svc", null, T0 + 20, "0:19", new SampleRejection(RejectReasons.TooLarge, new string('d', 20_000), "c/1#", null, "xyz")),
        };

        Assert.True((await store.WriteAsync(rejections)).Succeeded);
        Assert.True((await store.WriteAsync(rejections)).Succeeded);
        var read = await store.GetAsync("svc", T0, T0 + 20).ToListAsync();

        Assert.Equal([RejectReasons.TooLarge, RejectReasons.MissingClientId, RejectReasons.MalformedJson], read.Select(r => r.Rejection.Reason));
        Assert.Equal(rejections[1], read[1]);
        Assert.Equal("c/1#", read[0].Rejection.ClientId);
        Assert.Equal(8 * 1024, read[0].Rejection.Detail.Length);
    }

    [Fact]
    public async Task AWholeBodyKeptForReplay_IsStoredWhole()
    {
        // An unavailable room registry keeps the whole body (up to the decoder's 1 MiB) so it can be replayed.
        var store = new TableRejectedSampleStore(azurite.NewStorage());
        var body = "{\"clientId\":\"c\",\"roomId\":\"r\",\"x\":\"" + new string('b', 300_000) + "ü\"}";
        var rejection = new RejectedSample("svc", "mu", T0, "0:1", new SampleRejection(RejectReasons.Unavailable, "registry down", "c", null, body));

        Assert.True((await store.WriteAsync([rejection])).Succeeded);
        var read = Assert.Single(await store.GetAsync("svc", T0, T0).ToListAsync());

        Assert.Equal(body, read.Rejection.BodyPrefix);
    }

    [Fact]
    public async Task AWholeBodyOfAMegabyte_IsStoredWholeCompressed_AndReadsBack()
    {
        // Over the ~520K characters a row holds as text: kept gzip-compressed in binary columns, not cut.
        var store = new TableRejectedSampleStore(azurite.NewStorage());
        var samples = string.Join(",", Enumerable.Range(0, 9_000).Select(i => $"{{\"clientId\":\"c{i % 7}\",\"roomId\":\"r\",\"timestamp\":{T0 + i},\"x\":\"ü{i}\"}}"));
        var body = "{\"clientSamples\":[" + samples + "]}";
        Assert.True(body.Length > 550_000, $"{body.Length}");
        var rejection = new RejectedSample("svc", "mu", T0, "0:2", new SampleRejection(RejectReasons.Unavailable, "registry down", "c", null, body));

        Assert.True((await store.WriteAsync([rejection])).Succeeded);
        var read = Assert.Single(await store.GetAsync("svc", T0, T0).ToListAsync());

        Assert.Equal(body, read.Rejection.BodyPrefix);
    }
}
