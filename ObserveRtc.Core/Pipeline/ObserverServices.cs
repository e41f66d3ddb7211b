using Azure.Core;
using ObserveRtc.Core.Calls;
using ObserveRtc.Core.Entities;
using ObserveRtc.Core.Ingest;
using ObserveRtc.Core.Options;
using ObserveRtc.Core.Publishing;
using ObserveRtc.Core.Reports;
using ObserveRtc.Core.Storage;

namespace ObserveRtc.Core.Pipeline;

/// <summary>
/// The observer's parts, built once from validated <see cref="ObserverSettings"/>, for a host to
/// register (the Functions app's <c>Program.cs</c>): Table Storage adapters, the Event Grid publisher
/// (only when an endpoint is configured), the report dispatcher, the ingest stage and batch, and the
/// call and SFU entity logic. Building connects to nothing; the first use does.
/// </summary>
public sealed class ObserverServices
{
    private ObserverServices(ObserverSettings settings, TokenCredential? credential)
    {
        Settings = settings.Validate();
        Tables = new TableStorage(settings.Storage, credential);
        ReportStore = new TableReportStore(Tables);
        RoomRegistry = new TableRoomRegistry(Tables);
        RejectedStore = new TableRejectedSampleStore(Tables);
        Publisher = settings.PublishesToEventGrid ? new EventGridPublisher(settings.Publishing!, credential) : null;
        var parts = new ObserverParts(settings, ReportStore, Publisher, RoomRegistry);
        Dispatcher = parts.Dispatcher;
        Ingest = parts.Ingest;
        Batch = new IngestBatch(Ingest, Dispatcher, RejectedStore);
        Calls = parts.Calls;
        Sfus = parts.Sfus;
    }

    /// <summary>The settings in force (validated).</summary>
    public ObserverSettings Settings { get; }
    /// <summary>The tables.</summary>
    public TableStorage Tables { get; }
    /// <summary>Reports in Table Storage (also the read API's source).</summary>
    public IReportStore ReportStore { get; }
    /// <summary>The room registry.</summary>
    public IRoomRegistry RoomRegistry { get; }
    /// <summary>Rejected samples.</summary>
    public IRejectedSampleStore RejectedStore { get; }
    /// <summary>The Event Grid publisher, or null when no endpoint is configured.</summary>
    public IEventPublisher? Publisher { get; }
    /// <summary>Reports to their sinks.</summary>
    public ReportDispatcher Dispatcher { get; }
    /// <summary>The ingest stage.</summary>
    public IngestStage Ingest { get; }
    /// <summary>A whole batch: ingest, sample reports, rejections, signals.</summary>
    public IngestBatch Batch { get; }
    /// <summary>The call entity's logic.</summary>
    public CallEntityLogic Calls { get; }
    /// <summary>The SFU entity's logic.</summary>
    public SfuEntityLogic Sfus { get; }

    /// <summary>
    /// Validates <paramref name="settings"/> (throwing <see cref="ArgumentException"/> naming everything
    /// invalid) and builds the parts. <paramref name="credential"/> replaces <c>DefaultAzureCredential</c>
    /// for identity-based Tables and Event Grid connections.
    /// </summary>
    public static ObserverServices Create(ObserverSettings settings, TokenCredential? credential = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return new ObserverServices(settings, credential);
    }
}
