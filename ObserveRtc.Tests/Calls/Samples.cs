using ObserveRtc.Core.Samples;

namespace ObserveRtc.Tests.Calls;

/// <summary>A small builder of schema-neutral client samples for tracker tests.</summary>
internal static class Samples
{
    /// <summary>A base time (epoch ms) so timestamps in tests read as seconds from the start.</summary>
    public const long T0 = 1_700_000_000_000;

    /// <summary>Receive time lags the client clock by this much unless a test says otherwise.</summary>
    public const long Lag = 100;

    public static long Sec(double seconds) => T0 + (long)(seconds * 1000);

    public static PeerConnectionView Pc(string id, bool transport = true, bool rtp = true, bool closed = false) =>
        new(id, null, transport, rtp, closed);

    public static PeerConnectionView Shell(string id) => new(id, null, false, false, false);

    public static TrackView Out(string pc, string? track, MediaKind kind, long ssrc, double? bytes = null, string? sfuStream = null) =>
        new(pc, track, TrackDirection.Outbound, kind, [ssrc], sfuStream, null, null, bytes);

    public static TrackView In(string pc, string track, MediaKind kind, long ssrc, double? bytes = null, string? sfuStream = null, string? sfuSink = null) =>
        new(pc, track, TrackDirection.Inbound, kind, [ssrc], sfuStream, sfuSink, null, bytes);

    public static ClientEventView Ev(string name, double? atSec = null, string? pc = null, string? track = null,
        string? value = null, string? message = null, string? attachments = null) =>
        new(name, atSec is { } s ? Sec(s) : null, pc, track, value, message, attachments);

    public static ClientIssueView Issue(string type, double? atSec = null, string? payload = null) =>
        new(type, atSec is { } s ? Sec(s) : null, null, null, payload);
}

/// <summary>One simulated client (one monitor instance): numbers its samples (sampleSeq, unless not <c>numbered</c>, as in 3.x) and builds them.</summary>
internal sealed class Client(string clientId, string? userId = null, string? callId = "call-1", string? roomId = "room-1", bool numbered = true)
{
    private long _seq;

    public string Id => clientId;

    /// <summary>A sample taken at <paramref name="atSec"/> seconds (client clock) holding <paramref name="parts"/>: PCs, tracks, events, issues.</summary>
    public ClientSampleView At(double atSec, params object[] parts) => AtReceived(atSec, null, parts);

    /// <summary>As <see cref="At"/>, received at <paramref name="receivedSec"/> (observer clock) when given.</summary>
    public ClientSampleView AtReceived(double atSec, double? receivedSec, params object[] parts)
    {
        var ts = Samples.Sec(atSec);
        return new ClientSampleView
        {
            Origin = new SampleOrigin("svc", "mu-1", receivedSec is { } r ? Samples.Sec(r) : ts + Samples.Lag),
            SchemaVersion = "2.2",
            ClientId = clientId,
            CallId = callId,
            RoomId = roomId,
            UserId = userId,
            TimestampMs = ts,
            SampleSeq = numbered ? _seq++ : null,
            PeerConnections = [.. parts.OfType<PeerConnectionView>()],
            Tracks = [.. parts.OfType<TrackView>()],
            Events = [.. parts.OfType<ClientEventView>()],
            Issues = [.. parts.OfType<ClientIssueView>()],
        };
    }
}
