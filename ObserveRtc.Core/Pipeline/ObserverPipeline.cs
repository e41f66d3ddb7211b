using System.Text.Json;
using ObserveRtc.Core.Entities;
using ObserveRtc.Core.Ingest;
using ObserveRtc.Core.Reports;
using ObserveRtc.Core.Storage;

namespace ObserveRtc.Core.Pipeline;

/// <summary>
/// The whole observer in one process, as the local host and the replay run it: the same ingest stage,
/// the same entity logic (one entity per call and per SFU, its state kept as JSON between operations
/// exactly as a Durable entity's is), one timer per entity, and the same sinks. Time is passed in, so
/// a replay runs on a virtual clock and a live host on the wall clock. Operations are serialized
/// (one at a time), as a Durable entity's are.
/// </summary>
public sealed class ObserverPipeline : IDisposable
{
    /// <summary>The JSON the Functions worker uses for entity state: reflection, case-insensitive, no naming policy.</summary>
    internal static readonly JsonSerializerOptions EntityJson = new() { PropertyNameCaseInsensitive = true };

    private readonly IngestStage _ingest;
    private readonly CallEntityLogic _calls;
    private readonly SfuEntityLogic _sfus;
    private readonly ReportDispatcher _dispatcher;
    private readonly IRejectedSampleStore? _rejected;
    private readonly Action<string>? _log;
    private readonly SemaphoreSlim _gate = new(1, 1);
    // Entity states as the UTF-8 JSON a Durable entity stores (half the memory of a UTF-16 string, no transcoding).
    private readonly Dictionary<string, byte[]> _callStates = new(StringComparer.Ordinal);
    private readonly Dictionary<string, byte[]> _sfuStates = new(StringComparer.Ordinal);
    private readonly PriorityQueue<(bool Sfu, string Id, string Token), long> _timers = new();
    private readonly List<Report> _pendingSampleReports = [];
    private readonly List<RejectedSample> _pendingRejected = [];
    private long _clockMs;

    /// <summary>
    /// Creates the pipeline. <paramref name="log"/> receives one line per notable thing (failures, drops).
    /// Pass <paramref name="counters"/> to share them with <see cref="CostCountingReportStore"/> and
    /// <see cref="CostCountingEventPublisher"/> around the dispatcher's sinks (Azure cost counts).
    /// </summary>
    public ObserverPipeline(IngestStage ingest, CallEntityLogic calls, SfuEntityLogic sfus, ReportDispatcher dispatcher,
        IRejectedSampleStore? rejected, Action<string>? log = null, PipelineCounters? counters = null)
    {
        Counters = counters ?? new PipelineCounters();
        _ingest = ingest;
        _calls = calls;
        _sfus = sfus;
        _dispatcher = dispatcher;
        _rejected = rejected;
        _log = log;
        _dispatcher.Delivered += CountDelivered;
    }

    /// <summary>What the pipeline has done so far.</summary>
    public PipelineCounters Counters { get; }

    /// <summary>The pipeline's clock (the latest time passed in), epoch ms.</summary>
    public long ClockMs => _clockMs;

    /// <summary>Entities (calls and SFUs) whose state is held.</summary>
    public int LiveEntities => _callStates.Count + _sfuStates.Count;

    /// <summary>Pending timer signals (live and stale).</summary>
    public int PendingTimers => _timers.Count;

    /// <summary>Serialized size of each call entity's state, in bytes.</summary>
    public IReadOnlyDictionary<string, int> CallStateSizes => _callStates.ToDictionary(kv => kv.Key, kv => kv.Value.Length);

    /// <summary>A call entity's state as stored (UTF-8 JSON), or null when the call has none.</summary>
    internal byte[]? CallStateOf(string callId) => _callStates.GetValueOrDefault(callId);

