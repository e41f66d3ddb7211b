using ObserveRtc.Core.Storage;

namespace ObserveRtc.Tests.Storage;

public class TableKeysTests
{
    public static TheoryData<string> Ids => new()
    {
        "plain-id",
        "a/b\\c#d?e",
        "100%|pipe|%41",
        "ünïcødé 通话 😀",
        "tab\there\nnew\u0000nul\u001f\u007f\u0085\u009f",
        "%H0123456789ABCDEF",
        "",
    };

    [Theory]
    [MemberData(nameof(Ids))]
    public void Escape_RoundTrips_AndIsAValidKey(string id)
    {
        var key = TableKeys.Escape(id);

        Assert.Equal(id, TableKeys.Unescape(key));
        TableKeys.Validate(key);
        Assert.DoesNotContain(TableKeys.Separator, key);
    }

    [Fact]
    public void Escape_EncodesForbiddenCharactersAsPercentHex()
    {
        Assert.Equal("a%2Fb%5Cc%23d%3Fe%25f%7Cg%00h%7Fi%9F", TableKeys.Escape("a/b\\c#d?e%f|g\0h\u007fi\u009f"));
    }

    [Fact]
    public void Escape_LongId_IsCutWithHashSuffix_DeterministicAndDistinct()
    {
        var longA = new string('a', 2000) + "/x";
        var longB = new string('a', 2000) + "/y";

        var keyA = TableKeys.Escape(longA);

        Assert.Equal(TableKeys.MaxComponentChars, keyA.Length);
        Assert.Equal(keyA, TableKeys.Escape(longA));
        Assert.NotEqual(keyA, TableKeys.Escape(longB));
        Assert.True(TableKeys.IsHashed(keyA));
        Assert.Throws<FormatException>(() => TableKeys.Unescape(keyA));
        TableKeys.Validate(keyA);
    }

    [Fact]
    public void Escape_LongIdOfEscapes_NeverCutsInsideAnEscapeOrSurrogatePair()
    {
        for (var n = 40; n < 200; n++)
        {
            var id = string.Concat(Enumerable.Repeat("/😀", n));
            var key = TableKeys.Escape(id);
            Assert.True(key.Length <= TableKeys.MaxComponentChars);
            var body = key[..key.IndexOf("%H", StringComparison.Ordinal)];
            Assert.False(char.IsHighSurrogate(body[^1]));
            Assert.Equal(body, TableKeys.Escape(TableKeys.Unescape(body)));
        }
    }

    [Fact]
    public void Join_RejectsKeysOverOneKiB()
    {
        var component = new string('x', 300);
        Assert.Throws<ArgumentException>(() => TableKeys.Join(component, component));
    }

    [Fact]
    public void Ticks_SortLikeTime_AndInvertedTicksSortNewestFirst()
    {
        var times = new long[] { 0, 1, 999, 1_700_000_000_000, 1_700_000_000_001, 4_102_444_800_000 };
        var ticks = times.Select(TableKeys.Ticks).ToList();
        var inverted = times.Select(TableKeys.InvertedTicks).ToList();

        Assert.Equal(ticks.Order(StringComparer.Ordinal), ticks);
        Assert.Equal(inverted.OrderDescending(StringComparer.Ordinal), inverted);
        Assert.All(ticks.Concat(inverted), t => Assert.Equal(19, t.Length));
        Assert.Equal(TableKeys.Ticks(0), TableKeys.Ticks(-5));
    }
}
