using System.Buffers;
using System.Text.Json;
using ObserveRtc.Core.Storage;

namespace ObserveRtc.Local.Storage;

/// <summary>
/// <see cref="IRejectedSampleStore"/> on a JSON-lines file (<c>rejected.jsonl</c>): one rejection per
/// line with its reason, detail, source (replay file and line) and the first bytes of the body.
/// </summary>
internal sealed class JsonLinesRejectedSampleStore(string path, FileClaim? claim = null) : IRejectedSampleStore, IDisposable
{
    private readonly JsonLinesFile<RejectedSample> _file = new(path, r => r.Id, Encode, claim);

    public string Path => _file.Path;

    public long Lines => _file.Lines;

    public Task<WriteResult<RejectedSample>> WriteAsync(IReadOnlyList<RejectedSample> rejections, CancellationToken cancellationToken = default) =>
        Task.FromResult(_file.Write(rejections));

    public IAsyncEnumerable<RejectedSample> GetAsync(string serviceId, long fromMs, long toMs, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException($"The JSON-lines rejected-sample store ({Path}) is write-only.");

    private static byte[] Encode(RejectedSample r)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var w = new Utf8JsonWriter(buffer, JsonReplies.Options))
        {
            w.WriteStartObject();
            w.WriteString("id", r.Id);
            w.WriteString("reason", r.Rejection.Reason);
            w.WriteString("detail", r.Rejection.Detail);
            w.WriteString("serviceId", r.ServiceId);
            w.WriteString("mediaUnitId", r.MediaUnitId);
            w.WriteNumber("receivedAt", r.ReceivedAtMs);
            w.WriteString("sourceId", r.SourceId);
            w.WriteString("clientId", r.Rejection.ClientId);
            w.WriteString("sampleIndex", r.Rejection.SampleIndex);
            w.WriteString("bodyPrefix", r.Rejection.BodyPrefix);
            w.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }

    public void Dispose() => _file.Dispose();
}
