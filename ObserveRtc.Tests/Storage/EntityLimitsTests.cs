using Azure.Data.Tables;
using ObserveRtc.Core.Reports;
using ObserveRtc.Core.Storage;
using ObserveRtc.Tests.Support;

namespace ObserveRtc.Tests.Storage;

public class EntityLimitsTests
{
    private static TableStorage Storage() => new(new TableStorageOptions { ConnectionString = "UseDevelopmentStorage=true" });

    [Fact]
    public void Validate_253Properties_Throws()
    {
        var entity = new TableEntity("pk", "rk");
        for (var i = 0; i < 253; i++) entity[$"P{i}"] = i;

        Assert.Throws<EntityLimitException>(() => EntityLimits.Validate(entity));
        entity.Remove("P0");
        EntityLimits.Validate(entity);
    }

    [Fact]
    public void WireSize_CountsNonAsciiKeysInTheUrlAndInTheBody()
    {
        // A CJK key is 9 bytes a character percent-encoded in the action's URL and 6 as \uXXXX in its JSON.
        var pk = new string('一', 400);
        var rk = new string('二', 160) + new string('x', 52);
        var entity = new TableEntity(pk, rk) { ["Payload"] = "{}" };
        long keysOnTheWire = Uri.EscapeDataString(pk).Length + Uri.EscapeDataString(rk).Length
            + System.Text.Json.JsonSerializer.Serialize(pk).Length + System.Text.Json.JsonSerializer.Serialize(rk).Length;

        Assert.True(EntityLimits.EstimateWireSize(entity) >= keysOnTheWire + 1024, $"estimate {EntityLimits.EstimateWireSize(entity)}, keys alone {keysOnTheWire}");
    }

    [Fact]
    public void ARejectionOfAHugeServiceId_IsStillAStorableRow()
    {
        var rejected = new ObserveRtc.Core.Storage.RejectedSample(new string('s', 40_000), new string('m', 40_000), 1_756_000_000_000, new string('i', 40_000),
            new ObserveRtc.Core.Samples.SampleRejection("invalid-value", "serviceId is 40,000 characters long", null, null, "{}"));

        var entity = TableRejectedSampleStore.ToEntity(rejected); // validates the row

        Assert.True(entity.GetBoolean(PayloadColumns.TruncatedColumn));
        Assert.Equal(8 * 1024, entity.GetString("ServiceId")!.Length);
    }

    [Fact]
    public void Validate_StringOver32KChars_Throws()
    {
        var entity = new TableEntity("pk", "rk") { ["S"] = new string('x', EntityLimits.MaxStringChars + 1) };

        Assert.Throws<EntityLimitException>(() => EntityLimits.Validate(entity));
    }

    [Fact]
    public void Validate_EntityOver1MiB_Throws()
    {
        var entity = new TableEntity("pk", "rk");
        for (var i = 0; i < 20; i++) entity[$"S{i}"] = new string('x', 30_000);

        Assert.Throws<EntityLimitException>(() => EntityLimits.Validate(entity));
    }

    [Fact]
    public void Validate_ForbiddenKeyCharacter_Throws()
    {
        Assert.Throws<ArgumentException>(() => EntityLimits.Validate(new TableEntity("a/b", "rk")));
        Assert.Throws<ArgumentException>(() => EntityLimits.Validate(new TableEntity("pk", "a\u0001")));
    }

    [Fact]
    public void PayloadColumns_LargePayload_IsSplitAcrossColumns_AndReadsBack()
    {
        var json = "\"" + new string('x', 100_000) + "\"";
        var entity = new TableEntity("pk", "rk") { ["Type"] = "T" };

        PayloadColumns.Write(entity, json);

        Assert.Equal(4, entity.GetInt32(PayloadColumns.PartsColumn));
        Assert.False(entity.GetBoolean(PayloadColumns.TruncatedColumn));
        Assert.All(entity.Select(p => p.Value).OfType<string>(), s => Assert.True(s.Length <= EntityLimits.MaxStringChars));
        Assert.Equal((json, false), PayloadColumns.Read(entity));
        EntityLimits.Validate(entity);
    }

    [Fact]
    public void PayloadColumns_ATextTooLongForTheRow_IsStoredCompressed_Whole()
    {
        // 1.5 M characters of JSON are 3 MB as UTF-16 columns, a few hundred KB gzip-compressed.
        var json = "[" + string.Join(",", Enumerable.Range(0, 100_000).Select(i => $"{{\"ssrc\":{i},\"jitter\":0.{i % 97}}}")) + "]";
        Assert.True(json.Length > 1_500_000);
        var entity = new TableEntity("pk", "rk") { ["Type"] = "T" };

        PayloadColumns.Write(entity, json);

        Assert.Equal("gzip", entity.GetString(PayloadColumns.EncodingColumn));
        Assert.False(entity.GetBoolean(PayloadColumns.TruncatedColumn));
        Assert.DoesNotContain(entity.Keys, k => k == PayloadColumns.Name);
        Assert.All(entity.Select(p => p.Value).OfType<byte[]>(), b => Assert.True(b.Length <= EntityLimits.MaxBinaryBytes));
        Assert.Equal((json, false), PayloadColumns.Read(entity));
        EntityLimits.Validate(entity);
        Assert.True(EntityLimits.EstimateSize(entity) <= EntityLimits.MaxEntityBytes);
    }

