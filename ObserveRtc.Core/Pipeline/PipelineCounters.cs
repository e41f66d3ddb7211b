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
    /// <summary>Delivery attempts that left reports for a retry.</summary>
    public long DeliveryRetries { get; set; }
    /// <summary>Distinct calls seen.</summary>
    public HashSet<string> Calls { get; } = new(StringComparer.Ordinal);
    /// <summary>Distinct clients seen.</summary>
    public HashSet<string> Clients { get; } = new(StringComparer.Ordinal);
    /// <summary>Largest serialized entity state seen, in bytes.</summary>
    public int LargestStateBytes { get; set; }

    internal static void Add(SortedDictionary<string, long> counts, string key, long n = 1) =>
        counts[key] = counts.GetValueOrDefault(key) + n;
}
