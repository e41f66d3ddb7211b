using ObserveRtc.Core.Reports;
using ObserveRtc.Core.Storage;

namespace ObserveRtc.Local.Storage;

/// <summary>
/// <see cref="IReportStore"/> on a JSON-lines file (<c>reports.jsonl</c>): one report envelope
/// <c>{type, schemaVersion, payload}</c> per line, as <see cref="ReportJson.ToUtf8"/> writes it.
/// For replays; it does not answer the read queries.
/// </summary>
internal sealed class JsonLinesReportStore(string path, FileClaim? claim = null) : IReportStore, IDisposable
{
    // Each report once; each version of a one-record-per-id report once (a file cannot overwrite a line
    // the way a Table upsert keeps the latest: the last line of the record is its latest version).
    private readonly JsonLinesFile<Report> _file = new(path, r => r.EventId, ReportJson.ToUtf8, claim);

    public string Path => _file.Path;

    public long Lines => _file.Lines;

    public Task<WriteResult<Report>> WriteAsync(IReadOnlyList<Report> reports, CancellationToken cancellationToken = default) =>
        Task.FromResult(_file.Write(reports));

    public IAsyncEnumerable<StoredReport> GetCallEventsAsync(string callId, CancellationToken cancellationToken = default) => throw NotReadable();

    public IAsyncEnumerable<CallIndexEntry> GetCallsAsync(string serviceId, long fromMs, long toMs, CancellationToken cancellationToken = default) => throw NotReadable();

    public Task<StoredReport?> GetCallSummaryAsync(string callId, CancellationToken cancellationToken = default) => throw NotReadable();

    public IAsyncEnumerable<StoredReport> GetClientReportsAsync(string callId, string clientId, CancellationToken cancellationToken = default) => throw NotReadable();

    private NotSupportedException NotReadable() => new($"The JSON-lines report store ({Path}) is write-only; read it with a JSON-lines tool, or replay into Table Storage.");

    public void Dispose() => _file.Dispose();
}
