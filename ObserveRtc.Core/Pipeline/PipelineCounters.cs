namespace ObserveRtc.Core.Pipeline;

/// <summary>What a pipeline did: the figures of a replay summary and of the Azure cost per call.</summary>
public sealed class PipelineCounters
{
    /// <summary>Event bodies ingested.</summary>
    public long Bodies { get; set; }
    /// <summary>Ingest batches (one Event Hubs trigger invocation each in Azure).</summary>
    public long Batches { get; set; }
    /// <summary>Client and SFU samples accepted.</summary>
    public long AcceptedSamples { get; set; }
    /// <summary>Rejected samples by reason code.</summary>
    public SortedDictionary<string, long> RejectedByReason { get; } = new(StringComparer.Ordinal);
    /// <summary>Rejected samples, all reasons: one number, read while the pipeline runs (<c>/health</c>), where the dictionary cannot be.</summary>
    public long RejectedSamples { get; set; }
    /// <summary>Reports delivered, by report type.</summary>
    public SortedDictionary<string, long> ReportsByType { get; } = new(StringComparer.Ordinal);
    /// <summary>Call and SFU events delivered, by event name.</summary>
    public SortedDictionary<string, long> EventsByName { get; } = new(StringComparer.Ordinal);
    /// <summary>Entity signals sent from ingest (one per call or SFU per batch).</summary>
    public long ObservationSignals { get; set; }
    /// <summary>Timer signals scheduled by entities.</summary>
    public long TimerSignals { get; set; }
    /// <summary>Timer signals that arrived stale (a newer timer had replaced them).</summary>
    public long StaleSignals { get; set; }
    /// <summary>Reports given up on after failed deliveries.</summary>
    public long DroppedReports { get; set; }
    /// <summary>Rejected samples given up on (the local host keeps at most 5,000 waiting for a store that is down).</summary>
    public long DroppedRejectedSamples { get; set; }
    /// <summary>Delivery attempts that left work for a retry: the pipeline's sample reports, an entity's outbox or its room release.</summary>
    public long DeliveryRetries { get; set; }
    /// <summary>
    /// Whether <see cref="Calls"/> and <see cref="Clients"/> are kept (a replay's summary, the benchmark).
    /// Off in a host that runs for days: the sets would only grow.
    /// </summary>
    public bool KeepDistinctIds { get; init; } = true;
    /// <summary>Distinct calls seen (when <see cref="KeepDistinctIds"/>).</summary>
    public HashSet<string> Calls { get; } = new(StringComparer.Ordinal);
    /// <summary>Distinct clients seen (when <see cref="KeepDistinctIds"/>).</summary>
    public HashSet<string> Clients { get; } = new(StringComparer.Ordinal);
    /// <summary>Largest serialized entity state seen, in bytes.</summary>
    public int LargestStateBytes { get; set; }
    /// <summary>
    /// The most observation signals one call (or SFU) got from one ingest batch. Design §1 and
    /// azure-notes §2.8: at most 1.
    /// </summary>
    public int MaxSignalsPerEntityPerBatch { get; set; }
    /// <summary>Bytes of every observation signal's input, as serialized for the entity.</summary>
    public long SignalInputBytes { get; set; }
    /// <summary>The largest observation signal input, in bytes.</summary>
    public int LargestSignalInputBytes { get; set; }
    /// <summary>
    /// Observation signals whose input alone is over <see cref="LargeSignalInputBytes"/>: the Azure
    /// Storage backend of Durable Functions stores such a message in a blob (compressed) instead of
    /// the queue, which costs blob transactions on both ends.
    /// </summary>
    public long LargeSignalInputs { get; set; }

    /// <summary>The Azure Storage backend's queue payload limit (45 KiB, DurableTask.AzureStorage <c>MessageManager</c>); the message around the input only adds to it.</summary>
    public const int LargeSignalInputBytes = 45 * 1024;

    // Azure cost, counted by CostCountingReportStore and CostCountingEventPublisher (in Core/Pipeline)
    // when the host wraps its sinks with them; zero otherwise. Every attempt is counted (a retried
    // write costs again), using the adapters' own batching rules, without doing any I/O.

    /// <summary>Table Storage entity group transactions (one table, one partition, ≤ 100 actions, &lt; 4 MiB each), i.e. billed write transactions.</summary>
    public long TableTransactions { get; set; }
    /// <summary>Table Storage rows written (upserts) in those transactions.</summary>
    public long TableRows { get; set; }
    /// <summary>Table transactions by table name (without the prefix): Reports, CallEvents, CallSummaries, Calls.</summary>
    public SortedDictionary<string, long> TableTransactionsByTable { get; } = new(StringComparer.Ordinal);
    /// <summary>Table rows by table name (without the prefix).</summary>
    public SortedDictionary<string, long> TableRowsByTable { get; } = new(StringComparer.Ordinal);
    /// <summary>Event Grid publish requests (≤ 1 MB and ≤ 5,000 events each), i.e. HTTP POSTs to the topic.</summary>
    public long EventGridRequests { get; set; }
    /// <summary>Events in those requests (Event Grid bills per 64 KB chunk of each event).</summary>
    public long EventGridEvents { get; set; }

    internal static void Add(SortedDictionary<string, long> counts, string key, long n = 1) =>
        counts[key] = counts.GetValueOrDefault(key) + n;
}
