using System;
using System.Collections.Generic;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Azure.Messaging.EventHubs;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Entities;
using Microsoft.Extensions.Logging;
using ObserveRtc.Core.Entities;
using ObserveRtc.Core.Ingest;

namespace ObserveRtc.Functions;

/// <summary>
/// The Event Hubs trigger: one batch of sample bodies from one partition, as bytes (<see cref="EventData"/>:
/// bound as strings, a body that is not valid UTF-8 was read with replacement characters and accepted,
/// where the decoder must reject it and keep it whole). Everything is
/// Core's (<see cref="EventHubsEvents"/>, <see cref="IngestBatch"/>): map the events, ingest once,
/// write sample reports and rejections, then send one <c>observe</c> signal per call and per SFU.
/// Stage failures are logged, never thrown: the trigger checkpoints the batch either way.
/// </summary>
public sealed class IngestSamples(IngestBatch batch, IngestDefaults defaults, TimeProvider time, ILogger<IngestSamples> logger)
{
    [Function(nameof(IngestSamples))]
    public async Task Run(
        [EventHubTrigger("%EventHubName%", Connection = "EventHubConnection", ConsumerGroup = "%EventHubConsumerGroup%", IsBatched = true)] EventData[] events,
        long[] sequenceNumberArray,
        DateTime[] enqueuedTimeUtcArray,
        Dictionary<string, JsonElement>[] propertiesArray,
        [DurableClient] DurableTaskClient client,
        FunctionContext context,
        CancellationToken cancellationToken)
    {
        // partitionContext is read from the binding data: it cannot bind as the SDK type in the isolated worker.
        context.BindingContext.BindingData.TryGetValue("partitionContext", out var partitionContext);
        var partitionId = EventHubsEvents.PartitionId(partitionContext);
        try
        {
            var ingestEvents = EventHubsEvents.FromBatch(Array.ConvertAll(events, e => e.Body), sequenceNumberArray, enqueuedTimeUtcArray, propertiesArray,
                partitionContext, defaults, time.GetUtcNow().ToUnixTimeMilliseconds());
            var outcome = await batch.RunAsync(ingestEvents, (signal, ct) => client.Entities.SignalEntityAsync(
                new EntityInstanceId(EntityNames.For(signal.Kind), signal.Key),
                signal.Operation, signal.Input, cancellation: ct), cancellationToken);
            foreach (var error in outcome.Errors) Log.BatchError(logger, partitionId, error);
            Log.BatchIngested(logger, outcome.Events, partitionId, outcome.AcceptedSamples, outcome.Rejected, outcome.Signals);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            // A bug of ours: log it and let the checkpoint go ahead (rethrowing would not redeliver the batch).
            Log.BatchFailed(logger, e, partitionId, events.Length);
        }
    }
}
