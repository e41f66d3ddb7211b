namespace ObserveRtc.Core.Entities;

/// <summary>How call and SFU entities deliver their outbox and when they let their state go.</summary>
public sealed class EntityOptions
{
    /// <summary>
    /// First back-off after a failed delivery; it doubles per consecutive failure. Default 5 s. Range
    /// 100 ms–5 min. Too low hammers a sink that is down; too high delays reports after a blip.
    /// </summary>
    public TimeSpan RetryInitialDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Longest back-off between delivery attempts. Default 5 min. Range: at least <see cref="RetryInitialDelay"/>, at most 1 day.</summary>
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Attempts before a report that keeps failing is dropped (and counted in the state). Default 50
    /// (with the default back-off, about four hours of outage). Range 1–10,000. Too low loses reports in
    /// a long outage; too high keeps a poison report (one the sink always refuses) in state for long.
    /// </summary>
    public int MaxDeliveryAttempts { get; set; } = 50;

    /// <summary>
    /// Most reports an entity's outbox holds while a sink is down. Default 500 (a few hundred KB of
    /// state). Range 10–100,000. Past it the oldest client-sent events (custom events, issues) go first,
    /// then the oldest of the rest; each is counted as dropped and said in the step's errors. Without a
    /// cap a long outage grows the state that every operation reads and writes.
    /// </summary>
    public int MaxOutboxReports { get; set; } = 500;

    /// <summary>
    /// How long an ended call's (or a left SFU's) small state is kept after everything is delivered, so
    /// that late samples of its clients are recognised instead of starting the call again. Default
    /// 2 min. Range 0–1 day. Too low: stragglers open a phantom call; too high: idle entities linger.
    /// </summary>
    public TimeSpan EndedStateRetention { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Throws <see cref="ArgumentException"/> naming every option out of its range.</summary>
    public EntityOptions Validate()
    {
        var errors = new List<string>();
        if (RetryInitialDelay < TimeSpan.FromMilliseconds(100) || RetryInitialDelay > TimeSpan.FromMinutes(5)) errors.Add($"RetryInitialDelay={RetryInitialDelay} (100 ms–5 min)");
        if (RetryMaxDelay < RetryInitialDelay || RetryMaxDelay > TimeSpan.FromDays(1)) errors.Add($"RetryMaxDelay={RetryMaxDelay} (RetryInitialDelay–1 day)");
        if (MaxDeliveryAttempts is < 1 or > 10_000) errors.Add($"MaxDeliveryAttempts={MaxDeliveryAttempts} (1–10,000)");
        if (MaxOutboxReports is < 10 or > 100_000) errors.Add($"MaxOutboxReports={MaxOutboxReports} (10–100,000)");
        if (EndedStateRetention < TimeSpan.Zero || EndedStateRetention > TimeSpan.FromDays(1)) errors.Add($"EndedStateRetention={EndedStateRetention} (0–1 day)");
        if (errors.Count > 0) throw new ArgumentException("Invalid entity options: " + string.Join("; ", errors));
        return this;
    }
}

/// <summary>
/// What an entity operation decided: the new state (null: delete the entity), the timer signal to
/// schedule (if any), and what happened, for the host's logs.
/// </summary>
/// <typeparam name="TState">The entity's state type.</typeparam>
public sealed class EntityStep<TState>
    where TState : class
{
    /// <summary>The state to keep; null deletes the entity.</summary>
    public TState? State { get; init; }
    /// <summary>A timer signal to schedule, or null.</summary>
    public TimerRequest? Timer { get; init; }
    /// <summary>Reports delivered in this operation.</summary>
    public int Delivered { get; init; }
    /// <summary>Reports still waiting after this operation.</summary>
    public int Pending { get; init; }
    /// <summary>Reports given up on in this operation.</summary>
    public int Dropped { get; init; }
    /// <summary>A delivery (or the room's release) was tried in this operation and left work for a retry.</summary>
    public bool LeftForRetry { get; init; }
    /// <summary>A signal whose token was not the pending timer's: ignored.</summary>
    public bool StaleSignal { get; init; }
    /// <summary>What went wrong, when something did (delivery errors, an unexpected exception caught so the operation does not throw).</summary>
    public IReadOnlyList<string> Errors { get; init; } = [];
}