    [Fact]
    public void PayloadColumns_PayloadOver1MiBEvenCompressed_IsTruncatedAndMarked()
    {
        var json = TestReports.Incompressible(2_000_000);
        var entity = new TableEntity("pk", "rk") { ["Type"] = "T" };

        PayloadColumns.Write(entity, json);

        Assert.True(entity.GetBoolean(PayloadColumns.TruncatedColumn));
        Assert.Null(entity.GetString(PayloadColumns.EncodingColumn));
        Assert.Equal(2_000_000, entity.GetInt32(PayloadColumns.CharsColumn));
        var (read, truncated) = PayloadColumns.Read(entity);
        Assert.True(truncated);
        Assert.StartsWith(read, json, StringComparison.Ordinal);
        Assert.True(read.Length > 400_000);
        EntityLimits.Validate(entity);
    }

    [Fact]
    public void PayloadColumns_NeverSplitsASurrogatePair()
    {
        var json = string.Concat(Enumerable.Repeat("😀", 40_000));
        var entity = new TableEntity("pk", "rk");

        PayloadColumns.Write(entity, json);

        for (var i = 0; i < entity.GetInt32(PayloadColumns.PartsColumn); i++)
        {
            var part = entity.GetString(PayloadColumns.PartName(i))!;
            Assert.False(char.IsHighSurrogate(part[^1]));
            Assert.False(char.IsLowSurrogate(part[0]));
        }
        Assert.Equal(json, PayloadColumns.Read(entity).Json);
    }

    [Fact]
    public void ToEntities_ReportWithHugePayload_IsStoredTruncatedWithinLimits()
    {
        var report = TestReports.CallEvent("svc", "call-1", "CUSTOM", 1000, clientId: "c1", value: TestReports.Incompressible(2_000_000));

        var (_, entity) = Assert.Single(ReportEntities.ToEntities(Storage(), report));

        Assert.True(entity.GetBoolean(PayloadColumns.TruncatedColumn));
        EntityLimits.Validate(entity);
        Assert.True(EntityLimits.EstimateSize(entity) <= EntityLimits.MaxEntityBytes);
    }

    [Fact]
    public void ToEntities_CallStarted_AlsoWritesTheCallIndexRow()
    {
        var storage = Storage();
        var report = TestReports.CallEvent("svc", "call-1", "CALL_STARTED", 1_700_000_000_000, roomId: "room-1");

        var rows = ReportEntities.ToEntities(storage, report).ToList();

        Assert.Equal([storage.CallEventsTable, storage.CallsTable], rows.Select(r => r.Table));
        var index = rows[1].Entity;
        Assert.Equal("svc|20231114", index.PartitionKey);
        Assert.Equal("room-1", index.GetString("RoomId"));
        Assert.Equal(ReportTypes.CallEvent, rows[0].Entity.GetString("Type"));
    }

    [Fact]
    public void ToEntities_SampleReport_GoesToItsCallsBucket_KeyedByCallClientAndTime()
    {
        var storage = Storage();
        var report = TestReports.Of(ReportTypes.InboundAudioTrack, "svc", "call|1", "alice", 1_700_000_000_000);

        var (table, entity) = Assert.Single(ReportEntities.ToEntities(storage, report));

        Assert.Equal(storage.ReportsTable, table);
        // The bucket is part of the stored format: a different hash or count would strand earlier rows.
        Assert.Equal("13", ReportEntities.ReportPartition("call|1"));
        Assert.Equal("13", entity.PartitionKey);
        Assert.Equal($"call%7C1|alice|{TableKeys.Ticks(1_700_000_000_000)}|{TableKeys.Escape(report.Id)}", entity.RowKey);
        Assert.StartsWith(ReportEntities.CallClientRowPrefix("call|1", "alice"), entity.RowKey, StringComparison.Ordinal);
    }

    [Fact]
    public void ReportPartition_SpreadsCallsOverEveryBucket()
    {
        var counts = Enumerable.Range(0, 32_000).GroupBy(i => ReportEntities.ReportPartition(Guid.NewGuid().ToString())).ToDictionary(g => g.Key, g => g.Count());

        Assert.Equal(Enumerable.Range(0, ReportEntities.ReportPartitions).Select(i => i.ToString("D2", System.Globalization.CultureInfo.InvariantCulture)), counts.Keys.Order());
        Assert.All(counts.Values, n => Assert.InRange(n, 800, 1200));
    }
}
