using System.Text;
using System.Text.Json;
using ObserveRtc.Core.Ingest;

namespace ObserveRtc.Tests.Ingest;

/// <summary>The Event Hubs trigger's batch (bodies and binding-data arrays) to ingest events.</summary>
public class EventHubsEventsTests
{
    private static readonly IngestDefaults Defaults = new("default-svc", "default-mu");
    private const long Now = 1_760_000_000_000;

    /// <summary>Application properties as the worker binds them: <c>Dictionary&lt;string, JsonElement&gt;</c> from JSON.</summary>
    private static Dictionary<string, JsonElement> Props(string json) =>
        JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(json)!;

    /// <summary>A body as the trigger delivers it: its bytes.</summary>
    private static ReadOnlyMemory<byte> B(string json) => Encoding.UTF8.GetBytes(json);

    [Fact]
    public void ABodyThatIsNotUtf8_ReachesTheDecoderAsSent_AndIsRejected()
    {
        // The bodies were bound as strings: the host read invalid bytes as U+FFFD, the sample was accepted
        // with them in its values, and a rejected binary body was stored altered.
        byte[] body = [.. Encoding.UTF8.GetBytes("""{"clientId":"c1","callId":"call-1","timestamp":1760000000000,"userId":"a"""), 0xC3, 0x28, .. "\"}"u8];

        var e = EventHubsEvents.FromEventHubs(body, 7, null, null, "0", Defaults, Now);
        var decoded = new ObserveRtc.Core.Samples.SampleDecoder().Decode(e.Body.Span, e.Context);

        Assert.Equal(body, e.Body.ToArray());
        Assert.Empty(decoded.ClientSamples);
        Assert.Equal(ObserveRtc.Core.Samples.RejectReasons.MalformedJson, Assert.Single(decoded.Rejections).Reason);
    }

    [Fact]
    public void FromEventHubs_TakesIdsAndSchemaFromProperties_AndSourceIdFromPartitionAndSequence()
    {
        var enqueued = new DateTime(2026, 11, 24, 4, 0, 0, DateTimeKind.Utc);

        var e = EventHubsEvents.FromEventHubs(B("{\"a\":1}"), 42, enqueued,
            Props("""{"serviceId":"svc","mediaUnitId":"mu-7","schemaVersion":"2.2.0"}"""), "3", Defaults, Now);

        Assert.Equal("svc", e.Context.Origin.ServiceId);
        Assert.Equal("mu-7", e.Context.Origin.MediaUnitId);
        Assert.Equal("2.2.0", e.Context.SchemaVersionHint);
        Assert.Equal(new DateTimeOffset(enqueued).ToUnixTimeMilliseconds(), e.Context.Origin.ReceivedAtMs);
        Assert.Equal("3:42", e.SourceId);
        Assert.Equal("{\"a\":1}", Encoding.UTF8.GetString(e.Body.Span));
    }

    [Fact]
    public void FromEventHubs_WithoutProperties_UsesDefaults()
    {
        var e = EventHubsEvents.FromEventHubs(B("{}"), 1, DateTime.UnixEpoch.AddDays(1), null, "0", Defaults, Now);

        Assert.Equal("default-svc", e.Context.Origin.ServiceId);
        Assert.Equal("default-mu", e.Context.Origin.MediaUnitId);
        Assert.Null(e.Context.SchemaVersionHint);
    }

    [Theory]
    [InlineData("""{"serviceId":""}""")]
    [InlineData("""{"serviceId":"   "}""")]
    [InlineData("""{"serviceId":"NULL"}""")]
    [InlineData("""{"serviceId":null}""")]
    [InlineData("""{"serviceId":true}""")]
    [InlineData("""{"serviceId":{"x":1}}""")]
    [InlineData("""{"serviceId":["a"]}""")]
    [InlineData("""{"other":"svc"}""")]
    public void FromEventHubs_AbsentOrUnusableServiceId_FallsBackToDefault(string properties)
    {
        var e = EventHubsEvents.FromEventHubs(B("{}"), 1, null, Props(properties), "0", Defaults, Now);

        Assert.Equal("default-svc", e.Context.Origin.ServiceId);
    }

