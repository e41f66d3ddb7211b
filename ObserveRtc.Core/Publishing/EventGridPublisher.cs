using Azure;
using Azure.Core;
using Azure.Identity;
using Azure.Messaging.EventGrid;
using ObserveRtc.Core.Reports;
using ObserveRtc.Core.Storage;

namespace ObserveRtc.Core.Publishing;

/// <summary>
/// <see cref="IEventPublisher"/> on an Event Grid custom topic with the CloudEvents 1.0 schema
/// (<see cref="CloudEventMapping"/>). The SDK sends one request per call and does not chunk, so
/// this adapter encodes each event and sends requests of at most
/// <see cref="EventGridPublisherOptions.MaxRequestBytes"/> and
/// <see cref="EventGridPublisherOptions.MaxEventsPerRequest"/>, in report order. After a request
/// fails with a transient error (after the SDK's retries) the rest are not sent but returned as
/// retryable, so a retry keeps the order of events; a request the topic refuses (400, 413) is sent
/// again in halves until only the events it refuses are left (returned as not retryable), and the
/// rest go on.
/// </summary>
public sealed class EventGridPublisher : IEventPublisher
{
    private readonly EventGridPublisherOptions _options;
    private readonly EventGridPublisherClient _client;

    /// <summary>Connects as <paramref name="options"/> says; <paramref name="credential"/> replaces <c>DefaultAzureCredential</c> when no key is set.</summary>
    public EventGridPublisher(EventGridPublisherOptions options, TokenCredential? credential = null)
        : this(options, CreateClient(options, credential))
    {
    }

    internal EventGridPublisher(EventGridPublisherOptions options, EventGridPublisherClient client)
    {
        options.Validate();
        _options = options;
        _client = client;
    }

    /// <inheritdoc />
    public async Task<WriteResult<Report>> PublishAsync(IReadOnlyList<Report> reports, CancellationToken cancellationToken = default)
    {
        var failures = new List<WriteFailure<Report>>();
        var encoded = new List<(Report Report, byte[] Bytes)>(reports.Count);
        foreach (var report in reports)
        {
            try
            {
                var bytes = CloudEventMapping.Encode(CloudEventMapping.ToCloudEvent(report));
                if (bytes.Length + 2 > _options.MaxRequestBytes)
                {
                    failures.Add(new WriteFailure<Report>(report, $"too-large: the event is {bytes.Length} bytes; a request holds at most {_options.MaxRequestBytes}.", Retryable: false));
                    continue;
                }
                encoded.Add((report, bytes));
            }
            catch (Exception e) when (e is InvalidOperationException or NotSupportedException or ArgumentException)
            {
                failures.Add(new WriteFailure<Report>(report, $"{e.GetType().Name}: {e.Message}", Retryable: false));
            }
        }

        var written = 0;
        var sending = new Sending();
        foreach (var request in Chunk(encoded, _options.MaxRequestBytes, _options.MaxEventsPerRequest))
        {
            sending.SplitsLeft = Sending.SplitsPerRequest;
            written += await SendAsync(request, failures, sending, cancellationToken).ConfigureAwait(false);
        }
        return new WriteResult<Report>(written, failures);
    }

    /// <summary>One publish's progress: why sending stopped, if it has; what the request being split allows.</summary>
    private sealed class Sending
    {
        // One refused event among 5,000 takes about 13 splits to find; a request costs at most
        // 1 + 2 × 32 requests, whatever the topic refuses.
        public const int SplitsPerRequest = 32;

        /// <summary>A transient failure (after the SDK's retries): nothing more is sent.</summary>
        public string? StoppedBy { get; set; }

        /// <summary>The calls and SFUs with a refused part kept for a retry: none of their later events is sent.</summary>
        public HashSet<string> Stopped { get; } = new(StringComparer.Ordinal);

        public int SplitsLeft { get; set; } = SplitsPerRequest;
    }

