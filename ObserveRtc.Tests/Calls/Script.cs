using System.Text.Json;
using ObserveRtc.Core.Calls;
using ObserveRtc.Core.Reports;
using ObserveRtc.Core.Samples;

namespace ObserveRtc.Tests.Calls;

/// <summary>
/// A scenario: batches of samples and ticks at given observer times. <see cref="Play"/> runs it twice,
/// once with the state round-tripped through JSON (as a Durable entity stores it) between every step,
/// and asserts both runs give the same events, so every scenario also tests state persistence.
/// </summary>
internal sealed class Script
{
    private static readonly JsonSerializerOptions EntityJson = ObserveRtc.Core.Pipeline.ObserverPipeline.EntityJson; // the Functions worker's options, as the pipeline uses them
    private readonly List<(long NowMs, ClientSampleView[]? Samples)> _steps = [];

    public string CallId { get; init; } = "call-1";
    public CallTrackerOptions Options { get; init; } = new();

    /// <summary>A batch received at <paramref name="nowSec"/>.</summary>
    public Script Feed(double nowSec, params ClientSampleView[] samples)
    {
        _steps.Add((Samples.Sec(nowSec), samples));
        return this;
    }

    /// <summary>Each sample as its own batch, observed at its receive time.</summary>
    public Script FeedEach(params ClientSampleView[] samples)
    {
        foreach (var s in samples) _steps.Add((s.Origin.ReceivedAtMs, [s]));
        return this;
    }

    /// <summary>A tick at <paramref name="nowSec"/>.</summary>
    public Script Tick(double nowSec)
    {
        _steps.Add((Samples.Sec(nowSec), null));
        return this;
    }

    public Outcome Play()
    {
        var plain = Run(roundTrip: false);
        var persisted = Run(roundTrip: true);
        Assert.Equal(Describe(plain.Events), Describe(persisted.Events));
        Assert.Equal(JsonSerializer.Serialize(plain.State), JsonSerializer.Serialize(persisted.State));
        return plain;
    }

    /// <summary>Runs the steps, then keeps ticking at each next deadline (at most <paramref name="drainTicks"/> times) when <paramref name="drain"/>.</summary>
    public Outcome Run(bool roundTrip, bool drain = true, int drainTicks = 100)
    {
        var tracker = new CallTracker(Options);
        CallState? state = null;
        var outcome = new Outcome();
        void Take(CallTrackerResult r)
        {
            state = r.State;
            outcome.Events.AddRange(r.Events);
            outcome.Results.Add(r);
        }
        foreach (var (now, samples) in _steps)
        {
            if (roundTrip && state is not null) state = JsonSerializer.Deserialize<CallState>(JsonSerializer.Serialize(state, EntityJson), EntityJson);
            Take(samples is null ? tracker.Tick(state ?? new CallState { CallId = CallId }, now) : tracker.Observe(state, CallId, samples, now));
        }
        while (drain && drainTicks-- > 0 && outcome.Results.Count > 0 && outcome.Results[^1].NextDeadlineMs is { } next)
        {
            if (roundTrip) state = JsonSerializer.Deserialize<CallState>(JsonSerializer.Serialize(state, EntityJson), EntityJson);
            Take(tracker.Tick(state!, next));
        }
        outcome.State = state;
        return outcome;
    }

    /// <summary>Every report as its id and envelope JSON, for exact comparison.</summary>
    public static List<string> Describe(IEnumerable<Report> reports) =>
        [.. reports.Select(r => r.Id + " " + System.Text.Encoding.UTF8.GetString(ReportJson.ToUtf8(r)))];
}

/// <summary>What a scenario produced.</summary>
internal sealed class Outcome
{
    public List<Report> Events { get; } = [];
    public List<CallTrackerResult> Results { get; } = [];
    public CallState? State { get; set; }

    public IEnumerable<CallEventReport> CallEvents => Events.Select(e => e.Payload).OfType<CallEventReport>();

    /// <summary>Lifecycle events as "NAME client pc track" lines (custom events and issues included by name).</summary>
    public List<string> Lines => [.. CallEvents.Select(Line)];

    public static string Line(CallEventReport e) =>
        string.Join(' ', new[] { e.Name, e.ClientId, e.PeerConnectionId, e.MediaTrackId }.Where(x => x is not null));

    public CallEventReport Single(string name, string? clientId = null, string? trackId = null, string? pcId = null) =>
        Assert.Single(CallEvents, e => e.Name == name && (clientId is null || e.ClientId == clientId)
            && (trackId is null || e.MediaTrackId == trackId) && (pcId is null || e.PeerConnectionId == pcId));

    public List<CallEventReport> All(string name) => [.. CallEvents.Where(e => e.Name == name)];

    public CallSummaryReport Summary => Assert.IsType<CallSummaryReport>(Assert.Single(Events, e => e.Type == ReportTypes.CallSummary).Payload);

    public static JsonElement Attachments(CallEventReport e) => JsonDocument.Parse(e.Attachments!).RootElement;
}
