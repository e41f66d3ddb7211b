namespace ObserveRtc.Core.Samples;

/// <summary>Limits of the sample decoder. Validate with <see cref="Validate"/> at start.</summary>
public sealed class SampleDecoderOptions
{
    /// <summary>
    /// Largest accepted event body in bytes. Default 1 MiB (the Event Hubs Standard event limit; the
    /// Java observer's WebSocket limit is 1,000,000). Range 64 KiB–100 MiB. Too low rejects real
    /// envelopes that batch many samples (client-monitor-js 1.x batched up to 100); too high lets one
    /// hostile body take a lot of memory.
    /// </summary>
    public int MaxBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>
    /// Most samples accepted from one body (all lists together); the rest are rejected as
    /// <c>invalid-value</c>. Default 1,000. Range 1–100,000.
    /// </summary>
    public int MaxSamplesPerBody { get; set; } = 1000;

    /// <summary>How many leading bytes of a rejected body are kept with the rejection. Default 512. Range 0–65,536.</summary>
    public int RejectedPrefixBytes { get; set; } = 512;

    /// <summary>
    /// How far ahead of the receive time a sample's timestamp may be before it is rejected as
    /// <c>invalid-value</c>. Default 1 day. Client clocks drift, so keep it generous; samples older than
    /// 2000-01-01 (a seconds-instead-of-milliseconds clock) are always rejected.
    /// </summary>
    public TimeSpan MaxClockAhead { get; set; } = TimeSpan.FromDays(1);

    /// <summary>
    /// Longest clientId, callId, roomId or sfuId accepted (characters); a sample with a longer one is
    /// rejected as <c>invalid-value</c>. Default 1,024 (client-monitor-js makes UUIDs, 36). Range
    /// 64–16,384. These ids key Table rows, entities and the room registry, and are stored in columns
    /// of at most 32K characters; a longer id would get every report of its client refused.
    /// </summary>
    public int MaxIdLength { get; set; } = 1024;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming every option out of its range.</summary>
    public SampleDecoderOptions Validate()
    {
        var errors = new List<string>();
        if (MaxBodyBytes is < 64 * 1024 or > 100 * 1024 * 1024) errors.Add($"MaxBodyBytes={MaxBodyBytes} (64 KiB–100 MiB)");
        if (MaxSamplesPerBody is < 1 or > 100_000) errors.Add($"MaxSamplesPerBody={MaxSamplesPerBody} (1–100,000)");
        if (RejectedPrefixBytes is < 0 or > 65_536) errors.Add($"RejectedPrefixBytes={RejectedPrefixBytes} (0–65,536)");
        if (MaxIdLength is < 64 or > 16_384) errors.Add($"MaxIdLength={MaxIdLength} (64–16,384)");
        if (MaxClockAhead < TimeSpan.Zero || MaxClockAhead > TimeSpan.FromDays(3650)) errors.Add($"MaxClockAhead={MaxClockAhead} (0–3650 days)");
        if (errors.Count > 0) throw new ArgumentOutOfRangeException(nameof(SampleDecoderOptions), "Invalid sample decoder options: " + string.Join("; ", errors));
        return this;
    }
}
