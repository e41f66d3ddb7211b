using ObserveRtc.Core.Entities;
using ObserveRtc.Core.Reports;
using ObserveRtc.Core.Storage;

namespace ObserveRtc.Core.Ingest;

/// <summary>Which kind of entity a signal goes to.</summary>
public enum EntityKind
{
    /// <summary>A call entity (input <see cref="CallObservation"/>).</summary>
    Call,
    /// <summary>An SFU entity (input <see cref="SfuObservation"/>).</summary>
    Sfu,
}

/// <summary>One entity signal the host must send.</summary>
/// <param name="Kind">Call or SFU.</param>
/// <param name="Key">The entity key (<see cref="EntityKeys.For"/> of the call or SFU id).</param>
/// <param name="Operation">The operation name (<see cref="CallEntityOperations.Observe"/> or <see cref="SfuEntityOperations.Observe"/>).</param>
/// <param name="Input">The observation.</param>
public sealed record EntitySignal(EntityKind Kind, string Key, string Operation, object Input);

/// <summary>What one batch did, for the host's logs.</summary>
public sealed class IngestBatchOutcome
{
    /// <summary>Event bodies in the batch.</summary>
    public int Events { get; init; }
    /// <summary>Accepted client and SFU samples.</summary>
    public int AcceptedSamples { get; set; }
    /// <summary>Rejected samples (kept in the rejected-sample store when it could be written).</summary>
    public int Rejected { get; set; }
    /// <summary>Sample reports written to every sink they go to.</summary>
    public int SampleReportsDelivered { get; set; }
    /// <summary>Sample reports that did not reach a sink (lost: the batch is checkpointed anyway).</summary>
    public int SampleReportsFailed { get; set; }
    /// <summary>Rejections that could not be stored.</summary>
    public int RejectedNotStored { get; set; }
    /// <summary>Entity signals sent.</summary>
    public int Signals { get; set; }
    /// <summary>Entity signals that could not be sent.</summary>
    public int SignalsFailed { get; set; }
    /// <summary>What went wrong, one line each, for the logs.</summary>
    public List<string> Errors { get; } = [];
}

/// <summary>
/// One ingested batch from end to end, as the Functions trigger runs it (the same steps as
/// <see cref="Pipeline.ObserverPipeline"/>): the ingest stage once for the batch; the sample reports
/// to the <see cref="ReportDispatcher"/>; the rejections to the rejected-sample store; then one
/// signal per call and one per SFU through <c>signal</c>. Each stage's failure is caught, recorded in
/// the outcome and the rest goes on: an Event Hubs batch is checkpointed whether the function fails
/// or not, so throwing would only lose the later stages. Only cancellation throws (the host is
/// shutting down and does not checkpoint, so the batch is delivered again).
/// </summary>
public sealed class IngestBatch(IngestStage ingest, ReportDispatcher dispatcher, IRejectedSampleStore rejected)
{
    /// <summary>Runs the batch; <paramref name="signal"/> sends one entity signal.</summary>
    public async Task<IngestBatchOutcome> RunAsync(IReadOnlyList<IngestEvent> events, Func<EntitySignal, CancellationToken, Task> signal, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(signal);
        var outcome = new IngestBatchOutcome { Events = events.Count };
        IngestResult result;
        try
        {
            result = await ingest.IngestAsync(events, cancellationToken);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            outcome.Errors.Add($"ingest failed for the whole batch ({events.Count} events, first {(events.Count > 0 ? events[0].SourceId : "none")}): {e.GetType().Name}: {e.Message}");
            return outcome;
        }
        outcome.AcceptedSamples = result.AcceptedSamples;
        outcome.Rejected = result.Rejected.Count;

        await WriteSampleReportsAsync(result.SampleReports, outcome, cancellationToken);
        await WriteRejectedAsync(result.Rejected, outcome, cancellationToken);

        var signals = result.Calls.Select(c => new EntitySignal(EntityKind.Call, EntityKeys.For(c.CallId), CallEntityOperations.Observe, c))
            .Concat(result.Sfus.Select(s => new EntitySignal(EntityKind.Sfu, EntityKeys.For(s.SfuId), SfuEntityOperations.Observe, s)));
        foreach (var s in signals)
        {
            try
            {
                await signal(s, cancellationToken);
                outcome.Signals++;
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                outcome.SignalsFailed++;
                outcome.Errors.Add($"signal to {s.Kind} {s.Key} not sent: {e.GetType().Name}: {e.Message}");
            }
        }
        return outcome;
    }

    private async Task WriteSampleReportsAsync(List<Report> reports, IngestBatchOutcome outcome, CancellationToken cancellationToken)
    {
        if (reports.Count == 0) return;
        try
        {
            var written = await dispatcher.DispatchOnceAsync(reports, cancellationToken);
            outcome.SampleReportsDelivered = written.Written;
            outcome.SampleReportsFailed = written.Failures.Count;
            if (written.Failures.Count > 0) outcome.Errors.Add($"{written.Failures.Count} sample report(s) not delivered, first {written.Failures[0].Item.Id}: {written.Failures[0].Error}");
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            outcome.SampleReportsFailed = reports.Count;
            outcome.Errors.Add($"{reports.Count} sample report(s) not delivered: {e.GetType().Name}: {e.Message}");
        }
    }

    private async Task WriteRejectedAsync(List<RejectedSample> rejections, IngestBatchOutcome outcome, CancellationToken cancellationToken)
    {
        if (rejections.Count == 0) return;
        try
        {
            var written = await rejected.WriteAsync(rejections, cancellationToken);
            outcome.RejectedNotStored = written.Failures.Count;
            if (written.Failures.Count > 0) outcome.Errors.Add($"{written.Failures.Count} rejected sample(s) not stored, first from {written.Failures[0].Item.SourceId}: {written.Failures[0].Error}");
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            outcome.RejectedNotStored = rejections.Count;
            outcome.Errors.Add($"{rejections.Count} rejected sample(s) not stored: {e.GetType().Name}: {e.Message}");
        }
    }
}
