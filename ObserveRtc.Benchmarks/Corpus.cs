using System.Text;
using System.Text.Json;
using ObserveRtc.Core.Ingest;
using ObserveRtc.Core.Samples;

namespace ObserveRtc.Benchmarks;

/// <summary>
/// One recording (ObserveRtc.Tests/Recordings) as a template for copies: its lines with their receive
/// times relative to the first line, and each body cut into literal text and id slots, so a copy with
/// distinct ids is a concatenation (no JSON work, no search).
/// </summary>
public sealed class Template
{
    /// <summary>Properties whose (long enough) string values identify a call's things and must differ per copy.</summary>
    private static readonly HashSet<string> IdProperties = new(StringComparer.Ordinal)
    {
        "clientId", "callId", "roomId", "peerConnectionId", "trackIdentifier", "trackId", "mediaTrackId",
        "remoteClientId", "remotePeerConnectionId", "remoteTrackId", "sfuStreamId", "sfuSinkId",
    };

    private readonly List<Line> _lines = [];
    private readonly string[] _ids;

    private sealed record Line(long RelMs, string ServiceId, string MediaUnitId, string[] Parts, int[] Slots, int Bytes);

    private Template(string name, int parties, string[] ids, long firstReceivedAtMs)
    {
        Name = name;
        Parties = parties;
        _ids = ids;
        FirstReceivedAtMs = firstReceivedAtMs;
    }

    /// <summary>The recording's file name.</summary>
    public string Name { get; }
    /// <summary>Clients in the call.</summary>
    public int Parties { get; }
    /// <summary>The recording's first receive time, epoch ms.</summary>
    public long FirstReceivedAtMs { get; }
    /// <summary>Lines (samples) per copy.</summary>
    public int LineCount => _lines.Count;
    /// <summary>The room id of copy <paramref name="copy"/> (null when the recording has none).</summary>
    public string? RoomOf(int copy) => RoomId is null ? null : Rewrite(RoomId, copy);
    private string? RoomId { get; init; }

    /// <summary>Reads a recording.</summary>
    public static Template Load(string path, int parties)
    {
        var raw = new List<(long ReceivedAt, string Service, string MediaUnit, string Body)>();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        string? room = null;
        foreach (var text in File.ReadLines(path))
        {
            if (string.IsNullOrWhiteSpace(text)) continue;
            using var doc = JsonDocument.Parse(text);
            var root = doc.RootElement;
            var sample = root.GetProperty("sample");
            raw.Add((root.GetProperty("receivedAt").GetInt64(),
                root.TryGetProperty("serviceId", out var s) ? s.GetString()! : "bench",
                root.TryGetProperty("mediaUnitId", out var m) ? m.GetString()! : "browser",
                sample.GetRawText()));
            Collect(sample, null, ids, ref room);
        }
        // Longest first, so an id that contains another is cut out whole.
        var ordered = ids.OrderByDescending(i => i.Length).ThenBy(i => i, StringComparer.Ordinal).ToArray();
        var stems = ordered.Select(i => i[..^8]).ToList();
        if (stems.Distinct(StringComparer.Ordinal).Count() != stems.Count)
            throw new InvalidOperationException($"{path}: two ids differ only in their last 8 characters; copies would collide.");

        var template = new Template(Path.GetFileName(path), parties, ordered, raw[0].ReceivedAt) { RoomId = room };
        foreach (var (receivedAt, service, mediaUnit, body) in raw)
        {
            var (parts, slots) = Cut(body, ordered);
            template._lines.Add(new Line(receivedAt - raw[0].ReceivedAt, service, mediaUnit, parts, slots, Encoding.UTF8.GetByteCount(body)));
        }
        return template;
    }

