using ObserveRtc.Core.Reports;

namespace ObserveRtc.Core.Entities;

/// <summary>
/// Delivery and timer rules shared by the call and SFU entities (design §6): deliver the outbox in
/// order, keep what failed with a back-off, and keep exactly one live timer signal, replaced (with a
/// new token, so the old signal becomes stale) only when an earlier one is needed.
/// </summary>
internal sealed class OutboxRunner(ReportDispatcher dispatcher, EntityOptions options)
{
    public EntityOptions Options => options;

    /// <summary>Delivers the outbox if a delivery is due. Never throws but for cancellation.</summary>
    public async Task<(int Delivered, int Dropped)> DeliverAsync(OutboxState state, long nowMs, List<string> errors, CancellationToken cancellationToken)
    {
        if (state.Outbox.Count == 0) return (0, 0);
        // Waiting for a retry: what the transition added counts against the cap now. (The cap applies
        // only to what a sink that is down leaves behind, never before a delivery is tried.)
        if (state.RetryAtMs > nowMs) return (0, Cap(state, errors));
        var items = state.Outbox;
        var failed = new Dictionary<string, (string Error, bool Retryable, bool HeldBack)>(StringComparer.Ordinal);
        try
        {
            var reports = new List<Report>(items.Count);
            foreach (var item in items) reports.Add(item.ToReport());
            var result = await dispatcher.DispatchAsync(reports, cancellationToken);
            foreach (var f in result.Failures) failed[f.Item.Id] = (f.Error, f.Retryable, f.HeldBack);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            errors.Add($"delivery failed: {ex.GetType().Name}: {ex.Message}");
            foreach (var item in items) failed[item.Id] = (ex.Message, true, false);
        }

        var kept = new List<OutboxItem>();
        var dropped = 0;
        foreach (var item in items)
        {
            if (!failed.TryGetValue(item.Id, out var failure)) continue;
            if (!failure.HeldBack) item.Attempts++; // waiting behind another report is no attempt of its own
            if (!failure.Retryable || item.Attempts >= options.MaxDeliveryAttempts)
            {
                dropped++;
                errors.Add($"dropped {item.Type} {item.Id} after {item.Attempts} attempt(s): {failure.Error}");
                continue;
            }
            kept.Add(item);
        }
        var delivered = items.Count - kept.Count - dropped;
        state.Outbox = kept;
        state.DroppedReports += dropped;
        dropped += Cap(state, errors);
        if (kept.Count == 0)
        {
            state.FailedDeliveries = 0;
            state.RetryAtMs = null;
        }
        else
        {
            state.FailedDeliveries++;
            errors.Add($"{kept.Count} report(s) kept for retry ({state.FailedDeliveries} failed deliveries in a row)");
            state.RetryAtMs = nowMs + Backoff(state.FailedDeliveries);
        }
        return (delivered, dropped);
    }

    /// <summary>
    /// Keeps the outbox within <see cref="EntityOptions.MaxOutboxReports"/>: the oldest client-sent
    /// events go first, then the oldest of the rest. Returns how many were dropped (counted in the state).
    /// </summary>
    private int Cap(OutboxState state, List<string> errors)
    {
        var over = state.Outbox.Count - options.MaxOutboxReports;
        if (over <= 0) return 0;
        var drop = new HashSet<OutboxItem>(ReferenceEqualityComparer.Instance);
        foreach (var item in state.Outbox.Where(i => i.ClientSent).Take(over)) drop.Add(item);
        foreach (var item in state.Outbox.Where(i => !i.ClientSent).Take(over - drop.Count)) drop.Add(item);
        var clientSent = drop.Count(i => i.ClientSent);
        state.Outbox = state.Outbox.Where(i => !drop.Contains(i)).ToList();
        state.DroppedReports += drop.Count;
        errors.Add($"outbox over its cap of {options.MaxOutboxReports} reports: dropped the oldest {drop.Count} ({clientSent} client-sent events, {drop.Count - clientSent} others)");
        return drop.Count;
    }

    /// <summary>Back-off: the initial delay doubled per consecutive failure, capped.</summary>
    public long Backoff(int failures)
    {
        var ms = options.RetryInitialDelay.TotalMilliseconds * Math.Pow(2, Math.Min(failures - 1, 30));
        return (long)Math.Min(ms, options.RetryMaxDelay.TotalMilliseconds);
    }

    /// <summary>
    /// Arms the timer for <paramref name="dueMs"/> when no signal is pending or the pending one is
    /// later; otherwise the pending one stays (it re-arms when it fires).
    /// </summary>
    public static TimerRequest? Arm(OutboxState state, long? dueMs)
    {
        if (dueMs is not { } due) return null;
        if (state.Timer is { } pending && pending.DueMs <= due) return null;
        state.TimerSeq++;
        state.Timer = new PendingTimer { DueMs = due, Token = "t" + state.TimerSeq.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        return new TimerRequest(due, state.Timer.Token);
    }

    /// <summary>Whether a tick with <paramref name="token"/> is the pending timer's; if so the timer is consumed.</summary>
    public static bool Consume(OutboxState state, string? token)
    {
        if (state.Timer is null || !string.Equals(state.Timer.Token, token, StringComparison.Ordinal)) return false;
        state.Timer = null;
        return true;
    }

    public static long? Earliest(params ReadOnlySpan<long?> times)
    {
        long? min = null;
        foreach (var t in times)
        {
            if (t is { } v && (min is null || v < min)) min = v;
        }
        return min;
    }
}
