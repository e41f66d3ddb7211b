using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using ObserveRtc.Core.Reports;
using ObserveRtc.Core.Samples;

namespace ObserveRtc.Tests.Samples;

/// <summary>Every sample real browsers sent decodes, and its reports carry the stats it holds.</summary>
public class RecordingDecodeTests
{
    private static readonly SampleDecoder Decoder = new();

    public static TheoryData<string> Files() => new(Recording.Files().Select(Path.GetFileName)!);

    private static HashSet<string> FieldsOf(JsonTypeInfo info) => info.Properties.Select(p => p.Name).ToHashSet(StringComparer.Ordinal);

    [Theory]
    [MemberData(nameof(Files))]
    public void EverySample_Decodes_AndItsReportsCarryItsStats(string file)
    {
        var samples = 0;
        var checkedFields = 0;
        foreach (var (line, context) in Recording.Lines(Recording.PathOf(file)))
        {
            var decoded = Decoder.Decode(line.Body.Span, context);
            Assert.Empty(decoded.Rejections);
            var sample = Assert.Single(decoded.ClientSamples);
            samples++;
            var reports = SampleReportBuilder.ForClient(sample, "call-under-test");
            using var raw = JsonDocument.Parse(line.Body);
            checkedFields += file.Contains(".schema2.", StringComparison.Ordinal)
                ? CheckSchema2(raw.RootElement, reports)
                : CheckSchema3(raw.RootElement, reports);
        }
        Assert.True(samples > 10, $"{file}: {samples} samples");
        Assert.True(checkedFields > samples * 10, $"{file}: only {checkedFields} fields checked");
    }

    private static int CheckSchema2(JsonElement sample, List<Report> reports)
    {
        var n = 0;
        n += Rows(sample, "inboundAudioTracks", ReportTypes.InboundAudioTrack, ReportJsonContext.Default.InboundAudioTrackReport, "ssrc", reports);
        n += Rows(sample, "inboundVideoTracks", ReportTypes.InboundVideoTrack, ReportJsonContext.Default.InboundVideoTrackReport, "ssrc", reports);
        n += Rows(sample, "outboundAudioTracks", ReportTypes.OutboundAudioTrack, ReportJsonContext.Default.OutboundAudioTrackReport, "ssrc", reports);
        n += Rows(sample, "outboundVideoTracks", ReportTypes.OutboundVideoTrack, ReportJsonContext.Default.OutboundVideoTrackReport, "ssrc", reports);
        n += Rows(sample, "pcTransports", ReportTypes.PeerConnectionTransport, ReportJsonContext.Default.PeerConnectionTransportReport, "transportId", reports);
        n += Rows(sample, "iceCandidatePairs", ReportTypes.IceCandidatePair, ReportJsonContext.Default.IceCandidatePairReport, "candidatePairId", reports);
        return n;
    }

    private static int CheckSchema3(JsonElement sample, List<Report> reports)
    {
        var n = 0;
        if (!sample.TryGetProperty("peerConnections", out var pcs)) return 0;
        foreach (var pc in pcs.EnumerateArray())
        {
            n += Stats(pc, "inboundRtps", r => r.GetProperty("kind").GetString() == "video" ? ReportTypes.InboundVideoTrack : ReportTypes.InboundAudioTrack, "ssrc", "ssrc", reports);
            n += Stats(pc, "outboundRtps", r => r.GetProperty("kind").GetString() == "video" ? ReportTypes.OutboundVideoTrack : ReportTypes.OutboundAudioTrack, "ssrc", "ssrc", reports);
            n += Stats(pc, "iceTransports", _ => ReportTypes.PeerConnectionTransport, "id", "transportId", reports);
            n += Stats(pc, "iceCandidatePairs", _ => ReportTypes.IceCandidatePair, "id", "candidatePairId", reports);
        }
        return n;
    }

    /// <summary>Schema 2.2 rows: every field the report schema has is carried with the same value.</summary>
    private static int Rows(JsonElement sample, string list, string type, JsonTypeInfo info, string key, List<Report> reports)
    {
        if (!sample.TryGetProperty(list, out var rows)) return 0;
        var fields = FieldsOf(info);
        var n = 0;
        foreach (var row in rows.EnumerateArray())
        {
            var payload = Find(reports, type, key, row.GetProperty(key), row.GetProperty("peerConnectionId").GetString());
            foreach (var f in row.EnumerateObject())
            {
                if (!fields.Contains(f.Name)) continue; // outside the schema: not a report field
                AssertSame(f, payload, type);
                n++;
            }
        }
        return n;
    }

    /// <summary>Schema 3 W3C stats: every field whose name the report schema shares is carried.</summary>
    private static int Stats(JsonElement pc, string list, Func<JsonElement, string> typeOf, string key, string reportKey, List<Report> reports)
    {
        if (!pc.TryGetProperty(list, out var rows)) return 0;
        var n = 0;
        foreach (var row in rows.EnumerateArray())
        {
            var type = typeOf(row);
            var payload = Find(reports, type, reportKey, row.GetProperty(key), pc.GetProperty("peerConnectionId").GetString());
            foreach (var f in row.EnumerateObject())
            {
                if (f.Name is "id" or "timestamp" or "kind" or "attachments" || !payload.TryGetProperty(f.Name, out _) && !SchemaHas(type, f.Name)) continue;
                AssertSame(f, payload, type);
                n++;
            }
        }
        return n;
    }

    private static bool SchemaHas(string type, string field) => FieldsOf(type switch
    {
        ReportTypes.InboundAudioTrack => ReportJsonContext.Default.InboundAudioTrackReport,
        ReportTypes.InboundVideoTrack => ReportJsonContext.Default.InboundVideoTrackReport,
        ReportTypes.OutboundAudioTrack => ReportJsonContext.Default.OutboundAudioTrackReport,
        ReportTypes.OutboundVideoTrack => ReportJsonContext.Default.OutboundVideoTrackReport,
        ReportTypes.PeerConnectionTransport => ReportJsonContext.Default.PeerConnectionTransportReport,
        _ => ReportJsonContext.Default.IceCandidatePairReport,
    }).Contains(field);

    private static JsonElement Find(List<Report> reports, string type, string key, JsonElement value, string? peerConnectionId)
    {
        foreach (var r in reports.Where(r => r.Type == type))
        {
            var payload = JsonDocument.Parse(ReportJson.PayloadToUtf8(r)).RootElement;
            if (payload.TryGetProperty(key, out var v) && v.ToString() == value.ToString()
                && payload.GetProperty("peerConnectionId").GetString() == peerConnectionId) return payload;
        }
        throw new Xunit.Sdk.XunitException($"no {type} report with {key} = {value}");
    }

    private static void AssertSame(JsonProperty field, JsonElement payload, string type)
    {
        Assert.True(payload.TryGetProperty(field.Name, out var value), $"{type} lacks {field.Name}");
        if (field.Value.ValueKind == JsonValueKind.Number)
        {
            var expected = field.Value.GetDouble();
            // Integer fields of the schema (ssrc, ids, counters typed long) truncate a fraction.
            Assert.True(expected == value.GetDouble() || Math.Truncate(expected) == value.GetDouble(), $"{type}.{field.Name}: {expected} vs {value}");
        }
        else
        {
            Assert.Equal(field.Value.ToString(), value.ToString());
        }
    }
}
