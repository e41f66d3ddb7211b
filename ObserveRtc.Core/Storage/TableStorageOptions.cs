namespace ObserveRtc.Core.Storage;

/// <summary>
/// Where and how the Table Storage adapters connect. Set exactly one of
/// <see cref="ConnectionString"/> (Azurite, local development) and <see cref="ServiceUri"/>
/// (Azure, with <c>DefaultAzureCredential</c>: a managed identity holding
/// "Storage Table Data Contributor"; no account keys in Azure).
/// </summary>
public sealed class TableStorageOptions
{
    /// <summary>Longest table-name suffix the adapters append to <see cref="TablePrefix"/> (<c>RejectedSamples</c>).</summary>
    internal const int LongestSuffix = 15;

    /// <summary>
    /// A storage connection string, e.g. Azurite's development account. Default: null. Use it only
    /// locally; in Azure set <see cref="ServiceUri"/>.
    /// </summary>
    public string? ConnectionString { get; set; }

    /// <summary>
    /// The table service endpoint, e.g. <c>https://account.table.core.windows.net</c>; the adapters
    /// authenticate with <c>DefaultAzureCredential</c>. Default: null.
    /// </summary>
    public Uri? ServiceUri { get; set; }

    /// <summary>
    /// The prefix of every table name (<c>{prefix}Reports</c>, <c>{prefix}CallEvents</c>,
    /// <c>{prefix}Calls</c>, <c>{prefix}CallSummaries</c>, <c>{prefix}RejectedSamples</c>,
    /// <c>{prefix}Rooms</c>). Default <c>ObserveRtc</c>. Letters and digits, starting with a letter,
    /// at most 48 characters (a table name is at most 63). Use a distinct prefix per environment or
    /// test run to keep their rows apart.
    /// </summary>
    public string TablePrefix { get; set; } = "ObserveRtc";

    /// <summary>
    /// How many times the SDK retries a transient failure (5xx, 408, 429, connection errors) before
    /// the write is reported as failed and retryable. Default 3; range 0–10. Too low turns short
    /// blips into caller retries; too high keeps a caller (an entity operation) busy while storage is down.
    /// </summary>
    public int MaxRetries { get; set; } = 3;

    /// <summary>The first retry delay (exponential back-off from here). Default 0.5 s; range 10 ms–10 s.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(0.5);

    /// <summary>The longest retry delay. Default 8 s.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(8);

    /// <summary>
    /// Timeout of one HTTP request. Default 30 s; range 1 s–5 min. Too low fails large transactions
    /// on a slow link; too high lets a hung connection hold up the caller.
    /// </summary>
    public TimeSpan NetworkTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How many transactions (different partitions) are sent at once. Default 4; range 1–32. Higher
    /// writes faster across many calls; a single partition takes at most 2,000 entities/s anyway.
    /// </summary>
    public int MaxParallelTransactions { get; set; } = 4;

    /// <summary>Throws <see cref="ArgumentException"/> describing the first invalid setting.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(ConnectionString) == (ServiceUri is null))
        {
            throw new ArgumentException("Set exactly one of TableStorageOptions.ConnectionString and TableStorageOptions.ServiceUri.");
        }
        // A service URI signs in with DefaultAzureCredential, which Azure.Core refuses over http: every
        // write would fail while the app runs (Azurite takes a connection string).
        if (ServiceUri is { } uri && (!uri.IsAbsoluteUri || uri.Scheme != Uri.UriSchemeHttps))
        {
            throw new ArgumentException($"ServiceUri '{uri}' must be an absolute https URI (it signs in with DefaultAzureCredential); for Azurite set ConnectionString.");
        }
        var prefix = TablePrefix ?? string.Empty;
        if (prefix.Length is < 1 or > 63 - LongestSuffix || !char.IsAsciiLetter(prefix[0]) || !prefix.All(char.IsAsciiLetterOrDigit))
        {
            throw new ArgumentException($"TablePrefix '{prefix}' must be 1–{63 - LongestSuffix} ASCII letters and digits, starting with a letter.");
        }
        if (MaxRetries is < 0 or > 10) throw new ArgumentException("MaxRetries must be 0–10.");
        if (RetryDelay < TimeSpan.FromMilliseconds(10) || RetryDelay > TimeSpan.FromSeconds(10)) throw new ArgumentException("RetryDelay must be 10 ms–10 s.");
        if (MaxRetryDelay < RetryDelay) throw new ArgumentException("MaxRetryDelay must be at least RetryDelay.");
        if (NetworkTimeout < TimeSpan.FromSeconds(1) || NetworkTimeout > TimeSpan.FromMinutes(5)) throw new ArgumentException("NetworkTimeout must be 1 s–5 min.");
        if (MaxParallelTransactions is < 1 or > 32) throw new ArgumentException("MaxParallelTransactions must be 1–32.");
    }
}
