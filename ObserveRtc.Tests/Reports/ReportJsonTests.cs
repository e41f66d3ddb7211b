using System.Text.Json;
using ObserveRtc.Core.Reports;

namespace ObserveRtc.Tests.Reports;

public class ReportJsonTests
{
    [Fact]
    public void Write_CallEvent_UsesEnvelopeAndSchemaFieldNames()
    {
        var report = new Report
        {
            Type = ReportTypes.CallEvent,
            Id = "x",
            ServiceId = "svc",
            CallId = "call-1",
            TimestampMs = 1000,
            Payload = new CallEventReport { ServiceId = "svc", Timestamp = 1000, Name = "CLIENT_JOINED", CallId = "call-1", SSRC = 42, ObservedAt = 1500 },
        };

        using var doc = JsonDocument.Parse(ReportJson.ToUtf8(report));
        var root = doc.RootElement;
        Assert.Equal("CALL_EVENT", root.GetProperty("type").GetString());
        Assert.Equal("2.2.10", root.GetProperty("schemaVersion").GetString());
        var payload = root.GetProperty("payload");
        Assert.Equal("CLIENT_JOINED", payload.GetProperty("name").GetString());
        Assert.Equal(42, payload.GetProperty("SSRC").GetInt64());
        Assert.Equal(1500, payload.GetProperty("observedAt").GetInt64());
        Assert.False(payload.TryGetProperty("userId", out _), "null fields are left out");
    }

    [Fact]
    public void ReportTypesAll_IsEveryConstant_AndEachHasAPayloadClass()
    {
        Assert.Equal(ObserveRtc.Tests.Support.TestReports.AllTypes.Order(), ReportTypes.All.Order());
        Assert.All(ReportTypes.All, type => Assert.NotNull(ReportJson.PayloadTypeOf(type)));
    }
}
