using ObserveRtc.Core.Calls;
using ObserveRtc.Core.Entities;
using ObserveRtc.Core.Ingest;
using ObserveRtc.Core.Options;
using ObserveRtc.Core.Publishing;
using ObserveRtc.Core.Reports;
using ObserveRtc.Core.Samples;
using ObserveRtc.Core.Storage;

namespace ObserveRtc.Core.Pipeline;

/// <summary>
/// The observer's logic composed once, the same way for every host: the dispatcher in front of the
/// report sinks, the ingest stage (decoder and call identity resolver) and the call and SFU entity
/// logic, each with its options from <see cref="ObserverSettings"/>. Hosts choose only the adapters
/// behind the ports (Tables or files, Event Grid or nothing, a table or in-memory room registry).
/// </summary>
public sealed class ObserverParts
{
    /// <summary>Composes the parts over the given adapters.</summary>
    /// <param name="settings">Options of the decoder, trackers, entities and sinks (not validated here).</param>
    /// <param name="store">Where reports are stored.</param>
    /// <param name="publisher">Where events are published, or null for nowhere.</param>
    /// <param name="rooms">The room registry (calls without a call id).</param>
    /// <param name="costCounters">
    /// When given, the store and the publisher are wrapped to count what Azure would bill (Table
    /// transactions and rows, Event Grid requests and events) with the adapters' own rules, and the
    /// pipeline reports into these counters (a replay's summary, the benchmark).
    /// </param>
    public ObserverParts(ObserverSettings settings, IReportStore store, IEventPublisher? publisher, IRoomRegistry rooms, PipelineCounters? costCounters = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (costCounters is not null)
        {
            store = new CostCountingReportStore(store, costCounters, settings.Storage.TablePrefix);
            publisher = publisher is null ? null : new CostCountingEventPublisher(publisher, costCounters, settings.Publishing);
            CostCounters = costCounters;
        }
        Dispatcher = new ReportDispatcher(store, publisher, settings.SinkOptions);
        Ingest = new IngestStage(new SampleDecoder(settings.Decoder), new CallIdentityResolver(rooms));
        Calls = new CallEntityLogic(new CallTracker(settings.Tracker), Dispatcher, rooms, settings.Entity);
        Sfus = new SfuEntityLogic(new SfuTracker(settings.Sfu), Dispatcher, settings.Entity);
    }

    /// <summary>Reports to their sinks.</summary>
    public ReportDispatcher Dispatcher { get; }
    /// <summary>The ingest stage.</summary>
    public IngestStage Ingest { get; }
    /// <summary>The call entity's logic.</summary>
    public CallEntityLogic Calls { get; }
    /// <summary>The SFU entity's logic.</summary>
    public SfuEntityLogic Sfus { get; }

    /// <summary>The counters the sinks count cost into, if any.</summary>
    public PipelineCounters? CostCounters { get; }

    /// <summary>The in-process pipeline over these parts (the local host, replays, benchmarks and tests).</summary>
    /// <param name="rejected">Where rejected samples go, or null to drop them.</param>
    /// <param name="log">One line per notable thing.</param>
    /// <param name="counters">The pipeline's counters (default: the cost counters, if any, else new ones).</param>
    public ObserverPipeline Pipeline(IRejectedSampleStore? rejected = null, Action<string>? log = null, PipelineCounters? counters = null) =>
        new(Ingest, Calls, Sfus, Dispatcher, rejected, log, counters ?? CostCounters);
}
