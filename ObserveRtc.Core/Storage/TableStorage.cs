using Azure;
using Azure.Core;
using Azure.Data.Tables;
using Azure.Identity;

namespace ObserveRtc.Core.Storage;

/// <summary>
/// The tables of one observer deployment: the clients, the table names (from
/// <see cref="TableStorageOptions.TablePrefix"/>) and their creation, done once on first use
/// (<c>CreateIfNotExists</c>) and again only when the service says a table is gone.
/// Shared by <see cref="TableReportStore"/>, <see cref="TableRoomRegistry"/> and <see cref="TableRejectedSampleStore"/>.
/// </summary>
public sealed class TableStorage
{
    private readonly TableServiceClient _service;
    private readonly Lock _gate = new();
    private Task? _creation;

    /// <summary>Connects as <paramref name="options"/> says; <paramref name="credential"/> replaces <c>DefaultAzureCredential</c> for <see cref="TableStorageOptions.ServiceUri"/>.</summary>
    public TableStorage(TableStorageOptions options, TokenCredential? credential = null)
        : this(options, CreateClient(options, credential, null))
    {
    }

    /// <summary>Uses the given service client (tests add pipeline policies this way).</summary>
    internal TableStorage(TableStorageOptions options, TableServiceClient service)
    {
        options.Validate();
        Options = options;
        _service = service;
        var prefix = options.TablePrefix;
        ReportsTable = prefix + "Reports";
        CallEventsTable = prefix + "CallEvents";
        CallsTable = prefix + "Calls";
        CallSummariesTable = prefix + "CallSummaries";
        RejectedSamplesTable = prefix + "RejectedSamples";
        RoomsTable = prefix + "Rooms";
    }

    internal TableStorageOptions Options { get; }

    /// <summary>
    /// Table names and keys only, for planning writes without I/O (cost counting): the client is
    /// never used to send a request.
    /// </summary>
    internal static TableStorage NamesOnly(string tablePrefix = "ObserveRtc") =>
        new(new TableStorageOptions { ConnectionString = "UseDevelopmentStorage=true", TablePrefix = tablePrefix },
            new TableServiceClient("UseDevelopmentStorage=true"));

    /// <summary>Sample reports: PartitionKey = the call's bucket, RowKey = call | client | time | report id (<see cref="ReportEntities"/>).</summary>
    public string ReportsTable { get; }

    /// <summary>Event reports: PartitionKey = call, RowKey = time | report id.</summary>
    public string CallEventsTable { get; }

    /// <summary>The call index: PartitionKey = service | start day (UTC), RowKey = inverted start time | call.</summary>
    public string CallsTable { get; }

    /// <summary>Call summaries: PartitionKey = call, RowKey = <c>summary</c>.</summary>
    public string CallSummariesTable { get; }

    /// <summary>Rejected samples: PartitionKey = service | receive day (UTC), RowKey = inverted receive time | rejection id.</summary>
    public string RejectedSamplesTable { get; }

    /// <summary>The room registry: PartitionKey = service, RowKey = room.</summary>
    public string RoomsTable { get; }

    /// <summary>Every table name.</summary>
    public IReadOnlyList<string> TableNames => [ReportsTable, CallEventsTable, CallsTable, CallSummariesTable, RejectedSamplesTable, RoomsTable];

    internal TableClient Table(string name) => _service.GetTableClient(name);

    /// <summary>The table service endpoint, for people (no key, no SAS): e.g. <c>http://127.0.0.1:10002/devstoreaccount1</c>.</summary>
    public string Endpoint => _service.Uri.GetLeftPart(UriPartial.Path).TrimEnd('/');

    /// <summary>
    /// Creates the tables if they do not exist. The work is done once per process and shared by
    /// concurrent callers; a failed attempt is tried again by the next caller.
    /// </summary>
    public Task EnsureCreatedAsync(CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            if (_creation is null || _creation.IsFaulted || _creation.IsCanceled) _creation = CreateTablesAsync();
            return _creation.WaitAsync(cancellationToken);
        }
    }

    private async Task CreateTablesAsync()
    {
        foreach (var name in TableNames)
        {
            await _service.CreateTableIfNotExistsAsync(name, CancellationToken.None).ConfigureAwait(false);
        }
    }

    /// <summary>Forgets that the tables exist, e.g. after a <c>TableNotFound</c> (a table was deleted, or an in-memory emulator restarted).</summary>
    internal void InvalidateCreated()
    {
        lock (_gate)
        {
            if (_creation is { IsCompleted: true }) _creation = null;
        }
    }

    internal static bool IsTableNotFound(RequestFailedException e) =>
        e.Status == 404 && string.Equals(e.ErrorCode, "TableNotFound", StringComparison.Ordinal);

    internal static TableServiceClient CreateClient(TableStorageOptions options, TokenCredential? credential, Action<TableClientOptions>? configure)
    {
        options.Validate();
        var clientOptions = new TableClientOptions();
        clientOptions.Retry.Mode = RetryMode.Exponential;
        clientOptions.Retry.MaxRetries = options.MaxRetries;
        clientOptions.Retry.Delay = options.RetryDelay;
        clientOptions.Retry.MaxDelay = options.MaxRetryDelay;
        clientOptions.Retry.NetworkTimeout = options.NetworkTimeout;
        configure?.Invoke(clientOptions);
        return !string.IsNullOrWhiteSpace(options.ConnectionString)
            ? new TableServiceClient(options.ConnectionString, clientOptions)
            : new TableServiceClient(options.ServiceUri!, credential ?? new DefaultAzureCredential(), clientOptions);
    }
}
