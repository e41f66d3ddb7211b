using ObserveRtc.Core.Publishing;
using ObserveRtc.Core.Reports;
using ObserveRtc.Core.Storage;
using ObserveRtc.Local.Storage;

namespace ObserveRtc.Local.Publishing;

/// <summary>
/// Where the local host's events go when no Event Grid topic is configured (design §7): each event is
/// written as the CloudEvent Event Grid would get (<see cref="CloudEventMapping"/>), one per line, to a
/// JSON-lines file (each id once) when there is one, and told to <c>echo</c> (the live host logs one
/// line per event; a replay counts them in its summary instead).
/// </summary>
internal sealed class JsonLinesEventPublisher : IEventPublisher, IDisposable
{
    private readonly JsonLinesFile<Report>? _file;
    private readonly Action<Report>? _echo;

    /// <summary>
    /// Event ids the live host's file keeps to skip a second write of an event (the latest 10,000): a retry
    /// comes soon after its failure, and the host runs for days.
    /// </summary>
    public const int LiveRememberedIds = 10_000;

    /// <summary>
    /// Events to <paramref name="path"/> (none when null; <paramref name="claim"/>: already claimed;
    /// <paramref name="remember"/>: the latest ids kept to write each once, null: all) and <paramref name="echo"/>.
    /// </summary>
    public JsonLinesEventPublisher(string? path, Action<Report>? echo = null, FileClaim? claim = null, int? remember = null)
    {
        _file = path is null ? null : new JsonLinesFile<Report>(path, r => r.EventId, r => CloudEventMapping.Encode(CloudEventMapping.ToCloudEvent(r)), claim, remember);
        _echo = echo;
    }

    /// <summary>The file's full path, or null when the events only go to the echo.</summary>
    public string? Path => _file?.Path;

    /// <summary>Lines written to the file so far.</summary>
    public long Lines => _file?.Lines ?? 0;

    /// <summary>Why there is no file although one was asked for, if so.</summary>
    public string? FileProblem { get; init; }

    public Task<WriteResult<Report>> PublishAsync(IReadOnlyList<Report> reports, CancellationToken cancellationToken = default)
    {
        var result = _file?.Write(reports) ?? new WriteResult<Report>(reports.Count, []);
        if (_echo is not null)
        {
            var failed = result.Failures.Select(f => f.Item).ToHashSet();
            foreach (var report in reports)
            {
                if (!failed.Contains(report)) _echo(report);
            }
        }
        return Task.FromResult(result);
    }

    public void Dispose() => _file?.Dispose();
}
