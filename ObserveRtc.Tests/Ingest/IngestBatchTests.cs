using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using ObserveRtc.Core.Calls;
using ObserveRtc.Core.Entities;
using ObserveRtc.Core.Ingest;
using ObserveRtc.Core.Options;
using ObserveRtc.Core.Reports;
using ObserveRtc.Core.Samples;
using ObserveRtc.Core.Storage;
using ObserveRtc.Tests.Pipeline;

namespace ObserveRtc.Tests.Ingest;

/// <summary>One Event Hubs batch as the trigger runs it: ingest once, write, then one signal per call and per SFU.</summary>
public class IngestBatchTests
{
    private const long Now = 1_756_000_100_000;

    private sealed class FakeRejectedStore : IRejectedSampleStore
    {
        public List<RejectedSample> Written { get; } = [];
        public bool Throws { get; set; }

        public Task<WriteResult<RejectedSample>> WriteAsync(IReadOnlyList<RejectedSample> rejections, CancellationToken cancellationToken = default)
        {
            if (Throws) throw new InvalidOperationException("rejected store broken");
            Written.AddRange(rejections);
            return Task.FromResult(new WriteResult<RejectedSample>(rejections.Count, []));
        }

        public async IAsyncEnumerable<RejectedSample> GetAsync(string serviceId, long fromMs, long toMs, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            await Task.CompletedTask;
            yield break;
        }
    }

    private readonly FakeReportStore _store = new();
    private readonly FakeRejectedStore _rejected = new();
    private readonly List<EntitySignal> _signals = [];
    private readonly IngestBatch _batch;

    public IngestBatchTests()
    {
        var dispatcher = new ReportDispatcher(_store, null, new ReportSinkOptions());
        _batch = new IngestBatch(new IngestStage(new SampleDecoder(), new CallIdentityResolver(new InMemoryRoomRegistry())), dispatcher, _rejected);
    }

    private static IngestEvent Event(string body, int n) =>
        new(Encoding.UTF8.GetBytes(body), new DecodeContext(new SampleOrigin("svc", "mu", Now + n)), $"0:{n}");

    /// <summary>A real schema 2.2 envelope with stats (so it yields sample reports).</summary>
    private static readonly string Alice = Encoding.UTF8.GetString(Fixture.Bytes("schema2.2-samples-client-alice-join-seq0.json"));

    private static string Client(string clientId, string callId, long ts) =>
        $$"""{"clientId":"{{clientId}}","callId":"{{callId}}","timestamp":{{ts}}}""";

