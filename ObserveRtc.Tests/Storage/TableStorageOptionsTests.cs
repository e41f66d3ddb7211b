using Azure;
using ObserveRtc.Core.Storage;

namespace ObserveRtc.Tests.Storage;

public class TableStorageOptionsTests
{
    [Theory]
    [InlineData("")]
    [InlineData("1abc")]
    [InlineData("ab-c")]
    [InlineData("abcdefghijabcdefghijabcdefghijabcdefghijabcdefghiX")] // 49 characters
    public void Validate_InvalidPrefix_Throws(string prefix)
    {
        var options = new TableStorageOptions { ConnectionString = "UseDevelopmentStorage=true", TablePrefix = prefix };

        Assert.Throws<ArgumentException>(options.Validate);
    }

    [Fact]
    public void Validate_NeedsExactlyOneOfConnectionStringAndServiceUri()
    {
        Assert.Throws<ArgumentException>(new TableStorageOptions().Validate);
        Assert.Throws<ArgumentException>(new TableStorageOptions { ConnectionString = "UseDevelopmentStorage=true", ServiceUri = new Uri("https://a.table.core.windows.net") }.Validate);
        new TableStorageOptions { ServiceUri = new Uri("https://a.table.core.windows.net") }.Validate();
    }

    [Fact]
    public void TableNames_SharePrefix_AndAreValidTableNames()
    {
        var storage = new TableStorage(new TableStorageOptions { ConnectionString = "UseDevelopmentStorage=true", TablePrefix = "A" + new string('b', 47) });

        Assert.Equal(6, storage.TableNames.Distinct().Count());
        Assert.All(storage.TableNames, name =>
        {
            Assert.StartsWith("Abbb", name, StringComparison.Ordinal);
            Assert.InRange(name.Length, 3, 63);
            Assert.True(name.All(char.IsAsciiLetterOrDigit));
        });
    }

    [Theory]
    [InlineData(503, true)]
    [InlineData(500, true)]
    [InlineData(429, true)]
    [InlineData(408, true)]
    [InlineData(401, true)] // access, not the data: a key or role fixed later lets the retry through
    [InlineData(403, true)]
    [InlineData(400, false)]
    [InlineData(413, false)]
    public void IsRetryable_ByStatus(int status, bool expected)
    {
        Assert.Equal(expected, TableBatchWriter.IsRetryable(new RequestFailedException(status, "x")));
    }

    [Fact]
    public void IsRetryable_LimitsAreNot_TransportErrorsAre()
    {
        Assert.False(TableBatchWriter.IsRetryable(new EntityLimitException("too big")));
        Assert.True(TableBatchWriter.IsRetryable(new HttpRequestException("refused")));
    }
}
