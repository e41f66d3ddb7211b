using ObserveRtc.Core.Storage;

namespace ObserveRtc.Tests.Storage;

[Collection(AzuriteGroup.Name)]
public class TableRoomRegistryTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task GetOrAdd_EmptyRoom_RegistersTheProposedCall()
    {
        var registry = new TableRoomRegistry(azurite.NewStorage());

        var first = await registry.GetOrAddAsync("svc", "room-1", "call-a");
        var second = await registry.GetOrAddAsync("svc", "room-1", "call-b");

        Assert.Equal(new("call-a", true), first);
        Assert.Equal(new("call-a", false), second);
    }

    [Fact]
    public async Task GetOrAdd_ManyConcurrentWriters_AllGetTheSameCall_OneWinner()
    {
        // Two writers as two ingest instances: separate clients on the same tables.
        var storage = azurite.NewStorage();
        var other = azurite.NewStorage(prefix: storage.Options.TablePrefix);
        var writers = new[] { new TableRoomRegistry(storage), new TableRoomRegistry(other) };
        await storage.EnsureCreatedAsync();

        for (var round = 0; round < 5; round++)
        {
            var room = $"room-{round}";
            var tasks = Enumerable.Range(0, 16)
                .Select(i => writers[i % 2].GetOrAddAsync("svc", room, $"call-{round}-{i}").AsTask())
                .ToList();
            var answers = await Task.WhenAll(tasks);

            Assert.Single(answers.Select(a => a.CallId).Distinct());
            Assert.Single(answers, a => a.Created);
        }
    }

    [Fact]
    public async Task Remove_OnlyWhenTheRowStillNamesTheCall()
    {
        var registry = new TableRoomRegistry(azurite.NewStorage());
        await registry.GetOrAddAsync("svc", "room-1", "call-a");

        Assert.False(await registry.RemoveAsync("svc", "room-1", "call-old"));
        Assert.Equal("call-a", (await registry.GetOrAddAsync("svc", "room-1", "call-x")).CallId);

        Assert.True(await registry.RemoveAsync("svc", "room-1", "call-a"));
        Assert.False(await registry.RemoveAsync("svc", "room-1", "call-a"));
        Assert.Equal(new("call-b", true), await registry.GetOrAddAsync("svc", "room-1", "call-b"));
        Assert.False(await registry.RemoveAsync("svc", "room-1", "call-a"));
        Assert.Equal("call-b", (await registry.GetOrAddAsync("svc", "room-1", "call-y")).CallId);
    }

    [Fact]
    public async Task GetOrAddAndRemove_IdsWithForbiddenCharacters_Work()
    {
        var registry = new TableRoomRegistry(azurite.NewStorage());
        const string service = "svc/\\#?";
        const string room = "room #1/ünï\u0001?";

        Assert.True((await registry.GetOrAddAsync(service, room, "call/1")).Created);
        Assert.Equal(new("call/2", true), await registry.GetOrAddAsync(service, "room #1/ünï\u0002?", "call/2"));
        Assert.False(await registry.RemoveAsync(service, room, "call/2"));
        Assert.True(await registry.RemoveAsync(service, room, "call/1"));
    }
}