    private Task Record(EntitySignal signal, CancellationToken cancellationToken)
    {
        _signals.Add(signal);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task ManyEventsOfOneCall_GiveOneSignal_WithEverySampleInArrivalOrder()
    {
        var events = Enumerable.Range(0, 10).Select(i => Event(Client(i % 2 == 0 ? "alice" : "bob", "call-1", 1_756_000_000_000 + i), i)).ToList();

        var outcome = await _batch.RunAsync(events, Record);

        var signal = Assert.Single(_signals);
        Assert.Equal(EntityKind.Call, signal.Kind);
        Assert.Equal("call-1", signal.Key);
        Assert.Equal(CallEntityOperations.Observe, signal.Operation);
        var observation = Assert.IsType<CallObservation>(signal.Input);
        Assert.Equal(Enumerable.Range(0, 10).Select(i => 1_756_000_000_000L + i), observation.Samples.Select(s => s.TimestampMs));
        Assert.Equal(10, outcome.AcceptedSamples);
        Assert.Equal(1, outcome.Signals);
        Assert.Empty(outcome.Errors);
    }

    [Fact]
    public async Task TwoCallsAndAnSfu_GiveOneSignalEach()
    {
        var sfu = Encoding.UTF8.GetString(Fixture.Bytes("schema2.2-samples-sfu-mediasoup.json"));
        var events = new[] { Event(Client("a", "call-1", 1_756_000_000_000), 0), Event(Client("b", "call-2", 1_756_000_000_000), 1), Event(Client("c", "call-1", 1_756_000_000_001), 2), Event(sfu, 3) };

        await _batch.RunAsync(events, Record);

        Assert.Equal(["call-1", "call-2"], _signals.Where(s => s.Kind == EntityKind.Call).Select(s => s.Key).Order());
        Assert.Contains(_signals, s => s.Kind == EntityKind.Sfu && s.Operation == SfuEntityOperations.Observe && s.Input is SfuObservation);
    }

    [Fact]
    public async Task SampleReportsAreWrittenBeforeSignals_AndRejectionsKept()
    {
        var events = new[] { Event(Alice, 0), Event("not json", 1) };
        var reportsAtFirstSignal = -1;

        var outcome = await _batch.RunAsync(events, (s, ct) =>
        {
            reportsAtFirstSignal = reportsAtFirstSignal < 0 ? _store.Reports.Count : reportsAtFirstSignal;
            return Task.CompletedTask;
        });

        Assert.True(reportsAtFirstSignal > 0);
        var rejection = Assert.Single(_rejected.Written);
        Assert.Equal(RejectReasons.MalformedJson, rejection.Rejection.Reason);
        Assert.Equal("0:1", rejection.SourceId);
        Assert.Equal(1, outcome.Rejected);
        Assert.Equal(0, outcome.RejectedNotStored);
    }

    [Fact]
    public async Task AFailingSignal_DoesNotStopTheOthers()
    {
        var events = new[] { Event(Client("a", "call-1", 1_756_000_000_000), 0), Event(Client("b", "call-2", 1_756_000_000_000), 1) };

        var outcome = await _batch.RunAsync(events, (s, ct) =>
            s.Key == "call-1" ? throw new InvalidOperationException("host unreachable") : Record(s, ct));

        Assert.Equal("call-2", Assert.Single(_signals).Key);
        Assert.Equal(1, outcome.SignalsFailed);
        Assert.Contains(outcome.Errors, e => e.Contains("call-1", StringComparison.Ordinal) && e.Contains("host unreachable", StringComparison.Ordinal));
    }

    [Fact]
    public async Task StoresDown_StillSignal_AndSayWhatWasNotWritten()
    {
        _store.Down = true;
        _rejected.Throws = true;
        var events = new[] { Event(Alice, 0), Event("{", 1) };

        var outcome = await _batch.RunAsync(events, Record);

        Assert.Single(_signals);
        Assert.True(outcome.SampleReportsFailed > 0);
        Assert.Equal(1, outcome.RejectedNotStored);
        Assert.Equal(2, outcome.Errors.Count);
    }

    [Fact]
    public async Task Cancellation_Throws()
    {
        using var cts = new CancellationTokenSource();
        var events = new[] { Event(Client("a", "call-1", 1_756_000_000_000), 0) };

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _batch.RunAsync(events, (s, ct) =>
        {
            cts.Cancel();
            ct.ThrowIfCancellationRequested();
            return Task.CompletedTask;
        }, cts.Token));
    }

    [Fact]
    public async Task ALongCallId_IsSignalledUnderItsShortenedKey_WithTheRealIdInTheInput()
    {
        var callId = new string('x', 120);

        await _batch.RunAsync([Event(Client("a", callId, 1_756_000_000_000), 0)], Record);

        var signal = Assert.Single(_signals);
        Assert.Equal(EntityKeys.For(callId), signal.Key);
        Assert.Equal(callId, Assert.IsType<CallObservation>(signal.Input).CallId);
    }

    [Fact]
    public async Task SignalInputs_SurviveTheWorkersJson_SerializedAsObject()
    {
        // The trigger hands the input to SignalEntityAsync as object; the worker's serializer (System.Text.Json,
        // case-insensitive, no naming policy) writes its runtime type and the entity reads its parameter type.
        var json = new JsonSerializerOptions { PropertyNameCaseInsensitive = true };
        await _batch.RunAsync([Event(Alice, 0), Event(Client("b", "call-2", 1_756_000_000_000), 1)], Record);

        foreach (var signal in _signals.Where(s => s.Kind == EntityKind.Call))
        {
            var sent = (CallObservation)signal.Input;
            var received = JsonSerializer.Deserialize<CallObservation>(JsonSerializer.Serialize<object>(signal.Input, json), json)!;

            Assert.Equal(sent.CallId, received.CallId);
            Assert.Equal(sent.Samples.Select(x => (x.ClientId, x.TimestampMs, x.Origin)), received.Samples.Select(x => (x.ClientId, x.TimestampMs, x.Origin)));
        }
    }
}
