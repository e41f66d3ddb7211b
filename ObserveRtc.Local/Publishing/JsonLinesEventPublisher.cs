using ObserveRtc.Core.Publishing;
using ObserveRtc.Core.Reports;
using ObserveRtc.Core.Storage;
using ObserveRtc.Local.Storage;

namespace ObserveRtc.Local.Publishing;

/// <summary>
/// Where the local host's events go when no Event Grid topic is configured (design §7): each event is
/// written as the CloudEvent Event Grid would get (<see cref="CloudEventMapping"/>), one per line, to a
/// JSON-lines file (each id once), and told to <paramref name="echo"/> (the live host logs one line per
/// event; a replay counts them in its summary instead).
/// </summary>
internal sealed class JsonLinesEventPublisher(string path, Action<Report>? echo = null) : IEventPublisher, IDisposable
{
    private readonly JsonLinesFile<Report> _file = new(path, r => r.Id, r => CloudEventMapping.Encode(CloudEventMapping.ToCloudEvent(r)));

    /// <summary>The file's full path.</summary>
    public string Path => _file.Path;

    public Task<WriteResult<Report>> PublishAsync(IReadOnlyList<Report> reports, CancellationToken cancellationToken = default)
    {
        var result = _file.Write(reports);
        if (echo is not null)
        {
            var failed = result.Failures.Select(f => f.Item).ToHashSet();
            foreach (var report in reports)
            {
                if (!failed.Contains(report)) echo(report);
            }
        }
        return Task.FromResult(result);
    }

    public void Dispose() => _file.Dispose();
}
