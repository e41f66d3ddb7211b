using System.Text.Json;
using BenchmarkDotNet.Attributes;
using ObserveRtc.Core.Ingest;
using ObserveRtc.Core.Samples;

namespace ObserveRtc.Benchmarks;

/// <summary>
/// BenchmarkDotNet over the scaled corpus (<see cref="Calls"/> concurrent calls), per sample
/// (<c>OperationsPerInvoke</c> = samples): the <c>JsonDocument.Parse</c> floor on the same bytes
/// (baseline), the decoder alone, and the whole pipeline without I/O. Ratio column = time / floor
/// time (so throughput ratio = 1 / Ratio). Run:
/// <c>dotnet run -c Release --project ObserveRtc.Benchmarks -- --filter *PipelineBenchmarks*</c>.
/// </summary>
[MemoryDiagnoser]
public class PipelineBenchmarks
{
    private const int Samples = 4_125; // samples of 100 calls (25 copies of each of the 4 recordings)
    private List<List<IngestEvent>> _batches = [];
    private List<IngestEvent> _events = [];
    private readonly SampleDecoder _decoder = new();

    /// <summary>Concurrent calls in the corpus.</summary>
    public int Calls { get; set; } = 100;

    [GlobalSetup]
    public void Setup()
    {
        _batches = new ScaledCorpus(Calls).Batches(100).Select(b => b.ConvertAll(e => e.Event)).ToList();
        _events = _batches.SelectMany(b => b).ToList();
        if (_events.Count != Samples) throw new InvalidOperationException($"the corpus has {_events.Count} samples; update {nameof(Samples)}");
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Samples)]
    public void JsonDocumentParse()
    {
        foreach (var e in _events)
        {
            using var doc = JsonDocument.Parse(e.Body);
        }
    }

    [Benchmark(OperationsPerInvoke = Samples)]
    public int Decode()
    {
        var n = 0;
        foreach (var e in _events) n += _decoder.Decode(e.Body.Span, e.Context).ClientSamples.Count;
        return n;
    }

    [Benchmark(OperationsPerInvoke = Samples)]
    public async Task<long> Pipeline()
    {
        using var h = new Harness(countCost: false);
        foreach (var batch in _batches) await h.IngestAsync(batch);
        await h.Pipeline.DrainAsync();
        return h.Counters.AcceptedSamples;
    }
}
