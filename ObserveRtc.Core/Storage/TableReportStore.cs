using System.Runtime.CompilerServices;
using Azure.Data.Tables;
using ObserveRtc.Core.Reports;

namespace ObserveRtc.Core.Storage;

/// <summary>
/// <see cref="IReportStore"/> on Azure Table Storage. Rows and keys: <see cref="TableStorage"/>.
/// Writes are <c>UpsertReplace</c> (the call index: <c>UpsertMerge</c>) with deterministic keys (from <see cref="Report.Id"/>), in
/// transactions of one partition and at most 100 actions.
/// </summary>
public sealed class TableReportStore : IReportStore
{
    /// <summary>The widest window <see cref="GetCallsAsync"/> accepts (one query per UTC day).</summary>
    public const int MaxQueryDays = 400;

    private readonly TableStorage _storage;

    /// <summary>Creates the store on <paramref name="storage"/>.</summary>
    public TableReportStore(TableStorage storage) => _storage = storage;

    /// <inheritdoc />
    public Task<WriteResult<Report>> WriteAsync(IReadOnlyList<Report> reports, CancellationToken cancellationToken = default)
    {
        var (entities, refused) = ToPendingEntities(_storage, reports);
        return TableBatchWriter.WriteAsync(_storage, reports, entities, refused, cancellationToken);
    }

    /// <summary>
    /// The entity group transactions <see cref="WriteAsync"/> would submit for <paramref name="reports"/>
    /// (same rows, same <see cref="TransactionChunker"/> rules), without any I/O: the table and the
    /// number of rows of each. Reports that would be refused (limits) are left out, as a write leaves them out.
    /// </summary>
    internal static IReadOnlyList<(string Table, int Rows)> PlanTransactions(TableStorage storage, IReadOnlyList<Report> reports)
    {
        var (entities, refused) = ToPendingEntities(storage, reports);
        return TransactionChunker.Chunk(entities.Where(e => !refused.ContainsKey(e.ItemIndex)))
            .Select(c => (c.Table, c.Entities.Count))
            .ToList();
    }

    private static (List<PendingEntity> Entities, Dictionary<int, string> Refused) ToPendingEntities(TableStorage storage, IReadOnlyList<Report> reports)
    {
        var entities = new List<PendingEntity>();
        var refused = new Dictionary<int, string>();
        for (var i = 0; i < reports.Count; i++)
        {
            try
            {
                foreach (var (table, entity) in ReportEntities.ToEntities(storage, reports[i]).ToList())
                {
                    entities.Add(new PendingEntity(table, entity, i, Merge: table == storage.CallsTable));
                }
            }
            catch (Exception e) when (e is EntityLimitException or ArgumentException or InvalidOperationException or NotSupportedException)
            {
                refused[i] = TableBatchWriter.Describe(e);
            }
        }
        return (entities, refused);
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<StoredReport> GetCallEventsAsync(string callId, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await _storage.EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {ReportEntities.CallPartition(callId)}");
        await foreach (var entity in _storage.Table(_storage.CallEventsTable).QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            yield return ReportEntities.ToStoredReport(entity);
        }
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<CallIndexEntry> GetCallsAsync(string serviceId, long fromMs, long toMs, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var entity in QueryDayWindowAsync(_storage, _storage.CallsTable, serviceId, fromMs, toMs, cancellationToken).ConfigureAwait(false))
        {
            yield return ReportEntities.ToCallIndexEntry(entity);
        }
    }

    /// <summary>
    /// The rows of a table keyed <c>service|yyyyMMdd</c> / <c>invertedTicks|…</c> (the call index, the
    /// rejected samples) whose time is in [<paramref name="fromMs"/>, <paramref name="toMs"/>], newest first:
    /// one range query per UTC day, newest day first. At most <see cref="MaxQueryDays"/> days.
    /// </summary>
    internal static async IAsyncEnumerable<TableEntity> QueryDayWindowAsync(TableStorage storage, string tableName, string serviceId, long fromMs, long toMs,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(fromMs, toMs);
        var firstDay = DateTimeOffset.FromUnixTimeMilliseconds(Math.Max(0, fromMs)).UtcDateTime.Date;
        var lastDay = DateTimeOffset.FromUnixTimeMilliseconds(Math.Max(0, toMs)).UtcDateTime.Date;
        if ((lastDay - firstDay).TotalDays >= MaxQueryDays)
        {
            throw new ArgumentOutOfRangeException(nameof(toMs), $"The window spans more than {MaxQueryDays} days.");
        }
        await storage.EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        var table = storage.Table(tableName);
        // Inverted ticks: newer sorts first. ts <= toMs  <=> key >= inv(toMs); ts >= fromMs <=> key < inv(fromMs) + '}'.
        var low = TableKeys.InvertedTicks(toMs);
        var high = TableKeys.InvertedTicks(fromMs) + TableKeys.AfterSeparator;
        for (var day = lastDay; day >= firstDay; day = day.AddDays(-1))
        {
            var partition = ReportEntities.DayPartition(serviceId, new DateTimeOffset(day, TimeSpan.Zero).ToUnixTimeMilliseconds());
            var filter = TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey ge {low} and RowKey lt {high}");
            await foreach (var entity in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                yield return entity;
            }
        }
    }

    /// <inheritdoc />
    /// <remarks>The latest run's: a call id that started again after its end keeps a summary row per run.</remarks>
    public async Task<StoredReport?> GetCallSummaryAsync(string callId, CancellationToken cancellationToken = default)
    {
        await _storage.EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        var (low, high) = ReportEntities.SummaryRowRange;
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {ReportEntities.CallPartition(callId)} and RowKey ge {low} and RowKey lt {high}");
        TableEntity? legacy = null;
        await foreach (var entity in _storage.Table(_storage.CallSummariesTable).QueryAsync<TableEntity>(filter, maxPerPage: 2, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            // The legacy row sorts first; a run's own row, newest first, is what the call is now.
            if (entity.RowKey != ReportEntities.LegacySummaryRowKey) return ReportEntities.ToStoredReport(entity);
            legacy = entity;
        }
        return legacy is null ? null : ReportEntities.ToStoredReport(legacy);
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<StoredReport> GetClientReportsAsync(string callId, string clientId, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await _storage.EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        var table = _storage.Table(_storage.ReportsTable);
        // Rows written before the buckets (PartitionKey = call, RowKey = client|ticks|id) come first: they are
        // older. The CallId and ClientId columns keep a call whose escaped id looks like a bucket ("07") from
        // reading another call's rows there.
        var legacyPrefix = ReportEntities.LegacyClientRowPrefix(clientId);
        var legacy = TableClient.CreateQueryFilter(
            $"PartitionKey eq {ReportEntities.CallPartition(callId)} and RowKey ge {legacyPrefix} and RowKey lt {TableKeys.PrefixEnd(legacyPrefix)} and CallId eq {callId}");
        if (!string.IsNullOrEmpty(clientId)) legacy += TableClient.CreateQueryFilter($" and ClientId eq {clientId}");
        var prefix = ReportEntities.CallClientRowPrefix(callId, clientId);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {ReportEntities.ReportPartition(callId)} and RowKey ge {prefix} and RowKey lt {TableKeys.PrefixEnd(prefix)}");
        foreach (var query in new[] { legacy, filter })
        {
            await foreach (var entity in table.QueryAsync<TableEntity>(query, cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                yield return ReportEntities.ToStoredReport(entity);
            }
        }
    }
}
