using System.Runtime.CompilerServices;
using ObserveRtc.Core.Calls;
using ObserveRtc.Core.Publishing;
using ObserveRtc.Core.Reports;
using ObserveRtc.Core.Storage;

namespace ObserveRtc.Tests.Pipeline;

/// <summary>An in-memory report store that can be told to fail, counting what it was asked to do.</summary>
internal sealed class FakeReportStore : IReportStore
{
    private readonly Dictionary<string, Report> _reports = new(StringComparer.Ordinal);

    /// <summary>While true, every write fails (retryable).</summary>
    public bool Down { get; set; }

    /// <summary>While true, every write throws what the storage SDK throws for a request timeout.</summary>
    public bool TimesOut { get; set; }

    public int Writes { get; private set; }

    /// <summary>Event and summary reports written twice (sample reports may be: 3.x meta is keyed to overwrite).</summary>
    public int Duplicates { get; private set; }

    public IReadOnlyCollection<Report> Reports => _reports.Values;

    public IEnumerable<CallEventReport> Events => _reports.Values.Select(r => r.Payload).OfType<CallEventReport>();

    public Task<WriteResult<Report>> WriteAsync(IReadOnlyList<Report> reports, CancellationToken cancellationToken = default)
    {
        Writes++;
        if (TimesOut) throw new TaskCanceledException("the request timed out", new TimeoutException());
        if (Down) return Task.FromResult(new WriteResult<Report>(0, reports.Select(r => new WriteFailure<Report>(r, "store down", true)).ToList()));
        foreach (var r in reports)
        {
            if (_reports.ContainsKey(r.Id) && r.Type is ReportTypes.CallEvent or ReportTypes.CallSummary or ReportTypes.SfuEvent) Duplicates++;
            _reports[r.Id] = r;
        }
        return Task.FromResult(new WriteResult<Report>(reports.Count, []));
    }

    public async IAsyncEnumerable<StoredReport> GetCallEventsAsync(string callId, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await Task.CompletedTask;
        yield break;
    }

    public async IAsyncEnumerable<CallIndexEntry> GetCallsAsync(string serviceId, long fromMs, long toMs, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await Task.CompletedTask;
        yield break;
    }

    public Task<StoredReport?> GetCallSummaryAsync(string callId, CancellationToken cancellationToken = default) => Task.FromResult<StoredReport?>(null);

    public async IAsyncEnumerable<StoredReport> GetClientReportsAsync(string callId, string clientId, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await Task.CompletedTask;
        yield break;
    }
}

/// <summary>An in-memory room registry whose removes fail while <see cref="Down"/>, counting them.</summary>
internal sealed class FlakyRoomRegistry : IRoomRegistry
{
    public InMemoryRoomRegistry Inner { get; } = new();
    public bool Down { get; set; }
    public int Removes { get; private set; }

    public ValueTask<RoomCall> GetOrAddAsync(string serviceId, string roomId, string proposedCallId, CancellationToken cancellationToken = default) =>
        Inner.GetOrAddAsync(serviceId, roomId, proposedCallId, cancellationToken);

    public ValueTask<bool> RemoveAsync(string serviceId, string roomId, string callId, CancellationToken cancellationToken = default)
    {
        Removes++;
        return Down ? throw new IOException("registry down") : Inner.RemoveAsync(serviceId, roomId, callId, cancellationToken);
    }
}

/// <summary>A publisher that fails (retryable) the reports <c>fails</c> picks and keeps the rest.</summary>
internal sealed class FakePublisher(Func<Report, bool> fails) : IEventPublisher
{
    public List<Report> Published { get; } = [];

    public Task<WriteResult<Report>> PublishAsync(IReadOnlyList<Report> reports, CancellationToken cancellationToken = default)
    {
        var failures = reports.Where(fails).Select(r => new WriteFailure<Report>(r, "500", true)).ToList();
        Published.AddRange(reports.Where(r => !fails(r)));
        return Task.FromResult(new WriteResult<Report>(reports.Count - failures.Count, failures));
    }
}
