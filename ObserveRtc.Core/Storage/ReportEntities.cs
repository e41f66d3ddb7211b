using System.Globalization;
using System.IO.Hashing;
using System.Text;
using Azure.Data.Tables;
using ObserveRtc.Core.Reports;

namespace ObserveRtc.Core.Storage;

/// <summary>
/// Maps reports to table rows and back. Keys (all ids escaped by <see cref="TableKeys"/>):
/// <list type="bullet">
/// <item>Reports (sample reports): PK = the call's bucket (<see cref="ReportPartition"/>: two digits, one of
/// <see cref="ReportPartitions"/>), RK = <c>call|client|ticks|reportId</c> (ticks of 0 for a report that is one record per id).
/// Many calls share a partition so that one ingest batch's rows, about one sample per call when many
/// calls are live, still fill transactions; a call's (and a client's) rows are one RowKey prefix range
/// in one partition.</item>
/// <item>CallEvents (CALL_EVENT, SFU_EVENT, OBSERVER_EVENT): PK = call, RK = <c>ticks|rank|reportId</c> (<see cref="EventOrder"/>: ties keep the lifecycle order).</item>
/// <item>CallSummaries (CALL_SUMMARY): PK = call, RK = <c>summary|invertedStartTicks</c>: one per run of the call id, newest first (<c>summary</c> alone before runs had their own, still read).</item>
/// <item>Calls (index): PK = <c>service|yyyyMMdd</c>, RK = <c>invertedTicks|call</c>. Written from CALL_STARTED and again from the CALL_SUMMARY (end, duration, clients), both upsert-merged, so whichever comes last (a retried CALL_STARTED after the summary) keeps the other's columns.</item>
/// </list>
/// Rows written before the buckets (PK = call, RK = <c>client|ticks|reportId</c>) are still read
/// (<see cref="TableReportStore.GetClientReportsAsync"/>).
/// A report without a call goes to partition <c>sfu|{sfuId}</c> (or <c>service|{serviceId}</c>) with
/// RK = <c>client|ticks|reportId</c>; an escaped call id never holds <c>|</c> and a bucket is two
/// digits, so these never meet a call's partition.
/// </summary>
internal static class ReportEntities
{
    /// <summary>The RowKey of the summary rows written before a call's runs had one each: still read.</summary>
    public const string LegacySummaryRowKey = "summary";

    /// <summary>
    /// A run's summary row: <c>summary|{inverted start ticks}</c>, so a call id that starts again after its
    /// end (a redelivered batch past the retention, a room whose release was given up) keeps each run's
    /// summary, the newest first, and a replay of one run overwrites its own.
    /// </summary>
    public static string SummaryRowKey(long startedMs) => TableKeys.Join("summary", TableKeys.InvertedTicks(startedMs));

    /// <summary>Every summary row of a call partition, legacy one first: "summary" &lt; "summary|…" &lt; "summary}".</summary>
    public static (string Low, string High) SummaryRowRange => (LegacySummaryRowKey, TableKeys.PrefixEnd(TableKeys.Join("summary", "")));

    public static bool IsEvent(string type) => type is ReportTypes.CallEvent or ReportTypes.SfuEvent or ReportTypes.ObserverEvent;

    /// <summary>
    /// How many partitions the Reports table spreads calls over. Part of the stored format: a call's
    /// rows are found through its bucket, so a different count would strand the rows written before.
    /// With load spread over them, 32 partitions take 32 × 2,000 entities/s, more than a storage
    /// account's 20,000; but the calls of a bucket share its 2,000, so a few very busy calls that hash
    /// together can be throttled where a partition each would not (fewer buckets fill transactions
    /// better, more spread the load: 32 keeps about 50 rows per transaction at 2,000 live calls).
    /// </summary>
    public const int ReportPartitions = 32;

    public static string CallPartition(string callId) => TableKeys.Escape(callId, 400);

    /// <summary>The Reports partition of a call: XxHash3 of its id's UTF-8, modulo <see cref="ReportPartitions"/>, as two digits.</summary>
    public static string ReportPartition(string callId)
    {
        var bucket = XxHash3.HashToUInt64(Encoding.UTF8.GetBytes(callId)) % ReportPartitions;
        return bucket.ToString("D2", CultureInfo.InvariantCulture);
    }

    /// <summary>The RowKey prefix of one client's rows in a call's partition, as rows were keyed before the buckets (<c>client|</c>).</summary>
    public static string LegacyClientRowPrefix(string? clientId) => TableKeys.Escape(clientId) + TableKeys.Separator;

    /// <summary>The Reports RowKey prefix of one client's rows in a call (<c>call|client|</c>).</summary>
    public static string CallClientRowPrefix(string callId, string? clientId) =>
        string.Concat(TableKeys.Escape(callId), TableKeys.Separator.ToString(), TableKeys.Escape(clientId), TableKeys.Separator.ToString());

    public static string Partition(Report report) =>
        report.CallId is { Length: > 0 } callId ? CallPartition(callId)
        : report.SfuId is { Length: > 0 } sfuId ? TableKeys.Join("sfu", TableKeys.Escape(sfuId, 400))
        : TableKeys.Join("service", TableKeys.Escape(report.ServiceId, 400));

    public static string DayPartition(string serviceId, long epochMs) =>
        TableKeys.Join(TableKeys.Escape(serviceId, 400), DateTimeOffset.FromUnixTimeMilliseconds(Math.Max(0, epochMs)).UtcDateTime.ToString("yyyyMMdd", CultureInfo.InvariantCulture));

