using ObserveRtc.Core.Entities;

namespace ObserveRtc.Tests.Pipeline;

public class EntityKeysTests
{
    [Fact]
    public void ShortIds_AreTheirOwnKeys()
    {
        var uuid = "3f1c2a9e-8b7d-4c6e-9f0a-1b2c3d4e5f60";

        Assert.Equal(uuid, EntityKeys.For(uuid));
        Assert.Equal(new string('a', EntityKeys.MaxKeyLength), EntityKeys.For(new string('a', EntityKeys.MaxKeyLength)));
    }

    [Fact]
    public void LongIds_AreShortenedDeterministically_AndStayDistinct()
    {
        var a = new string('a', 200);
        var b = new string('a', 199) + "b";

        Assert.Equal(EntityKeys.For(a), EntityKeys.For(a));
        Assert.NotEqual(EntityKeys.For(a), EntityKeys.For(b));
        Assert.True(EntityKeys.For(a).Length <= EntityKeys.MaxKeyLength);
        // Durable Task's limit: "@{entity name}@" + key is at most 100 characters, for both entities.
        foreach (var name in new[] { EntityNames.Call, EntityNames.Sfu })
            Assert.True($"@{name.ToLowerInvariant()}@{EntityKeys.For(a)}".Length <= 100, name);
    }

    [Fact]
    public void EntityNames_ByKind()
    {
        Assert.Equal(EntityNames.Call, EntityNames.For(ObserveRtc.Core.Ingest.EntityKind.Call));
        Assert.Equal(EntityNames.Sfu, EntityNames.For(ObserveRtc.Core.Ingest.EntityKind.Sfu));
    }

    [Fact]
    public void Shortening_NeverCutsASurrogatePair()
    {
        var id = new string('a', 39) + "😀" + new string('b', 100);

        var key = EntityKeys.For(id);

        Assert.DoesNotContain("\ud83d~", key, StringComparison.Ordinal);
        Assert.Equal(39, key.IndexOf('~', StringComparison.Ordinal));
    }

    [Fact]
    public void OperationNames_AreTheEntityMethodNames_IgnoringCase()
    {
        // The Functions entities (CallEntity, SfuEntity) dispatch by public method name, case-insensitively:
        // methods Observe(observation) and Tick(token) serve these operations.
        Assert.Equal("Observe", CallEntityOperations.Observe, StringComparer.OrdinalIgnoreCase);
        Assert.Equal("Tick", CallEntityOperations.Tick, StringComparer.OrdinalIgnoreCase);
        Assert.Equal("Observe", SfuEntityOperations.Observe, StringComparer.OrdinalIgnoreCase);
        Assert.Equal("Tick", SfuEntityOperations.Tick, StringComparer.OrdinalIgnoreCase);
        // Never the implicit "delete" operation of TaskEntity.
        Assert.NotEqual("delete", CallEntityOperations.Tick, StringComparer.OrdinalIgnoreCase);
    }
}
