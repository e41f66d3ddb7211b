namespace ObserveRtc.Core.Reports;

public sealed partial class CallEventReport
{
    /// <summary>
    /// When the observer received the sample or signal that raised the event (epoch ms, observer
    /// clock), where <see cref="Timestamp"/> is the client's clock. Not in report schema 2.2; added
    /// so evaluators can tell detection latency from client clock skew.
    /// </summary>
    public long? ObservedAt { get; set; }
}

public sealed partial class SfuEventReport
{
    /// <summary>When the observer received the sample that raised the event (epoch ms, observer clock).</summary>
    public long? ObservedAt { get; set; }
}
