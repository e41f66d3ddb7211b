using ObserveRtc.Core.Reports;
using ObserveRtc.Core.Samples;

namespace ObserveRtc.Core.Storage;

/// <summary>Keeps rejected samples with their reasons (design §2, §6: never lose one silently).</summary>
public interface IRejectedSampleStore
{
    /// <summary>Writes the rejections; idempotent by <see cref="RejectedSample.Id"/>. Never throws for a failed write (only for cancellation).</summary>
    Task<WriteResult<RejectedSample>> WriteAsync(IReadOnlyList<RejectedSample> rejections, CancellationToken cancellationToken = default);

    /// <summary>The rejections of a service received between <paramref name="fromMs"/> and <paramref name="toMs"/> (epoch ms, inclusive), newest first.</summary>
    IAsyncEnumerable<RejectedSample> GetAsync(string serviceId, long fromMs, long toMs, CancellationToken cancellationToken = default);
}

/// <summary>A rejected sample and where it came from.</summary>
/// <param name="ServiceId">The service the body was sent to.</param>
/// <param name="MediaUnitId">The media unit, if known.</param>
/// <param name="ReceivedAtMs">When the observer received the body (epoch ms).</param>
/// <param name="SourceId">
/// Identifies the event body, the same on every delivery (e.g. <c>{partitionId}:{sequenceNumber}</c>
/// on Event Hubs, or a hash of the body), so a redelivered body overwrites its rejections.
/// </param>
/// <param name="Rejection">The reason and detail from the decoder.</param>
public sealed record RejectedSample(string ServiceId, string? MediaUnitId, long ReceivedAtMs, string SourceId, SampleRejection Rejection)
{
    /// <summary>A deterministic id: a hash of the source id, the sample index and the reason (<see cref="ReportIds.From(ReadOnlySpan{string})"/>).</summary>
    public string Id => ReportIds.From(SourceId, Rejection.SampleIndex, Rejection.Reason);
}
