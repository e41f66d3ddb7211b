using System.Text.Json;
using ObserveRtc.Core.Json;
using ObserveRtc.Core.Samples;
using static ObserveRtc.Core.Json.CompactJson;

namespace ObserveRtc.Core.Ingest;

/// <summary>
/// An entity signal's input (a call's or an SFU's samples from one batch) in the compact envelope:
/// body <c>[key, [sample…]]</c>, each sample <c>[service, mediaUnit, receivedAt, …its own fields]</c>
/// with receive times as differences from <c>t0</c>, the first sample's receive time. A signal travels
/// through the Durable backend's queue, and a message over its limit (45 KiB on the Azure Storage
/// backend, DurableTask.AzureStorage <c>MessageManager</c>) goes to a compressed blob instead, which
/// costs blob transactions on both ends; the ids a batch's samples repeat are written once.
/// </summary>
/// <typeparam name="TObservation">The signal input.</typeparam>
/// <typeparam name="TSample">Its samples.</typeparam>
public abstract class ObservationJsonConverter<TObservation, TSample> : CompactJsonConverter<TObservation>
    where TObservation : class
{
    /// <summary>
    /// 3: runs of packed ids counted in <c>s</c>. 2: lowercase UUIDs packed in the envelope's <c>u</c>. 1 and 2
    /// are still read (a signal sent before an update).
    /// </summary>
    public override int FormatVersion => 3;

    /// <inheritdoc />
    public override int OldestReadableVersion => 1;

    private protected override int PackedIdsSince => 2;

    private protected override int PackedRunsSince => 3;

    private protected abstract string KeyOf(TObservation observation);
    private protected abstract IReadOnlyList<TSample> SamplesOf(TObservation observation);
    private protected abstract SampleOrigin OriginOf(TSample sample);
    private protected abstract TObservation Create(string key, List<TSample> samples);

    /// <summary>Writes the sample's own fields (after its origin) into the open sample array.</summary>
    private protected abstract void WriteSampleFields(Utf8JsonWriter w, TSample sample, CompactWriter t);

    /// <summary>Reads the sample's own fields (after its origin) and the end of the sample array.</summary>
    private protected abstract TSample ReadSampleFields(ref Utf8JsonReader r, CompactStrings refs, SampleOrigin origin);

    private protected sealed override long BaseTime(TObservation value) =>
        SamplesOf(value) is { Count: > 0 } samples ? OriginOf(samples[0]).ReceivedAtMs : 0;

    private protected sealed override void WriteBody(CompactWriter t, TObservation value)
    {
        var w = t.Writer;
        var t0 = BaseTime(value);
        w.WriteStartArray();
        w.WriteNumberValue(t.Ref(KeyOf(value)));
        w.WriteStartArray();
        foreach (var sample in SamplesOf(value))
        {
            var origin = OriginOf(sample);
            w.WriteStartArray();
            w.WriteNumberValue(t.Ref(origin.ServiceId));
            w.WriteNumberValue(t.Ref(origin.MediaUnitId));
            w.WriteNumberValue(origin.ReceivedAtMs - t0);
            WriteSampleFields(w, sample, t);
            w.WriteEndArray();
        }
        w.WriteEndArray();
        w.WriteEndArray();
    }

    private protected sealed override TObservation ReadBody(ref Utf8JsonReader r, CompactStrings refs, long t0, int version)
    {
        Start(ref r, Subject);
        var key = refs.Required(ref r);
        var samples = new List<TSample>();
        StartNext(ref r, "samples");
        while (Item(ref r)) samples.Add(ReadSample(ref r, refs, t0));
        End(ref r);
        return Create(key, samples);
    }

    private TSample ReadSample(ref Utf8JsonReader r, CompactStrings refs, long t0)
    {
        Start(ref r, "sample");
        var origin = new SampleOrigin(refs.Required(ref r), refs.Required(ref r), NextInt64(ref r) + t0);
        return ReadSampleFields(ref r, refs, origin);
    }
}
