using Azure.Data.Tables;
using ObserveRtc.Core.Storage;

namespace ObserveRtc.Tests.Storage;

[Collection(AzuriteGroup.Name)]
public class TableBatchWriterTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Write_OneEntityRefusedByTheService_FailsOnlyThatItem_TheRestAreWritten()
    {
        // The writer's own checks are bypassed here, so the service (Azurite) refuses the 40K-char string.
        var storage = azurite.NewStorage();
        var items = Enumerable.Range(0, 5).ToList();
        var entities = items.Select(i => new PendingEntity(
            storage.ReportsTable,
            new TableEntity("call-1", $"r{i}") { ["Value"] = i == 2 ? new string('x', 40_000) : "ok" },
            i)).ToList();

        var result = await TableBatchWriter.WriteAsync(storage, items, entities, new Dictionary<int, string>(), CancellationToken.None);

        var failure = Assert.Single(result.Failures);
        Assert.Equal(2, failure.Item);
        Assert.False(failure.Retryable);
        Assert.Equal(4, result.Written);
        var rows = await azurite.Table(storage.ReportsTable).QueryAsync<TableEntity>().ToListAsync();
        Assert.Equal(["r0", "r1", "r3", "r4"], rows.Select(r => r.RowKey));
    }

    [Fact]
    public async Task Write_RefusedBeforeSending_IsReportedNotRetryable_OthersWritten()
    {
        var storage = azurite.NewStorage();
        var entities = new[] { new PendingEntity(storage.ReportsTable, new TableEntity("p", "a"), 0), new PendingEntity(storage.ReportsTable, new TableEntity("p", "b"), 1) };

        var result = await TableBatchWriter.WriteAsync(storage, ["a", "b"], entities, new Dictionary<int, string> { [1] = "too big" }, CancellationToken.None);

        Assert.Equal(1, result.Written);
        Assert.Equal(("b", "too big", false), (result.Failures[0].Item, result.Failures[0].Error, result.Failures[0].Retryable));
    }
}