    private static void Collect(JsonElement e, string? property, HashSet<string> ids, ref string? room)
    {
        switch (e.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var p in e.EnumerateObject()) Collect(p.Value, p.Name, ids, ref room);
                break;
            case JsonValueKind.Array:
                foreach (var item in e.EnumerateArray()) Collect(item, property, ids, ref room);
                break;
            case JsonValueKind.String when property is not null && IdProperties.Contains(property):
                var value = e.GetString()!;
                if (value.Length >= 12 && value != "NULL")
                {
                    ids.Add(value);
                    if (property == "roomId") room = value;
                }
                break;
        }
    }

    private static (string[] Parts, int[] Slots) Cut(string body, string[] ids)
    {
        var hits = new List<(int At, int Id)>();
        var taken = new bool[body.Length];
        for (var i = 0; i < ids.Length; i++)
        {
            for (var at = body.IndexOf(ids[i], StringComparison.Ordinal); at >= 0; at = body.IndexOf(ids[i], at + ids[i].Length, StringComparison.Ordinal))
            {
                if (taken[at]) continue;
                for (var k = at; k < at + ids[i].Length; k++) taken[k] = true;
                hits.Add((at, i));
            }
        }
        hits.Sort((a, b) => a.At.CompareTo(b.At));
        var parts = new List<string>();
        var slots = new List<int>();
        var pos = 0;
        foreach (var (at, id) in hits)
        {
            parts.Add(body[pos..at]);
            slots.Add(id);
            pos = at + ids[id].Length;
        }
        parts.Add(body[pos..]);
        return (parts.ToArray(), slots.ToArray());
    }

    /// <summary>The same length as the original: the last 8 characters become the copy number in hex.</summary>
    private static string Rewrite(string id, int copy) => string.Concat(id.AsSpan(0, id.Length - 8), copy.ToString("x8", System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>
    /// Line <paramref name="index"/> of copy <paramref name="copy"/>: (relative receive time, service, media
    /// unit, UTF-8 body). Each id is rewritten as it is written, so a live copy holds nothing between its
    /// lines (the memory runs measure the pipeline's memory per call, not the corpus's).
    /// </summary>
    public (long RelMs, string ServiceId, string MediaUnitId, byte[] Body) Render(int index, int copy)
    {
        var line = _lines[index];
        var sb = new StringBuilder(line.Bytes + 16);
        for (var i = 0; i < line.Slots.Length; i++)
        {
            sb.Append(line.Parts[i]);
            sb.Append(Rewrite(_ids[line.Slots[i]], copy));
        }
        sb.Append(line.Parts[^1]);
        return (line.RelMs, line.ServiceId, line.MediaUnitId, Encoding.UTF8.GetBytes(sb.ToString()));
    }

    /// <summary>Relative receive time of line <paramref name="index"/>.</summary>
    public long RelMsOf(int index) => _lines[index].RelMs;
}

/// <summary>One event of the scaled corpus.</summary>
/// <param name="Event">The event as ingest takes it.</param>
/// <param name="Call">The copy (call) number, 0…calls-1.</param>
public sealed record ScaledEvent(IngestEvent Event, int Call);

/// <summary>
/// The scaled corpus: <c>calls</c> copies of the recordings (copy k of recording k mod n) with
/// distinct ids (client, call, room, peer connection and track ids; same length, SSRCs kept, which
/// only meet within a call), copy k starting <c>k × spread / calls</c> ms after the first, all
/// interleaved by receive time, so that with a spread shorter than the shortest recording every
/// call is live at once. Generated lazily: nothing but the templates is held.
/// </summary>
public sealed class ScaledCorpus
{
    /// <summary>The recordings used: a 1:1 and a 3-party call, each in schema 2 and schema 3.</summary>
    public static readonly (string File, int Parties)[] Recordings =
    [
        ("p2p-1to1.schema2.jsonl", 2),
        ("p2p-1to1.schema3.jsonl", 2),
        ("mesh-3-late-joiner-leaves-first.schema2.jsonl", 3),
        ("mesh-3-late-joiner-leaves-first.schema3.jsonl", 3),
    ];

    /// <summary>Creates the corpus description.</summary>
    public ScaledCorpus(int calls, long spreadMs = 5_000)
    {
        Templates = Recordings.Select(r => Template.Load(Path.Combine(AppContext.BaseDirectory, "Recordings", r.File), r.Parties)).ToArray();
        Calls = calls;
        SpreadMs = spreadMs;
        // One common clock: the latest recording's start, so no sample is ahead of its receive time.
        StartMs = Templates.Max(t => t.FirstReceivedAtMs);
    }

    /// <summary>The templates.</summary>
    public IReadOnlyList<Template> Templates { get; }
    /// <summary>Calls (copies).</summary>
    public int Calls { get; }
    /// <summary>Over how long the copies start.</summary>
    public long SpreadMs { get; }
    /// <summary>The first receive time, epoch ms.</summary>
    public long StartMs { get; }

    /// <summary>The template of call <paramref name="call"/>.</summary>
    public Template TemplateOf(int call) => Templates[call % Templates.Count];

    /// <summary>When call <paramref name="call"/> starts, epoch ms.</summary>
    public long StartOf(int call) => StartMs + (Calls <= 1 ? 0 : call * SpreadMs / Calls);

    /// <summary>Every event, in receive-time order.</summary>
    public IEnumerable<ScaledEvent> Events()
    {
        var queue = new PriorityQueue<(int Call, int Line), (long Due, int Call)>();
        for (var c = 0; c < Calls; c++) queue.Enqueue((c, 0), (StartOf(c), c));
        while (queue.TryDequeue(out var next, out var due))
        {
            var template = TemplateOf(next.Call);
            var (_, service, mediaUnit, body) = template.Render(next.Line, next.Call);
            var origin = new SampleOrigin(service, mediaUnit, due.Due);
            yield return new ScaledEvent(new IngestEvent(body, new DecodeContext(origin), $"{next.Call}:{next.Line}"), next.Call);
            if (next.Line + 1 < template.LineCount)
                queue.Enqueue((next.Call, next.Line + 1), (StartOf(next.Call) + template.RelMsOf(next.Line + 1), next.Call));
        }
    }

    /// <summary>Every event in Event Hubs-like batches of <paramref name="size"/> consecutive events.</summary>
    public IEnumerable<List<ScaledEvent>> Batches(int size)
    {
        var batch = new List<ScaledEvent>(size);
        foreach (var e in Events())
        {
            batch.Add(e);
            if (batch.Count == size)
            {
                yield return batch;
                batch = new List<ScaledEvent>(size);
            }
        }
        if (batch.Count > 0) yield return batch;
    }
}
