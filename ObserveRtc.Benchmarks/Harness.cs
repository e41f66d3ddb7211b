using System.Runtime.CompilerServices;
using ObserveRtc.Core.Calls;
using ObserveRtc.Core.Ingest;
using ObserveRtc.Core.Options;
using ObserveRtc.Core.Pipeline;
using ObserveRtc.Core.Publishing;
using ObserveRtc.Core.Reports;
using ObserveRtc.Core.Storage;

namespace ObserveRtc.Benchmarks;

/// <summary>A store that accepts every write and keeps nothing (no I/O).</summary>
public sealed class NullReportStore : IReportStore
{
    public Task<WriteResult<Report>> WriteAsync(IReadOnlyList<Report> reports, CancellationToken cancellationToken = default)
    {
        return Task.FromResult(new WriteResult<Report>(reports.Count, []));
    }

    public IAsyncEnumerable<StoredReport> GetCallEventsAsync(string callId, CancellationToken cancellationToken = default) => Empty<StoredReport>(cancellationToken);
    public IAsyncEnumerable<CallIndexEntry> GetCallsAsync(string serviceId, long fromMs, long toMs, CancellationToken cancellationToken = default) => Empty<CallIndexEntry>(cancellationToken);
    public Task<StoredReport?> GetCallSummaryAsync(string callId, CancellationToken cancellationToken = default) => Task.FromResult<StoredReport?>(null);
    public IAsyncEnumerable<StoredReport> GetClientReportsAsync(string callId, string clientId, CancellationToken cancellationToken = default) => Empty<StoredReport>(cancellationToken);

    private static async IAsyncEnumerable<T> Empty<T>([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await Task.CompletedTask;
        yield break;
    }
}

/// <summary>A publisher that accepts every event and sends nothing (no I/O).</summary>
public sealed class NullEventPublisher : IEventPublisher
{
    public Task<WriteResult<Report>> PublishAsync(IReadOnlyList<Report> reports, CancellationToken cancellationToken = default) =>
        Task.FromResult(new WriteResult<Report>(reports.Count, []));
}

/// <summary>The in-process pipeline as the local host composes it, with sinks that do no I/O.</summary>
public sealed class Harness : IDisposable
{
    /// <summary>Composes the pipeline; with <paramref name="countCost"/> the sinks count Azure cost into <see cref="Counters"/>.</summary>
    public Harness(bool countCost)
    {
        Counters = new PipelineCounters();
        Pipeline = new ObserverParts(new ObserverSettings(), new NullReportStore(), new NullEventPublisher(), Rooms, countCost ? Counters : null).Pipeline(counters: Counters);
    }

    public InMemoryRoomRegistry Rooms { get; } = new();
    public PipelineCounters Counters { get; }
    public ObserverPipeline Pipeline { get; }

    /// <summary>Ingests one batch at the receive time of its last event.</summary>
    public Task IngestAsync(IReadOnlyList<IngestEvent> batch) => Pipeline.IngestAsync(batch, batch[^1].Context.Origin.ReceivedAtMs);

    public void Dispose() => Pipeline.Dispose();
}
