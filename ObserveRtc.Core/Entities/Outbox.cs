using System.Text.Json.Serialization;
using System.Text;
using ObserveRtc.Core.Reports;

namespace ObserveRtc.Core.Entities;

/// <summary>
/// A report waiting in an entity's outbox: the report as JSON plus its routing keys, so the state
/// round-trips through the Functions worker's reflection-based JSON (a <see cref="Report"/>'s payload
/// is an <see cref="object"/> and would not).
/// </summary>
public sealed class OutboxItem
{
    /// <summary><see cref="Report.Id"/>.</summary>
    public string Id { get; set; } = "";
    /// <summary><see cref="Report.Type"/>.</summary>
    public string Type { get; set; } = "";
    /// <summary><see cref="Report.ServiceId"/>.</summary>
    public string ServiceId { get; set; } = "";
    /// <summary><see cref="Report.CallId"/>.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? CallId { get; set; }
    /// <summary><see cref="Report.ClientId"/>.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? ClientId { get; set; }
    /// <summary><see cref="Report.SfuId"/>.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? SfuId { get; set; }
    /// <summary><see cref="Report.TimestampMs"/>.</summary>
    public long TimestampMs { get; set; }
    /// <summary>
    /// The payload as JSON (<see cref="ReportJson.PayloadToUtf8"/>). Made only when it is read: an item
    /// delivered in the operation that queued it is never serialized (it leaves the outbox before the
    /// state is stored).
    /// </summary>
    public string PayloadJson
    {
        get => _payloadJson ??= _report is null ? "" : ReportJson.PayloadToString(_report);
        set
        {
            _payloadJson = value;
            _report = null;
        }
    }
    /// <summary>
    /// A client-sent event (a custom event or an issue), not one the observer made: the first to go
    /// when the outbox is over its cap.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool ClientSent { get; set; }
    /// <summary>Failed delivery attempts so far.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public int Attempts { get; set; }

    private string? _payloadJson;
    private Report? _report;

    /// <summary>The outbox form of a report.</summary>
    public static OutboxItem From(Report report) => new()
    {
        Id = report.Id,
        Type = report.Type,
        ServiceId = report.ServiceId,
        CallId = report.CallId,
        ClientId = report.ClientId,
        SfuId = report.SfuId,
        TimestampMs = report.TimestampMs,
        ClientSent = report.Payload switch
        {
            CallEventReport e => !Calls.CallEventNames.IsObserverMade(e.Name),
            SfuEventReport e => !Calls.SfuEventNames.IsObserverMade(e.Name),
            _ => false,
        },
        _report = report,
    };

    /// <summary>The report again, with its typed payload (the queued report itself while the item has not been stored).</summary>
    public Report ToReport() => _report ?? new()
    {
        Id = Id,
        Type = Type,
        ServiceId = ServiceId,
        CallId = CallId,
        ClientId = ClientId,
        SfuId = SfuId,
        TimestampMs = TimestampMs,
        Payload = ReportJson.ReadPayload(Type, Encoding.UTF8.GetBytes(PayloadJson)),
    };
}

/// <summary>The one timer signal an entity has pending: when it is due and the token it carries.</summary>
public sealed class PendingTimer
{
    /// <summary>Due time, epoch ms (observer clock).</summary>
    public long DueMs { get; set; }
    /// <summary>The token the signal carries; a signal with another token is stale and does nothing.</summary>
    public string Token { get; set; } = "";
}

/// <summary>A timer signal the host must schedule: signal the entity's tick operation with <see cref="Token"/> at <see cref="DueMs"/>.</summary>
public sealed record TimerRequest(long DueMs, string Token);

/// <summary>The part of an entity's state that delivery and timers use.</summary>
public abstract class OutboxState
{
    /// <summary>Reports not yet delivered, in event order.</summary>
    public List<OutboxItem> Outbox { get; set; } = [];
    /// <summary>The pending timer signal, if any.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public PendingTimer? Timer { get; set; }
    /// <summary>How many timer tokens were issued (the next token's number).</summary>
    public long TimerSeq { get; set; }
    /// <summary>When the next delivery retry is due (after a failure), epoch ms.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public long? RetryAtMs { get; set; }
    /// <summary>Consecutive failed deliveries (drives the back-off).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public int FailedDeliveries { get; set; }
    /// <summary>Reports given up on (not retryable, or past the attempt limit), for diagnosis.</summary>
    public long DroppedReports { get; set; }
    /// <summary>
    /// How far the host's clock was ahead of the latest receive time of the last observation's samples,
    /// in whole seconds (as ms, 0 or more): the tracker's clock is the host's less this lag (see the
    /// entity logic).
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public long ClockLagMs { get; set; }
    /// <summary>The tracker's next deadline, epoch ms (the tracker's clock).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public long? TrackerDeadlineMs { get; set; }

    /// <summary>
    /// The host could not schedule the timer signal the last step asked for: forget it, so the next
    /// operation arms one again (a pending timer is only replaced by an earlier one, so a timer the
    /// state believes in but that never fires would stall the entity).
    /// </summary>
    public void TimerNotScheduled() => Timer = null;
}