    /// <summary>
    /// Ingests one batch received at <paramref name="nowMs"/>: timers due before it fire first. Returns
    /// what the ingest stage made of the batch (accepted samples, rejections), e.g. for an HTTP reply.
    /// </summary>
    public async Task<IngestResult> IngestAsync(IReadOnlyList<IngestEvent> events, long nowMs, CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            await FireTimersAsync(nowMs, cancellationToken);
            Tick(nowMs);
            var result = await _ingest.IngestAsync(events, cancellationToken);
            Counters.Batches++;
            Counters.Bodies += events.Count;
            Counters.AcceptedSamples += result.AcceptedSamples;
            foreach (var r in result.Rejected) PipelineCounters.Add(Counters.RejectedByReason, r.Rejection.Reason);
            Counters.RejectedSamples += result.Rejected.Count;
            _pendingSampleReports.AddRange(result.SampleReports);
            _pendingRejected.AddRange(result.Rejected);
            await FlushSampleOutputsAsync(cancellationToken);

            var signalled = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var call in result.Calls)
            {
                Counters.ObservationSignals++;
                CountSignal(signalled, call.CallId);
                if (Counters.KeepDistinctIds)
                {
                    Counters.Calls.Add(call.CallId);
                    foreach (var s in call.Samples) Counters.Clients.Add(s.ClientId);
                }
                var state = Load<CallEntityState>(_callStates, call.CallId);
                Save(_callStates, call.CallId, await _calls.ObserveAsync(state, RoundTrip(call), _clockMs, cancellationToken), false);
            }
            foreach (var sfu in result.Sfus)
            {
                Counters.ObservationSignals++;
                CountSignal(signalled, "sfu:" + sfu.SfuId);
                var state = Load<SfuEntityState>(_sfuStates, sfu.SfuId);
                Save(_sfuStates, sfu.SfuId, await _sfus.ObserveAsync(state, RoundTrip(sfu), _clockMs, cancellationToken), true);
            }
            return result;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Moves the clock to <paramref name="nowMs"/>, firing every timer due by then, in due order.</summary>
    public async Task AdvanceAsync(long nowMs, CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            await FireTimersAsync(nowMs, cancellationToken);
            Tick(nowMs);
            await FlushSampleOutputsAsync(cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Runs the clock forward until no timer is left (every call ends and is delivered, every state
    /// let go), or until <paramref name="maxMs"/>. Returns the clock at the end.
    /// </summary>
    public async Task<long> DrainAsync(long maxMs = long.MaxValue, CancellationToken cancellationToken = default)
    {
        while (true)
        {
            long due;
            await _gate.WaitAsync(cancellationToken);
            try
            {
                if (!_timers.TryPeek(out _, out due) || due > maxMs) return _clockMs;
            }
            finally
            {
                _gate.Release();
            }
            await AdvanceAsync(due, cancellationToken);
        }
    }

    private void CountSignal(Dictionary<string, int> signalled, string entity)
    {
        var n = signalled[entity] = signalled.GetValueOrDefault(entity) + 1;
        if (n > Counters.MaxSignalsPerEntityPerBatch) Counters.MaxSignalsPerEntityPerBatch = n;
    }

    private void Tick(long nowMs)
    {
        if (nowMs > _clockMs) _clockMs = nowMs;
    }

    private async Task FireTimersAsync(long nowMs, CancellationToken cancellationToken)
    {
        while (_timers.TryPeek(out var timer, out var due) && due <= nowMs)
        {
            _timers.Dequeue();
            Tick(due);
            if (timer.Sfu)
            {
                var step = await _sfus.TickAsync(Load<SfuEntityState>(_sfuStates, timer.Id), timer.Token, _clockMs, cancellationToken);
                if (step.StaleSignal) Counters.StaleSignals++;
                Save(_sfuStates, timer.Id, step, true);
            }
            else
            {
                var step = await _calls.TickAsync(Load<CallEntityState>(_callStates, timer.Id), timer.Token, _clockMs, cancellationToken);
                if (step.StaleSignal) Counters.StaleSignals++;
                Save(_callStates, timer.Id, step, false);
            }
        }
    }

    /// <summary>Most sample reports kept for a retry while the store is down, 20,000 (the oldest go first, counted as dropped).</summary>
    internal int MaxPendingSampleReports { get; set; } = 20_000;

    /// <summary>Most rejected samples kept for a retry while their store is down, 5,000 (the oldest go first, counted).</summary>
    internal int MaxPendingRejected { get; set; } = 5_000;

    /// <summary>Sample reports waiting for a retry (the store was down).</summary>
    public int PendingSampleReports => _pendingSampleReports.Count;

    /// <summary>Rejected samples waiting for a retry (their store was down).</summary>
    public int PendingRejectedSamples => _pendingRejected.Count;

    private async Task FlushSampleOutputsAsync(CancellationToken cancellationToken)
    {
        if (_pendingSampleReports.Count > 0)
        {
            Counters.DroppedReports += await RetryAsync(_pendingSampleReports, _dispatcher.DispatchAsync, MaxPendingSampleReports, "sample report", cancellationToken);
            if (_pendingSampleReports.Count > 0) Counters.DeliveryRetries++;
        }
        if (_rejected is null)
        {
            _pendingRejected.Clear();
        }
        else if (_pendingRejected.Count > 0)
        {
            Counters.DroppedRejectedSamples += await RetryAsync(_pendingRejected, _rejected.WriteAsync, MaxPendingRejected, "rejected sample", cancellationToken);
        }
    }

    /// <summary>
    /// Writes what is pending and keeps what failed and can be retried: at most <paramref name="max"/>,
    /// the newest, so a store down for long bounds memory and each retry. Returns how many were given
    /// up (refused, or over the cap).
    /// </summary>
    private async Task<long> RetryAsync<T>(List<T> pending, Func<IReadOnlyList<T>, CancellationToken, Task<WriteResult<T>>> write,
        int max, string what, CancellationToken cancellationToken)
    {
        var batch = pending.ToList();
        WriteResult<T> result;
        try
        {
            result = await write(batch, cancellationToken);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            // A sink that throws (a timeout surfaced as an exception) failed the whole write: everything
            // stays for the next retry. (The list was emptied before the write, and a throw lost it.)
            result = new WriteResult<T>(0, batch.ConvertAll(item => new WriteFailure<T>(item, WriteErrors.Describe(e), Retryable: true)));
        }
        pending.Clear();
        long dropped = 0;
        foreach (var f in result.Failures)
        {
            if (f.Retryable) pending.Add(f.Item);
            else dropped++;
        }
        if (result.Failures.Count > 0) _log?.Invoke($"{result.Failures.Count} {what}(s) not delivered: {result.Failures[0].Error}");
        var over = pending.Count - max;
        if (over > 0)
        {
            pending.RemoveRange(0, over);
            dropped += over;
            _log?.Invoke($"{over} {what}(s) DROPPED: more than {max} were waiting for the store");
        }
        return dropped;
    }

    private static T? Load<T>(Dictionary<string, byte[]> states, string id)
        where T : class => states.TryGetValue(id, out var json) ? JsonSerializer.Deserialize<T>(json, EntityJson) : null;

    /// <summary>An entity signal's input travels as JSON, as it does between the trigger and the entity; its size is counted.</summary>
    private T RoundTrip<T>(T input)
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(input, EntityJson);
        Counters.SignalInputBytes += json.Length;
        Counters.LargestSignalInputBytes = Math.Max(Counters.LargestSignalInputBytes, json.Length);
        if (json.Length > PipelineCounters.LargeSignalInputBytes) Counters.LargeSignalInputs++;
        return JsonSerializer.Deserialize<T>(json, EntityJson)!;
    }

    private void Save<T>(Dictionary<string, byte[]> states, string id, EntityStep<T> step, bool sfu)
        where T : OutboxState
    {
        Counters.DroppedReports += step.Dropped;
        if (step.LeftForRetry) Counters.DeliveryRetries++;
        foreach (var error in step.Errors) _log?.Invoke($"{(sfu ? "sfu" : "call")} {id}: {error}");
        if (step.State is null)
        {
            states.Remove(id);
        }
        else
        {
            var json = JsonSerializer.SerializeToUtf8Bytes(step.State, EntityJson);
            Counters.LargestStateBytes = Math.Max(Counters.LargestStateBytes, json.Length);
            states[id] = json;
        }
        if (step.Timer is { } timer)
        {
            Counters.TimerSignals++;
            _timers.Enqueue((sfu, id, timer.Token), timer.DueMs);
        }
    }

    private void CountDelivered(IReadOnlyList<Report> reports)
    {
        foreach (var report in reports)
        {
            PipelineCounters.Add(Counters.ReportsByType, report.Type);
            if (report.Payload is CallEventReport { Name: { } name }) PipelineCounters.Add(Counters.EventsByName, name);
            else if (report.Payload is SfuEventReport { Name: { } sfuName }) PipelineCounters.Add(Counters.EventsByName, sfuName);
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _dispatcher.Delivered -= CountDelivered;
        _gate.Dispose();
    }
}