    [Fact]
    public void FromEventHubs_NumericPropertyValues_AreReadAsTheirText()
    {
        var e = EventHubsEvents.FromEventHubs(B("{}"), 1, null, Props("""{"serviceId":42,"schemaVersion":3}"""), "0", Defaults, Now);

        Assert.Equal("42", e.Context.Origin.ServiceId);
        Assert.Equal("3", e.Context.SchemaVersionHint);
    }

    [Fact]
    public void FromEventHubs_PropertyNames_MatchCaseInsensitively_ExactNameWins()
    {
        var e = EventHubsEvents.FromEventHubs(B("{}"), 1, null, Props("""{"ServiceID":"upper","MEDIAUNITID":"mu"}"""), "0", Defaults, Now);
        Assert.Equal("upper", e.Context.Origin.ServiceId);
        Assert.Equal("mu", e.Context.Origin.MediaUnitId);

        var both = EventHubsEvents.FromEventHubs(B("{}"), 1, null, Props("""{"ServiceID":"upper","serviceId":"exact"}"""), "0", Defaults, Now);
        Assert.Equal("exact", both.Context.Origin.ServiceId);
    }

    [Fact]
    public void FromEventHubs_TrimsPropertyValues()
    {
        var e = EventHubsEvents.FromEventHubs(B("{}"), 1, null, Props("""{"serviceId":"  svc  "}"""), "0", Defaults, Now);

        Assert.Equal("svc", e.Context.Origin.ServiceId);
    }

    [Fact]
    public void FromEventHubs_NoEnqueuedTime_ReceivedNow()
    {
        Assert.Equal(Now, EventHubsEvents.FromEventHubs(B("{}"), 1, null, null, "0", Defaults, Now).Context.Origin.ReceivedAtMs);
        Assert.Equal(Now, EventHubsEvents.FromEventHubs(B("{}"), 1, default(DateTime), null, "0", Defaults, Now).Context.Origin.ReceivedAtMs);
    }

    [Fact]
    public void ToUnixMs_UnspecifiedKindIsUtc_LocalIsConverted()
    {
        var utc = new DateTime(2026, 1, 2, 3, 4, 5, 678, DateTimeKind.Utc);
        var expected = new DateTimeOffset(utc).ToUnixTimeMilliseconds();

        Assert.Equal(expected, EventHubsEvents.ToUnixMs(utc));
        Assert.Equal(expected, EventHubsEvents.ToUnixMs(DateTime.SpecifyKind(utc, DateTimeKind.Unspecified)));
        Assert.Equal(expected, EventHubsEvents.ToUnixMs(utc.ToLocalTime()));
    }

    [Fact]
    public void FromEventHubs_EmptyBody_IsAnEmptyEvent_NotAnException()
    {
        var e = EventHubsEvents.FromEventHubs(ReadOnlyMemory<byte>.Empty, 5, null, null, "1", Defaults, Now);

        Assert.Equal(0, e.Body.Length);
        Assert.Equal("1:5", e.SourceId);
    }

    [Fact]
    public void SourceId_WithoutSequenceNumber_IsAStableHashOfTheBody()
    {
        var a = EventHubsEvents.SourceId("2", null, "{\"a\":1}"u8);
        var again = EventHubsEvents.SourceId("2", null, "{\"a\":1}"u8);
        var other = EventHubsEvents.SourceId("2", null, "{\"a\":2}"u8);

        Assert.StartsWith("2:body-", a, StringComparison.Ordinal);
        Assert.Equal(a, again);
        Assert.NotEqual(a, other);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData(" ")]
    public void SourceId_WithoutPartition_UsesUnknown(string? partition)
    {
        Assert.Equal("unknown:7", EventHubsEvents.SourceId(partition, 7, []));
    }

