using System.Buffers;
using System.Text;
using System.Text.Json;
using ObserveRtc.Core.Reports;
using ObserveRtc.Core.Samples;

namespace ObserveRtc.Core.Calls;

/// <summary>Why and from what an event was raised: the sample (if any), the explicit client event (if any), and when the observer saw it.</summary>
internal readonly record struct Cause(long ObservedAtMs, ClientSampleView? Sample, ClientEventView? Explicit, string Reason)
{
    public static Cause Timeout(long deadlineMs) => new(deadlineMs, null, null, "timeout");
    public static Cause Of(ClientSampleView sample, string reason) => new(sample.Origin.ReceivedAtMs, sample, null, reason);
    public Cause With(string reason) => this with { Reason = reason, Explicit = null };
}

/// <summary>Builds the CALL_EVENT reports: schema 2.2 fields, deterministic ids.</summary>
internal static class CallEventBuilder
{
    public static Report Lifecycle(CallState call, string name, long ts, Cause cause, ClientState? client = null,
        string? peerConnectionId = null, TrackState? track = null, string? message = null)
    {
        var payload = Payload(call, name, ts, cause, client);
        payload.PeerConnectionId = peerConnectionId;
        payload.Message = cause.Explicit?.Message ?? message;
        payload.Value = cause.Explicit?.Value;
        payload.Attachments = cause.Explicit?.Attachments;
        if (track is not null)
        {
            payload.MediaTrackId = track.TrackId;
            payload.SSRC = track.Ssrcs.Count > 0 ? track.Ssrcs[0] : null;
            payload.Attachments = TrackAttachments(track, cause.Reason, cause.Explicit?.Attachments);
        }
        var id = ReportIds.From(call.CallId, name, client?.ClientId, peerConnectionId,
            track is null ? null : DirectionName(track.Direction), track?.TrackId, Invariant(ts));
        return Wrap(call, client, id, ts, payload);
    }

    /// <summary>A client-sent custom event, passed through; <paramref name="index"/> is its position in the sample.</summary>
    public static Report Custom(CallState call, ClientState client, ClientSampleView sample, ClientEventView e, int index)
    {
        var ts = e.TimestampMs ?? sample.TimestampMs;
        var payload = Payload(call, e.Name, ts, new Cause(sample.Origin.ReceivedAtMs, sample, null, "custom"), client);
        payload.PeerConnectionId = e.PeerConnectionId;
        payload.MediaTrackId = e.TrackId;
        payload.Value = e.Value;
        payload.Message = e.Message;
        payload.Attachments = e.Attachments;
        var id = ReportIds.From(call.CallId, "custom", client.ClientId, SampleKey(sample), Invariant(index));
        return Wrap(call, client, id, ts, payload);
    }

    /// <summary>
    /// A client-reported issue as CLIENT_ISSUE: value = issue type, attachments = its payload; or, for one a
    /// client sent as a custom event (<paramref name="asSent"/>), its value, message and attachments as sent.
    /// </summary>
    public static Report Issue(CallState call, ClientState client, ClientSampleView sample, ClientIssueView issue, int index, ClientEventView? asSent = null)
    {
        var ts = issue.TimestampMs ?? sample.TimestampMs;
        var payload = Payload(call, CallEventNames.ClientIssue, ts, new Cause(sample.Origin.ReceivedAtMs, sample, null, "issue"), client);
        payload.PeerConnectionId = issue.PeerConnectionId;
        payload.MediaTrackId = issue.TrackId;
        payload.Value = asSent is null ? issue.Type : asSent.Value;
        payload.Message = asSent is null ? "Client reported an issue: " + issue.Type : asSent.Message;
        payload.Attachments = asSent is null ? issue.Payload : asSent.Attachments;
        var id = ReportIds.From(call.CallId, "issue", client.ClientId, SampleKey(sample), Invariant(index));
        return Wrap(call, client, id, ts, payload);
    }

    /// <summary>The dedup key of a sample: its sampleSeq and timestamp.</summary>
    public static string SampleKey(ClientSampleView sample) =>
        Invariant(sample.SampleSeq ?? -1) + "/" + Invariant(sample.TimestampMs);

    public static string DirectionName(TrackDirection direction) => direction == TrackDirection.Inbound ? "inbound" : "outbound";

    public static string KindName(MediaKind kind) => kind switch
    {
        MediaKind.Audio => "audio",
        MediaKind.Video => "video",
        _ => "unknown",
    };

    public static string Invariant(long value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static CallEventReport Payload(CallState call, string name, long ts, Cause cause, ClientState? client) => new()
    {
        ServiceId = call.ServiceId,
        MediaUnitId = client?.MediaUnitId,
        Timestamp = ts,
        ObservedAt = cause.ObservedAtMs,
        Name = name,
        CallId = call.CallId,
        RoomId = call.RoomId,
        ClientId = client?.ClientId,
        UserId = client?.UserId,
        SampleTimestamp = cause.Sample?.TimestampMs,
        SampleSeq = cause.Sample?.SampleSeq,
        Marker = cause.Sample?.Marker ?? client?.Marker,
    };

    private static Report Wrap(CallState call, ClientState? client, string id, long ts, object payload) => new()
    {
        Type = ReportTypes.CallEvent,
        Id = id,
        ServiceId = call.ServiceId ?? "",
        CallId = call.CallId,
        ClientId = client?.ClientId,
        TimestampMs = ts,
        Payload = payload,
    };

    /// <summary>The track event attachments: a JSON object with direction, kind, ssrcs, SFU ids, the match and the reason.</summary>
    internal static string TrackAttachments(TrackState track, string reason, string? clientAttachments)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("direction", DirectionName(track.Direction));
            w.WriteString("kind", KindName(track.Kind));
            w.WriteStartArray("ssrcs");
            foreach (var ssrc in track.Ssrcs) w.WriteNumberValue(ssrc);
            w.WriteEndArray();
            WriteIf(w, "sfuStreamId", track.SfuStreamId);
            WriteIf(w, "sfuSinkId", track.SfuSinkId);
            if (track.Match is { } m)
            {
                w.WriteString("remoteClientId", m.RemoteClientId);
                WriteIf(w, "remoteUserId", m.RemoteUserId);
                w.WriteString("remotePeerConnectionId", m.RemotePeerConnectionId);
                w.WriteString("remoteTrackId", m.RemoteTrackId);
                w.WriteString("matchedBy", m.By);
            }
            w.WriteString("reason", reason);
            WriteIf(w, "clientAttachments", clientAttachments);
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static void WriteIf(Utf8JsonWriter w, string name, string? value)
    {
        if (value is not null) w.WriteString(name, value);
    }
}
