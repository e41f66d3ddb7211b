using ObserveRtc.Core.Calls;
using ObserveRtc.Core.Options;
using ObserveRtc.Core.Pipeline;
using ObserveRtc.Core.Publishing;
using ObserveRtc.Core.Reports;
using ObserveRtc.Core.Storage;
using ObserveRtc.Local.Publishing;
using ObserveRtc.Local.Storage;

namespace ObserveRtc.Local;

/// <summary>
/// The observer composed from Core, as the Functions app composes it: decoder, identity resolver,
/// ingest stage, call and SFU entity logic, dispatcher (Tables, then Event Grid) and the in-process
/// <see cref="ObserverPipeline"/>. Nothing is decided here; only which adapters sit behind the ports.
/// </summary>
internal sealed class ObserverRuntime : IDisposable
{
    private ObserverRuntime(ObserverSettings settings, IReportStore reports, IRejectedSampleStore rejected, IRoomRegistry rooms,
        TableStorage? tables, IEventPublisher? publisher, Action<string>? log, bool countCosts)
    {
        Settings = settings;
        Reports = reports;
        Rejected = rejected;
        Tables = tables;
        Publisher = publisher;
        // A replay's summary tells what Azure would bill (Table transactions and rows, Event Grid requests
        // and events): its sinks count that with the adapters' own batching rules. The live host prints
        // no summary: it does not plan every write twice, nor keep sets of every call and client id.
        var parts = new ObserverParts(settings, reports, publisher, rooms, countCosts ? new PipelineCounters() : null);
        Pipeline = parts.Pipeline(rejected, log, countCosts ? null : new PipelineCounters { KeepDistinctIds = false });
    }

    public ObserverSettings Settings { get; }
    public ObserverPipeline Pipeline { get; }
    public IReportStore Reports { get; }
    public IRejectedSampleStore Rejected { get; }

    /// <summary>The tables, when the sinks are Table Storage.</summary>
    public TableStorage? Tables { get; }

    /// <summary>Where events go: Event Grid, a JSON-lines file, or nowhere (a replay into Tables without Event Grid counts them in its summary).</summary>
    public IEventPublisher? Publisher { get; }

    /// <summary>Where reports go, for people: the table prefix and endpoint, or the output files.</summary>
    public string Describe() => Tables is not null
        ? $"Table Storage, tables {Settings.Storage.TablePrefix}* at {Tables.Endpoint}"
        : $"JSON lines in {((JsonLinesReportStore)Reports).Path} and {((JsonLinesRejectedSampleStore)Rejected).Path}";

    /// <summary>Where events go, for people.</summary>
    public string DescribeEvents() => Publisher switch
    {
        EventGridPublisher => $"Event Grid at {Settings.Publishing!.Endpoint}",
        JsonLinesEventPublisher { Path: { } path } => $"the console and {path} (no Event Grid endpoint set)",
        JsonLinesEventPublisher { FileProblem: { } problem } => $"the console only (no Event Grid endpoint set; no events file: {problem})",
        JsonLinesEventPublisher => "the console (no Event Grid endpoint set, no events file)",
        _ => "the summary's counts only (no Event Grid endpoint set)",
    };

    /// <summary>
    /// Tables (reports, rejected samples, room registry); events to Event Grid when configured, else to
    /// <paramref name="eventsFile"/> (CloudEvents, one per line) and <paramref name="echo"/>, when given.
    /// </summary>
    public static ObserverRuntime ForTables(ObserverSettings settings, Action<string>? log, bool countCosts = false,
        string? eventsFile = null, Action<Report>? echo = null)
    {
        var tables = new TableStorage(settings.Storage);
        return new ObserverRuntime(settings, new TableReportStore(tables), new TableRejectedSampleStore(tables), new TableRoomRegistry(tables),
            tables, CreatePublisher(settings, eventsFile, echo), log, countCosts);
    }

