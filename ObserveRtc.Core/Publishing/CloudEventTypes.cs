using System.Collections.Frozen;
using ObserveRtc.Core.Calls;
using ObserveRtc.Core.Reports;

namespace ObserveRtc.Core.Publishing;

/// <summary>
/// The CloudEvent <c>type</c> of each report (design §5): <c>org.observertc.</c> plus a lower-case,
/// dotted name; words inside a part are joined with <c>-</c>.
/// <list type="table">
/// <listheader><term>Report</term><description>CloudEvent type</description></listheader>
/// <item><term>CALL_EVENT CALL_STARTED / CALL_ENDED</term><description><c>org.observertc.call.started</c> / <c>.call.ended</c></description></item>
/// <item><term>CLIENT_JOINED / CLIENT_LEFT / CLIENT_REJOINED / CLIENT_ISSUE</term><description><c>.client.joined</c> / <c>.client.left</c> / <c>.client.rejoined</c> / <c>.client.issue</c></description></item>
/// <item><term>PEER_CONNECTION_OPENED / _CLOSED</term><description><c>.peer-connection.opened</c> / <c>.peer-connection.closed</c></description></item>
/// <item><term>MEDIA_TRACK_ADDED / _REMOVED / _MATCHED</term><description><c>.track.added</c> / <c>.track.removed</c> / <c>.track.matched</c></description></item>
/// <item><term>any other CALL_EVENT name</term><description><c>.call.custom-event</c></description></item>
/// <item><term>SFU_EVENT SFU_JOINED / SFU_LEFT</term><description><c>.sfu.joined</c> / <c>.sfu.left</c></description></item>
/// <item><term>SFU_TRANSPORT_OPENED / _CLOSED</term><description><c>.sfu.transport.opened</c> / <c>.sfu.transport.closed</c></description></item>
/// <item><term>SFU_RTP_PAD_ADDED / _REMOVED</term><description><c>.sfu.rtp-pad.added</c> / <c>.sfu.rtp-pad.removed</c></description></item>
/// <item><term>SFU_SCTP_STREAM_ADDED / _REMOVED</term><description><c>.sfu.sctp-stream.added</c> / <c>.sfu.sctp-stream.removed</c></description></item>
/// <item><term>any other SFU_EVENT name</term><description><c>.sfu.custom-event</c></description></item>
/// <item><term>CALL_SUMMARY</term><description><c>.call.summary</c></description></item>
/// <item><term>OBSERVER_EVENT</term><description><c>.observer.event</c></description></item>
/// <item><term>any other report type (stats, when configured)</term><description><c>.report.</c> + the type in lower case with <c>-</c> (<c>.report.inbound-audio-track</c>)</description></item>
/// </list>
/// </summary>
public static class CloudEventTypes
{
    /// <summary>The prefix of every type.</summary>
    public const string Prefix = "org.observertc.";

    /// <summary>The type of CALL_EVENTs whose name is not a lifecycle event or issue: client custom events.</summary>
    public const string CallCustomEvent = Prefix + "call.custom-event";

    /// <summary>The type of SFU_EVENTs whose name is not an SFU lifecycle event.</summary>
    public const string SfuCustomEvent = Prefix + "sfu.custom-event";

    /// <summary>The type of CALL_SUMMARY reports.</summary>
    public const string CallSummary = Prefix + "call.summary";

    /// <summary>The type of OBSERVER_EVENT reports.</summary>
    public const string ObserverEvent = Prefix + "observer.event";

    private static readonly FrozenDictionary<string, string> CallEventTypes = new Dictionary<string, string>
    {
        [CallEventNames.CallStarted] = "call.started",
        [CallEventNames.CallEnded] = "call.ended",
        [CallEventNames.ClientJoined] = "client.joined",
        [CallEventNames.ClientLeft] = "client.left",
        [CallEventNames.ClientRejoined] = "client.rejoined",
        [CallEventNames.ClientIssue] = "client.issue",
        [CallEventNames.PeerConnectionOpened] = "peer-connection.opened",
        [CallEventNames.PeerConnectionClosed] = "peer-connection.closed",
        [CallEventNames.MediaTrackAdded] = "track.added",
        [CallEventNames.MediaTrackRemoved] = "track.removed",
        [CallEventNames.MediaTrackMatched] = "track.matched",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    private static readonly FrozenDictionary<string, string> SfuEventTypes = new Dictionary<string, string>
    {
        [SfuEventNames.SfuJoined] = "sfu.joined",
        [SfuEventNames.SfuLeft] = "sfu.left",
        [SfuEventNames.TransportOpened] = "sfu.transport.opened",
        [SfuEventNames.TransportClosed] = "sfu.transport.closed",
        [SfuEventNames.RtpPadAdded] = "sfu.rtp-pad.added",
        [SfuEventNames.RtpPadRemoved] = "sfu.rtp-pad.removed",
        [SfuEventNames.SctpStreamAdded] = "sfu.sctp-stream.added",
        [SfuEventNames.SctpStreamRemoved] = "sfu.sctp-stream.removed",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>Whether the report is a custom (client- or SFU-sent) event rather than a lifecycle event or issue.</summary>
    public static bool IsCustomEvent(Report report) => report.Payload switch
    {
        CallEventReport e => e.Name is null || !CallEventTypes.ContainsKey(e.Name),
        SfuEventReport e => e.Name is null || !SfuEventTypes.ContainsKey(e.Name),
        _ => false,
    };

    /// <summary>The CloudEvent type of <paramref name="report"/>.</summary>
    public static string For(Report report) => report.Type switch
    {
        ReportTypes.CallEvent => report.Payload is CallEventReport { Name: { } name } && CallEventTypes.TryGetValue(name, out var t) ? Prefix + t : CallCustomEvent,
        ReportTypes.SfuEvent => report.Payload is SfuEventReport { Name: { } name } && SfuEventTypes.TryGetValue(name, out var t) ? Prefix + t : SfuCustomEvent,
        ReportTypes.CallSummary => CallSummary,
        ReportTypes.ObserverEvent => ObserverEvent,
        _ => Prefix + "report." + report.Type.ToLowerInvariant().Replace('_', '-'),
    };
}
