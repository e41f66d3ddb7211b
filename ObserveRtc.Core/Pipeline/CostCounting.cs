using ObserveRtc.Core.Publishing;
using ObserveRtc.Core.Reports;
using ObserveRtc.Core.Storage;

namespace ObserveRtc.Core.Pipeline;

/// <summary>
/// Counts what writing to Table Storage costs (<see cref="PipelineCounters.TableTransactions"/>,
/// <see cref="PipelineCounters.TableRows"/>) and passes the write on. The count uses
/// <see cref="TableReportStore"/>'s own rows and transaction rules (one table and one partition per
/// transaction, ≤ 100 actions, &lt; 4 MiB), so it is what the Azure store would submit for the same
/// reports, whatever <paramref name="inner"/> is (Azurite, a fake, nothing). Every attempt counts.
/// </summary>
/// <param name="inner">The store written to.</param>
/// <param name="counters">Where the counts go (the pipeline's <see cref="ObserverPipeline.Counters"/>).</param>
/// <param name="tablePrefix">The table prefix (names the tables in <see cref="PipelineCounters.TableTransactionsByTable"/>).</param>
public sealed class CostCountingReportStore(IReportStore inner, PipelineCounters counters, string tablePrefix = "ObserveRtc") : IReportStore
{
    private readonly TableStorage _names = TableStorage.NamesOnly(tablePrefix);

    /// <inheritdoc />
    public Task<WriteResult<Report>> WriteAsync(IReadOnlyList<Report> reports, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reports);
        var plan = TableReportStore.PlanTransactions(_names, reports);
        lock (counters)
        {
            foreach (var (table, rows) in plan)
            {
                counters.TableTransactions++;
                counters.TableRows += rows;
                var name = table.StartsWith(tablePrefix, StringComparison.Ordinal) ? table[tablePrefix.Length..] : table;
                PipelineCounters.Add(counters.TableTransactionsByTable, name);
                PipelineCounters.Add(counters.TableRowsByTable, name, rows);
            }
        }
        return inner.WriteAsync(reports, cancellationToken);
    }

    /// <inheritdoc />
    public IAsyncEnumerable<StoredReport> GetCallEventsAsync(string callId, CancellationToken cancellationToken = default) => inner.GetCallEventsAsync(callId, cancellationToken);

    /// <inheritdoc />
    public IAsyncEnumerable<CallIndexEntry> GetCallsAsync(string serviceId, long fromMs, long toMs, CancellationToken cancellationToken = default) =>
        inner.GetCallsAsync(serviceId, fromMs, toMs, cancellationToken);

    /// <inheritdoc />
    public Task<StoredReport?> GetCallSummaryAsync(string callId, CancellationToken cancellationToken = default) => inner.GetCallSummaryAsync(callId, cancellationToken);

    /// <inheritdoc />
    public IAsyncEnumerable<StoredReport> GetClientReportsAsync(string callId, string clientId, CancellationToken cancellationToken = default) =>
        inner.GetClientReportsAsync(callId, clientId, cancellationToken);
}

/// <summary>
/// Counts what publishing to Event Grid costs (<see cref="PipelineCounters.EventGridRequests"/>,
/// <see cref="PipelineCounters.EventGridEvents"/>) and passes the publish on. The count uses
/// <see cref="EventGridPublisher"/>'s own encoding and chunking (≤ 1 MB and ≤ 5,000 events per
/// request, from <paramref name="options"/>). Every attempt counts.
/// </summary>
/// <param name="inner">The publisher published to.</param>
/// <param name="counters">Where the counts go.</param>
/// <param name="options">The request limits (only <see cref="EventGridPublisherOptions.MaxRequestBytes"/> and <see cref="EventGridPublisherOptions.MaxEventsPerRequest"/> are read); defaults when null.</param>
public sealed class CostCountingEventPublisher(IEventPublisher inner, PipelineCounters counters, EventGridPublisherOptions? options = null) : IEventPublisher
{
    private readonly int _maxBytes = (options ?? new EventGridPublisherOptions()).MaxRequestBytes;
    private readonly int _maxEvents = (options ?? new EventGridPublisherOptions()).MaxEventsPerRequest;

    /// <inheritdoc />
    public Task<WriteResult<Report>> PublishAsync(IReadOnlyList<Report> reports, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reports);
        var encoded = new List<(Report Report, byte[] Bytes)>(reports.Count);
        foreach (var report in reports)
        {
            try
            {
                var bytes = CloudEventMapping.Encode(CloudEventMapping.ToCloudEvent(report));
                if (bytes.Length + 2 <= _maxBytes) encoded.Add((report, bytes));
            }
            catch (Exception e) when (e is InvalidOperationException or NotSupportedException or ArgumentException)
            {
                // Refused by the publisher too: never sent, costs nothing.
            }
        }
        lock (counters)
        {
            foreach (var request in EventGridPublisher.Chunk(encoded, _maxBytes, _maxEvents))
            {
                counters.EventGridRequests++;
                counters.EventGridEvents += request.Count;
            }
        }
        return inner.PublishAsync(reports, cancellationToken);
    }
}
