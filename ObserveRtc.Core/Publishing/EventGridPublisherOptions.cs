namespace ObserveRtc.Core.Publishing;

/// <summary>
/// The Event Grid custom topic (CloudEvents 1.0 input schema) and how to send to it. With
/// <see cref="AccessKey"/> the adapter sends the topic key (header <c>aeg-sas-key</c>; local and
/// test use); without it, <c>DefaultAzureCredential</c> (a managed identity holding
/// "EventGrid Data Sender").
/// </summary>
public sealed class EventGridPublisherOptions
{
    /// <summary>The topic endpoint, e.g. <c>https://topic.region-1.eventgrid.azure.net/api/events</c>. Required.</summary>
    public Uri? Endpoint { get; set; }

    /// <summary>The topic access key. Default null (use Entra ID). Do not set it in Azure when local auth is disabled.</summary>
    public string? AccessKey { get; set; }

    /// <summary>
    /// Most bytes in one publish request (the JSON array). Default 1,000,000; range 64 KiB–1 MiB.
    /// Event Grid refuses requests over 1 MB with 413; a single event larger than this is refused
    /// (reported as a failure that will not succeed on retry).
    /// </summary>
    public int MaxRequestBytes { get; set; } = 1_000_000;

    /// <summary>Most events in one publish request. Default 5,000 (Event Grid's limit); range 1–5,000.</summary>
    public int MaxEventsPerRequest { get; set; } = 5_000;

    /// <summary>
    /// How many times the SDK retries a transient failure (5xx, 408, 429, connection errors). Default 3;
    /// range 0–10. Too high keeps a caller busy while Event Grid is down; the caller retries later anyway.
    /// </summary>
    public int MaxRetries { get; set; } = 3;

    /// <summary>The first retry delay (exponential back-off). Default 0.5 s; range 10 ms–10 s.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(0.5);

    /// <summary>The longest retry delay. Default 8 s.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(8);

    /// <summary>Timeout of one HTTP request. Default 30 s; range 1 s–5 min.</summary>
    public TimeSpan NetworkTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Throws <see cref="ArgumentException"/> describing the first invalid setting.</summary>
    public void Validate()
    {
        if (Endpoint is null || !Endpoint.IsAbsoluteUri) throw new ArgumentException("EventGridPublisherOptions.Endpoint must be an absolute URI.");
        // Without a key it signs in with DefaultAzureCredential, which Azure.Core refuses over http.
        if (string.IsNullOrEmpty(AccessKey) && Endpoint.Scheme != Uri.UriSchemeHttps)
            throw new ArgumentException($"Endpoint '{Endpoint}' must be https when no AccessKey is set (it signs in with DefaultAzureCredential).");
        if (MaxRequestBytes is < 64 * 1024 or > 1024 * 1024) throw new ArgumentException("MaxRequestBytes must be 64 KiB–1 MiB.");
        if (MaxEventsPerRequest is < 1 or > 5_000) throw new ArgumentException("MaxEventsPerRequest must be 1–5,000.");
        if (MaxRetries is < 0 or > 10) throw new ArgumentException("MaxRetries must be 0–10.");
        if (RetryDelay < TimeSpan.FromMilliseconds(10) || RetryDelay > TimeSpan.FromSeconds(10)) throw new ArgumentException("RetryDelay must be 10 ms–10 s.");
        if (MaxRetryDelay < RetryDelay) throw new ArgumentException("MaxRetryDelay must be at least RetryDelay.");
        if (NetworkTimeout < TimeSpan.FromSeconds(1) || NetworkTimeout > TimeSpan.FromMinutes(5)) throw new ArgumentException("NetworkTimeout must be 1 s–5 min.");
    }
}