    /// <summary>The rows of one report: its own row, and a call-index row for CALL_STARTED and CALL_SUMMARY. Throws <see cref="EntityLimitException"/> or <see cref="ArgumentException"/> for a report that cannot be stored.</summary>
    public static IEnumerable<(string Table, TableEntity Entity)> ToEntities(TableStorage storage, Report report)
    {
        var (name, roomId) = EventFields(report.Payload);
        var partition = Partition(report);
        string table, rowKey;
        // A report that is one record per id (an object every sample repeats) keeps one row: its key
        // does not carry the sample's time (0: such rows come first among the client's).
        var rowTicks = TableKeys.Ticks(report.OneRecordPerId ? 0 : report.TimestampMs);
        if (report.Type == ReportTypes.CallSummary)
        {
            table = storage.CallSummariesTable;
            rowKey = SummaryRowKey(report.Payload is Calls.CallSummaryReport { Started: { } runStart } ? runStart : report.TimestampMs);
        }
        else if (IsEvent(report.Type))
        {
            table = storage.CallEventsTable;
            rowKey = TableKeys.Join(TableKeys.Ticks(report.TimestampMs), EventOrder.Rank(report), TableKeys.Escape(report.Id, 300));
        }
        else if (report.CallId is { Length: > 0 } reportCallId)
        {
            table = storage.ReportsTable;
            partition = ReportPartition(reportCallId);
            // Report ids are 32 hex digits; 160 + 160 + 19 + 64 + 3 separators stay within a key's 512.
            rowKey = TableKeys.Join(TableKeys.Escape(reportCallId), TableKeys.Escape(report.ClientId), rowTicks, TableKeys.Escape(report.Id, 64));
        }
        else
        {
            table = storage.ReportsTable;
            rowKey = TableKeys.Join(TableKeys.Escape(report.ClientId), rowTicks, TableKeys.Escape(report.Id, 300));
        }

        var entity = new TableEntity(partition, rowKey)
        {
            ["Type"] = report.Type,
            ["SchemaVersion"] = report.SchemaVersion,
            ["ReportId"] = report.Id,
            ["ServiceId"] = report.ServiceId,
            ["TimestampMs"] = report.TimestampMs,
        };
        AddIfSet(entity, "CallId", report.CallId);
        AddIfSet(entity, "ClientId", report.ClientId);
        AddIfSet(entity, "SfuId", report.SfuId);
        AddIfSet(entity, "Name", name);
        PayloadColumns.Write(entity, ReportJson.PayloadToString(report));
        EntityLimits.Validate(entity);
        yield return (table, entity);

        if (report.Type == ReportTypes.CallEvent && name == Calls.CallEventNames.CallStarted && report.CallId is { Length: > 0 } callId)
        {
            yield return (storage.CallsTable, IndexRow(report.ServiceId, callId, roomId, report.TimestampMs));
        }
        else if (report.Payload is Calls.CallSummaryReport { Started: { } started } summary && report.CallId is { Length: > 0 } endedCallId)
        {
            // The same row (its key is the start), now with the end: a call list shows which calls are over,
            // how long they took and who took part without reading every summary. Merged, like the start's
            // row (TableReportStore), so the order of the two writes does not matter.
            var index = IndexRow(report.ServiceId, endedCallId, summary.RoomId, started);
            AddIfSet(index, "EndedMs", summary.Ended);
            AddIfSet(index, "DurationMs", summary.DurationMs);
            index["Clients"] = summary.Clients.Count;
            index["PeakClients"] = summary.PeakConcurrentClients;
            yield return (storage.CallsTable, index);
        }
    }

    private static TableEntity IndexRow(string serviceId, string callId, string? roomId, long startedMs)
    {
        var index = new TableEntity(
            DayPartition(serviceId, startedMs),
            TableKeys.Join(TableKeys.InvertedTicks(startedMs), TableKeys.Escape(callId, 400)))
        {
            ["ServiceId"] = serviceId,
            ["CallId"] = callId,
            ["StartedMs"] = startedMs,
        };
        AddIfSet(index, "RoomId", roomId);
        EntityLimits.Validate(index);
        return index;
    }

    public static StoredReport ToStoredReport(TableEntity entity)
    {
        var (json, truncated) = PayloadColumns.Read(entity);
        return new StoredReport(
            entity.GetString("Type") ?? string.Empty,
            entity.GetString("SchemaVersion") ?? string.Empty,
            entity.GetString("ReportId") ?? string.Empty,
            entity.GetString("ServiceId") ?? string.Empty,
            entity.GetString("CallId"),
            entity.GetString("ClientId"),
            entity.GetString("SfuId"),
            entity.GetInt64("TimestampMs") ?? 0,
            entity.GetString("Name"),
            json,
            truncated);
    }

    public static CallIndexEntry ToCallIndexEntry(TableEntity entity) => new(
        entity.GetString("ServiceId") ?? string.Empty,
        entity.GetString("CallId") ?? string.Empty,
        entity.GetString("RoomId"),
        entity.GetInt64("StartedMs") ?? 0,
        entity.GetInt64("EndedMs"),
        entity.GetInt64("DurationMs"),
        entity.GetInt32("Clients"),
        entity.GetInt32("PeakClients"));

    private static (string? Name, string? RoomId) EventFields(object payload) => payload switch
    {
        CallEventReport e => (e.Name, e.RoomId),
        SfuEventReport e => (e.Name, null),
        ObserverEventReport e => (e.Name, e.RoomId),
        _ => (null, null),
    };

    private static void AddIfSet(TableEntity entity, string column, long? value)
    {
        if (value is { } v) entity[column] = v;
    }

    private static void AddIfSet(TableEntity entity, string column, string? value)
    {
        if (value is not null) entity[column] = value;
    }
}