    /// <summary>
    /// JSON-lines files in <paramref name="directory"/> (reports, rejected samples, and events unless Event
    /// Grid is configured) and an in-memory room registry. All or nothing: when another writer holds any
    /// of the files (<see cref="FileHeldException"/>), none is truncated.
    /// </summary>
    public static ObserverRuntime ForJsonLines(ObserverSettings settings, string directory, Action<string>? log)
    {
        Directory.CreateDirectory(directory);
        string reports = Path.Combine(directory, "reports.jsonl"), rejected = Path.Combine(directory, "rejected.jsonl"),
            events = Path.Combine(directory, "events.jsonl");
        // Claim and probe every file before any is truncated (a held one fails the replay with all of them
        // intact); the stores take the claims over, so no other writer can step in between.
        var owned = new List<IDisposable>();
        try
        {
            var reportsClaim = FileClaim.TakeAndProbe(reports);
            owned.Add(reportsClaim);
            var rejectedClaim = FileClaim.TakeAndProbe(rejected);
            owned.Add(rejectedClaim);
            var eventsClaim = settings.Publishing is null ? FileClaim.TakeAndProbe(events) : null;
            if (eventsClaim is not null) owned.Add(eventsClaim);

            var reportStore = new JsonLinesReportStore(reports, reportsClaim);
            owned[0] = reportStore;
            var rejectedStore = new JsonLinesRejectedSampleStore(rejected, rejectedClaim);
            owned[1] = rejectedStore;
            IEventPublisher publisher = settings.Publishing is { } options ? new EventGridPublisher(options) : new JsonLinesEventPublisher(events, claim: eventsClaim);
            return new ObserverRuntime(settings, reportStore, rejectedStore, new InMemoryRoomRegistry(), null, publisher, log, countCosts: true);
        }
        catch
        {
            foreach (var d in owned) d.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Event Grid when configured; else events to <paramref name="eventsFile"/> and <paramref name="echo"/>.
    /// With an echo (the live host), a file held by another observer (<c>./run.sh</c> twice, a replay into
    /// the same directory) gives way to <c>{name}-{pid}.jsonl</c> next to it, and a file that cannot be
    /// written at all to the echo alone: the host starts either way and says where its events go.
    /// </summary>
    private static IEventPublisher? CreatePublisher(ObserverSettings settings, string? eventsFile, Action<Report>? echo)
    {
        if (settings.Publishing is { } options) return new EventGridPublisher(options);
        if (string.IsNullOrWhiteSpace(eventsFile)) return echo is null ? null : new JsonLinesEventPublisher(null, echo);
        if (echo is null) return new JsonLinesEventPublisher(eventsFile);
        var full = Path.GetFullPath(eventsFile);
        var own = Path.Combine(Path.GetDirectoryName(full)!, $"{Path.GetFileNameWithoutExtension(full)}-{Environment.ProcessId}{Path.GetExtension(full)}");
        string? problem = null;
        foreach (var path in new[] { full, own })
        {
            try
            {
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                return new JsonLinesEventPublisher(path, echo, remember: JsonLinesEventPublisher.LiveRememberedIds);
            }
            catch (FileHeldException e)
            {
                problem = e.Message;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                problem = e.Message;
                break;
            }
        }
        return new JsonLinesEventPublisher(null, echo) { FileProblem = problem };
    }

    /// <summary>
    /// Creates the tables (when the sinks are Table Storage) within 30 s; throws
    /// <see cref="StorageUnreachableException"/> naming the endpoint and <paramref name="hint"/> when the
    /// storage does not answer.
    /// </summary>
    public async Task EnsureStorageAsync(string hint, CancellationToken cancellationToken)
    {
        if (Tables is not { } tables) return;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        try
        {
            await tables.EnsureCreatedAsync(timeout.Token);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new StorageUnreachableException($"Table Storage at {tables.Endpoint} is not reachable ({e.Message}). {hint}", e);
        }
    }

    public void Dispose()
    {
        Pipeline.Dispose();
        (Reports as IDisposable)?.Dispose();
        (Rejected as IDisposable)?.Dispose();
        (Publisher as IDisposable)?.Dispose();
    }
}