    [Theory]
    [InlineData("""{"FullyQualifiedNamespace":"ns","EventHubName":"hub","ConsumerGroup":"$Default","PartitionId":"5"}""", "5")]
    [InlineData("""{"partitionId":"6"}""", "6")]
    [InlineData("""{"Partition":{"PartitionId":"7"}}""", "7")]
    [InlineData("""{"PartitionId":8}""", "8")]
    [InlineData("""{"EventHubName":"hub"}""", "unknown")]
    [InlineData("""not json""", "unknown")]
    [InlineData("""[1,2]""", "unknown")]
    [InlineData("", "unknown")]
    public void PartitionId_FromBindingDataText(string text, string expected)
    {
        Assert.Equal(expected, EventHubsEvents.PartitionId(text));
    }

    [Fact]
    public void PartitionId_FromJsonElementOrOtherValues()
    {
        using var doc = JsonDocument.Parse("""{"PartitionId":"9"}""");

        Assert.Equal("9", EventHubsEvents.PartitionId(doc.RootElement));
        Assert.Equal("unknown", EventHubsEvents.PartitionId(null));
        Assert.Equal("unknown", EventHubsEvents.PartitionId(42));
    }

    [Fact]
    public void FromBatch_AlignsTheParallelArrays_AndToleratesShortOnes()
    {
        var t = new DateTime(2026, 11, 24, 4, 0, 0, DateTimeKind.Utc);
        ReadOnlyMemory<byte>[] bodies = [B("{\"n\":0}"), B("{\"n\":1}"), B("{\"n\":2}")];
        long[] sequenceNumbers = [10, 11];
        DateTime[] enqueued = [t, t.AddSeconds(1), t.AddSeconds(2)];
        Dictionary<string, JsonElement>[] properties = [Props("""{"serviceId":"a"}"""), Props("""{"serviceId":"b"}""")];

        var events = EventHubsEvents.FromBatch(bodies, sequenceNumbers, enqueued, properties, """{"PartitionId":"4"}""", Defaults, Now);

        Assert.Equal(["4:10", "4:11"], events.Take(2).Select(e => e.SourceId));
        Assert.StartsWith("4:body-", events[2].SourceId, StringComparison.Ordinal);
        Assert.Equal(["a", "b", "default-svc"], events.Select(e => e.Context.Origin.ServiceId));
        Assert.Equal(new DateTimeOffset(t.AddSeconds(2)).ToUnixTimeMilliseconds(), events[2].Context.Origin.ReceivedAtMs);
    }

    [Fact]
    public void FromBatch_WithoutAnyMetadata_StillGivesOneEventPerBody()
    {
        var events = EventHubsEvents.FromBatch([B("{}"), B("{}")], null, null, null, null, Defaults, Now);

        Assert.Equal(2, events.Count);
        Assert.All(events, e => Assert.Equal(Now, e.Context.Origin.ReceivedAtMs));
        Assert.All(events, e => Assert.StartsWith("unknown:body-", e.SourceId, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("", "mu")]
    [InlineData("svc", "")]
    [InlineData("svc/1", "mu")]
    [InlineData("svc", "mu#1")]
    public void IngestDefaults_Invalid_Throws(string serviceId, string mediaUnitId)
    {
        Assert.Throws<ArgumentException>(() => new IngestDefaults(serviceId, mediaUnitId).Validate());
    }

    [Theory]
    [InlineData(null, null, "svc-default", "mu-default")]
    [InlineData("", "  ", "svc-default", "mu-default")]
    [InlineData("NULL", " NULL ", "svc-default", "mu-default")]
    [InlineData(" svc ", "mu", "svc", "mu")]
    public void Origin_MissingEmptyOrNullIds_TakeTheDefaults(string? serviceId, string? mediaUnitId, string service, string mediaUnit)
    {
        var origin = new IngestDefaults("svc-default", "mu-default").Origin(serviceId, mediaUnitId, 42);

        Assert.Equal(new ObserveRtc.Core.Samples.SampleOrigin(service, mediaUnit, 42), origin);
    }
}