    /// <summary>
    /// Sends one request; returns how many events went out. A request the topic refuses (400, 413) is
    /// sent again in halves, depth first, so only the events it refuses alone fail (not retryable) and
    /// the rest go out, in order. At most <see cref="Sending.SplitsPerRequest"/> splits per request: a
    /// refused part of several events left past them is kept for a retry (held back: the retry's splits
    /// start from it, so every attempt gets somewhere and none is charged to these events), and no later
    /// event of its calls or SFUs goes out before it; the others' do. After a transient failure nothing
    /// more is sent.
    /// </summary>
    private async Task<int> SendAsync(IReadOnlyList<(Report Report, byte[] Bytes)> request, List<WriteFailure<Report>> failures, Sending sending, CancellationToken cancellationToken)
    {
        if (sending.StoppedBy is not null)
        {
            failures.AddRange(request.Select(x => new WriteFailure<Report>(x.Report, $"not sent: an earlier request failed ({sending.StoppedBy})", Retryable: true, HeldBack: true)));
            return 0;
        }
        if (sending.Stopped.Count > 0)
        {
            var open = new List<(Report Report, byte[] Bytes)>(request.Count);
            foreach (var x in request)
            {
                if (sending.Stopped.Contains(ReportDispatcher.OrderKey(x.Report)))
                    failures.Add(new WriteFailure<Report>(x.Report, "not sent: an earlier event of its call or SFU is kept for a retry", Retryable: true, HeldBack: true));
                else
                    open.Add(x);
            }
            if (open.Count == 0) return 0;
            request = open;
        }
        try
        {
            await _client.SendEncodedCloudEventsAsync(Join(request), cancellationToken).ConfigureAwait(false);
            return request.Count;
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            var refused = e is RequestFailedException { Status: 400 or 413 };
            if (refused && request.Count > 1 && sending.SplitsLeft > 0)
            {
                sending.SplitsLeft--;
                var half = request.Count / 2;
                var first = await SendAsync(request.Take(half).ToList(), failures, sending, cancellationToken).ConfigureAwait(false);
                return first + await SendAsync(request.Skip(half).ToList(), failures, sending, cancellationToken).ConfigureAwait(false);
            }
            var error = WriteErrors.Describe(e);
            if (refused && request.Count == 1)
            {
                failures.Add(new WriteFailure<Report>(request[0].Report, error, Retryable: false));
                return 0;
            }
            if (refused)
            {
                // No split left to find which of these events the topic refuses. Which events a topic takes
                // cannot be told without sending them, and sending a call's later ones first would break its
                // order: these are kept for a retry, and their calls' later events wait too. (Dropping them
                // when the topic had taken nothing yet dropped good events behind a run of refused ones.)
                failures.AddRange(request.Select(x => new WriteFailure<Report>(x.Report, $"{error} (refused; not split further in this attempt)", Retryable: true, HeldBack: true)));
                foreach (var x in request) sending.Stopped.Add(ReportDispatcher.OrderKey(x.Report));
                return 0;
            }
            failures.AddRange(request.Select(x => new WriteFailure<Report>(x.Report, error, Retryable: true)));
            sending.StoppedBy = error;
            return 0;
        }
    }

    /// <summary>Groups encoded events into requests: a JSON array of at most <paramref name="maxBytes"/> bytes and <paramref name="maxEvents"/> events.</summary>
    internal static IEnumerable<IReadOnlyList<(Report Report, byte[] Bytes)>> Chunk(IReadOnlyList<(Report Report, byte[] Bytes)> events, int maxBytes, int maxEvents)
    {
        var current = new List<(Report, byte[])>();
        long size = 2; // [ ]
        foreach (var item in events)
        {
            var add = item.Bytes.Length + (current.Count > 0 ? 1 : 0);
            if (current.Count > 0 && (current.Count >= maxEvents || size + add > maxBytes))
            {
                yield return current;
                current = [];
                size = 2;
                add = item.Bytes.Length;
            }
            current.Add(item);
            size += add;
        }
        if (current.Count > 0) yield return current;
    }

    private static ReadOnlyMemory<byte> Join(IReadOnlyList<(Report Report, byte[] Bytes)> request)
    {
        var total = 2 + request.Sum(x => x.Bytes.Length) + Math.Max(0, request.Count - 1);
        var buffer = new byte[total];
        var position = 0;
        buffer[position++] = (byte)'[';
        for (var i = 0; i < request.Count; i++)
        {
            if (i > 0) buffer[position++] = (byte)',';
            request[i].Bytes.CopyTo(buffer, position);
            position += request[i].Bytes.Length;
        }
        buffer[position] = (byte)']';
        return buffer;
    }

    internal static EventGridPublisherClientOptions ClientOptions(EventGridPublisherOptions options)
    {
        var clientOptions = new EventGridPublisherClientOptions();
        clientOptions.Retry.Mode = RetryMode.Exponential;
        clientOptions.Retry.MaxRetries = options.MaxRetries;
        clientOptions.Retry.Delay = options.RetryDelay;
        clientOptions.Retry.MaxDelay = options.MaxRetryDelay;
        clientOptions.Retry.NetworkTimeout = options.NetworkTimeout;
        return clientOptions;
    }

    private static EventGridPublisherClient CreateClient(EventGridPublisherOptions options, TokenCredential? credential)
    {
        options.Validate();
        return options.AccessKey is { Length: > 0 } key
            ? new EventGridPublisherClient(options.Endpoint!, new AzureKeyCredential(key), ClientOptions(options))
            : new EventGridPublisherClient(options.Endpoint!, credential ?? new DefaultAzureCredential(), ClientOptions(options));
    }
}
