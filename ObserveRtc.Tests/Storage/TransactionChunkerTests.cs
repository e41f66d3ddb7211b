using Azure.Data.Tables;
using ObserveRtc.Core.Storage;

namespace ObserveRtc.Tests.Storage;

public class TransactionChunkerTests
{
    private static PendingEntity Entity(string pk, string rk, int item, string table = "t", int payloadChars = 10) =>
        new(table, new TableEntity(pk, rk) { ["Payload"] = new string('x', payloadChars) }, item);

    [Fact]
    public void Chunk_101ActionsInOnePartition_GivesTwoTransactions()
    {
        var entities = Enumerable.Range(0, 101).Select(i => Entity("call-1", $"r{i:D3}", i)).ToList();

        var chunks = TransactionChunker.Chunk(entities);

        Assert.Equal([100, 1], chunks.Select(c => c.Entities.Count));
        Assert.All(chunks, c => Assert.Equal("call-1", c.PartitionKey));
        Assert.Equal(entities.Select(e => e.Entity.RowKey), chunks.SelectMany(c => c.Entities).Select(e => e.Entity.RowKey));
    }

    [Fact]
    public void Chunk_MixedPartitionsAndTables_NeverShareATransaction()
    {
        var entities = new[]
        {
            Entity("a", "1", 0), Entity("b", "1", 1), Entity("a", "2", 2),
            Entity("a", "3", 3, table: "other"), Entity("c", "1", 4), Entity("b", "2", 5),
        };

        var chunks = TransactionChunker.Chunk(entities);

        Assert.Equal(4, chunks.Count);
        Assert.All(chunks, c =>
        {
            Assert.All(c.Entities, e => Assert.Equal(c.PartitionKey, e.Entity.PartitionKey));
            Assert.All(c.Entities, e => Assert.Equal(c.Table, e.Table));
        });
        Assert.Equal(6, chunks.Sum(c => c.Entities.Count));
    }

    [Fact]
    public void Chunk_SameRowTwice_KeepsTheLastWriteOnce()
    {
        var entities = new[] { Entity("a", "1", 0), Entity("a", "2", 1), Entity("a", "1", 2) };

        var chunk = Assert.Single(TransactionChunker.Chunk(entities));

        Assert.Equal(["1", "2"], chunk.Entities.Select(e => e.Entity.RowKey));
        Assert.Equal(2, chunk.Entities[0].ItemIndex);
    }

    [Fact]
    public void Chunk_LargeEntities_StayUnderTheBatchPayloadLimit()
    {
        // 30 entities of ~600,000 wire bytes each (100,000 chars at 6 bytes worst case).
        var entities = Enumerable.Range(0, 30).Select(i => Entity("a", $"r{i:D2}", i, payloadChars: 100_000)).ToList();

        var chunks = TransactionChunker.Chunk(entities);

        Assert.True(chunks.Count > 1);
        Assert.All(chunks, c => Assert.True(c.Entities.Sum(e => EntityLimits.EstimateWireSize(e.Entity)) <= EntityLimits.MaxTransactionBytes));
        Assert.Equal(30, chunks.Sum(c => c.Entities.Count));
    }
}
