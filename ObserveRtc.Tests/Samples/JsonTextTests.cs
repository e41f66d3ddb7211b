using ObserveRtc.Core.Samples.Json;

namespace ObserveRtc.Tests.Samples;

/// <summary>Fields read out of the JSON text kept for payload and attachments fields.</summary>
public class JsonTextTests
{
    [Fact]
    public void TopLevelStrings_ReadsTheAskedFieldsInOnePass_InTheirOrder()
    {
        var v = JsonText.TopLevelStrings("""{"trackId":"t1","x":{"peerConnectionId":"nested"},"peerConnectionId":7,"trackId":"second"}""", "peerConnectionId", "trackId", "missing");

        Assert.Equal(new string?[] { "7", "second", null }, v.AsEnumerable()); // numbers as text, the last occurrence counts (as for a sample's own fields), nested fields are not top level
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("free text, not JSON")]
    [InlineData("[\"roomId\"]")]
    [InlineData("{\"roomId\": ")]
    public void TopLevelStrings_OfTextThatIsNotAJsonObject_AreNull(string? text)
    {
        Assert.Equal(new string?[] { null, null }, JsonText.TopLevelStrings(text, "roomId", "userId").AsEnumerable());
    }

    [Fact]
    public void TopLevelStrings_ANonScalarField_IsNull_AndTheOthersStillRead()
    {
        Assert.Equal(new string?[] { null, "u" }, JsonText.TopLevelStrings("""{"roomId":{"a":1},"userId":"u"}""", "roomId", "userId").AsEnumerable());
    }
}
