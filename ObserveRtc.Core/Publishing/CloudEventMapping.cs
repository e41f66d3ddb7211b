using System.Text;
using System.Text.Json;
using Azure.Messaging;
using ObserveRtc.Core.Reports;

namespace ObserveRtc.Core.Publishing;

/// <summary>
/// Builds the CloudEvent of a report (design §5): <c>type</c> from <see cref="CloudEventTypes"/>,
/// <c>source</c> = <c>/observertc/services/{serviceId}</c>,
/// <c>subject</c> = <c>calls/{callId}[/clients/{clientId}[/peer-connections/{pcId}[/tracks/{trackId}]]]</c>
/// (SFU events: <c>calls/{callId}/sfus/{sfuId}</c>, or <c>sfus/{sfuId}</c> without a call), each id
/// percent-encoded so a <c>/</c> in an id cannot fake a level; <c>id</c> = <see cref="Report.EventId"/>;
/// <c>time</c> = the report's timestamp; <c>data</c> = the report envelope as JSON.
/// </summary>
public static class CloudEventMapping
{
    /// <summary>The event's <c>source</c>: <c>/observertc/services/{serviceId}</c>.</summary>
    public static string Source(Report report) => "/observertc/services/" + Uri.EscapeDataString(report.ServiceId);

    /// <summary>The event's <c>subject</c>: the call, then the client, peer connection and track it concerns (or the SFU).</summary>
    public static string Subject(Report report)
    {
        var builder = new StringBuilder();
        void Level(string name, string? id)
        {
            if (builder.Length > 0) builder.Append('/');
            builder.Append(name).Append('/').Append(Uri.EscapeDataString(id ?? string.Empty));
        }

        if (report.CallId is { Length: > 0 }) Level("calls", report.CallId);
        if (report.Payload is SfuEventReport || (report.ClientId is null && report.SfuId is { Length: > 0 }))
        {
            var sfuId = report.SfuId ?? (report.Payload as SfuEventReport)?.SfuId;
            if (sfuId is { Length: > 0 }) Level("sfus", sfuId);
            return builder.ToString();
        }

        var (clientId, peerConnectionId, trackId) = report.Payload switch
        {
            CallEventReport e => (e.ClientId ?? report.ClientId, e.PeerConnectionId, e.MediaTrackId),
            ObserverEventReport e => (e.ClientId ?? report.ClientId, e.PeerConnectionId, null),
            _ => (report.ClientId, null, null),
        };
        if (clientId is not { Length: > 0 }) return builder.ToString();
        Level("clients", clientId);
        if (peerConnectionId is not { Length: > 0 }) return builder.ToString();
        Level("peer-connections", peerConnectionId);
        if (trackId is not { Length: > 0 }) return builder.ToString();
        Level("tracks", trackId);
        return builder.ToString();
    }

    /// <summary>The report as a CloudEvent.</summary>
    public static CloudEvent ToCloudEvent(Report report) =>
        new(Source(report), CloudEventTypes.For(report), new BinaryData(ReportJson.ToUtf8(report)), "application/json", CloudEventDataFormat.Json)
        {
            Id = report.EventId,
            Subject = Subject(report),
            Time = DateTimeOffset.FromUnixTimeMilliseconds(report.TimestampMs),
        };

    /// <summary>The event as it goes on the wire (the SDK's CloudEvents 1.0 JSON).</summary>
    public static byte[] Encode(CloudEvent cloudEvent) => JsonSerializer.SerializeToUtf8Bytes(cloudEvent);
}
