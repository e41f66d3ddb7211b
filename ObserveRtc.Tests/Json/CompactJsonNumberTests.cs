using System.Buffers;
using System.Text;
using System.Text.Json;
using ObserveRtc.Core.Json;

namespace ObserveRtc.Tests.Json;

public class CompactJsonNumberTests
{
    private static string Write(double? value)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer)) CompactJson.Number(w, value);
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static string PlainDouble(double value)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer)) w.WriteNumberValue(value);
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static double? Read(string text)
    {
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(text));
        reader.Read();
        return CompactJson.NullableDouble(ref reader);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.0)]
    [InlineData(-7.0)]
    [InlineData(123456789.0)]
    [InlineData(9007199254740991.0)]
    [InlineData(-9007199254740992.0)]
    public void WholeNumbers_AreWrittenAsTheSameTextTheDoubleGives(double value)
    {
        Assert.Equal(PlainDouble(value), Write(value));
        Assert.Equal(value, Read(Write(value)));
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(-1.25)]
    [InlineData(1e300)]
    [InlineData(18014398509481984.0)] // 2^54: past the exact integers, written as a double
    [InlineData(5e-324)]
    public void OtherNumbers_RoundTripExactly(double value) => Assert.Equal(value, Read(Write(value)));

    [Fact]
    public void NegativeZero_KeepsItsSign_AndNullStaysNull()
    {
        Assert.True(double.IsNegative(Read(Write(-0.0))!.Value));
        Assert.Equal("null", Write(null));
        Assert.Null(Read(Write(null)));
    }

    [Fact]
    public void RandomDoubles_RoundTripBitForBit()
    {
        var random = new Random(7);
        for (var i = 0; i < 5000; i++)
        {
            var value = random.Next(3) switch
            {
                0 => Math.Round(random.NextDouble() * Math.Pow(2, random.Next(64))) * (random.Next(2) == 0 ? 1 : -1),
                1 => BitConverter.Int64BitsToDouble(random.NextInt64()) is var d && double.IsFinite(d) ? d : 1.0,
                _ => random.NextDouble() * 1e6,
            };
            Assert.Equal(BitConverter.DoubleToInt64Bits(value), BitConverter.DoubleToInt64Bits(Read(Write(value))!.Value));
        }
    }
}
