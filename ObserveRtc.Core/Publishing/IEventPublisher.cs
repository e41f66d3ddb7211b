using ObserveRtc.Core.Reports;
using ObserveRtc.Core.Storage;

namespace ObserveRtc.Core.Publishing;

/// <summary>
/// Raises reports as events for subscribers (design §5). Delivery is at-least-once: an event's id is
/// the report's deterministic <see cref="Report.EventId"/>, so a subscriber can drop repeats, and a caller
/// can retry failed reports without harm.
/// </summary>
public interface IEventPublisher
{
    /// <summary>
    /// Publishes the reports, in order. Never throws for a failed publish (only for cancellation): the
    /// result lists the reports that were not published and whether a retry can help.
    /// </summary>
    Task<WriteResult<Report>> PublishAsync(IReadOnlyList<Report> reports, CancellationToken cancellationToken = default);
}
