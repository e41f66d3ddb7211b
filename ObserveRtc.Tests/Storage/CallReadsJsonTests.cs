using Azure;
using ObserveRtc.Core.Storage;

namespace ObserveRtc.Tests.Storage;

public class CallReadsJsonTests
{
    [Fact]
    public void AStorageTimeout_IsAStorageFailure_UnlessTheCallerWentAway()
    {
        // The storage SDK reports a request timeout as a TaskCanceledException though nobody cancelled.
        var timeout = new TaskCanceledException("The operation was cancelled because it exceeded the configured timeout", new TimeoutException());
        using var aborted = new CancellationTokenSource();
        aborted.Cancel();

        Assert.True(CallReadsJson.IsStorageFailure(timeout, CancellationToken.None));
        Assert.False(CallReadsJson.IsStorageFailure(timeout, aborted.Token));
        Assert.True(CallReadsJson.IsStorageFailure(new RequestFailedException(503, "busy"), CancellationToken.None));
        Assert.True(CallReadsJson.IsStorageFailure(new AggregateException("Retry failed after 4 tries."), CancellationToken.None));
        Assert.False(CallReadsJson.IsStorageFailure(new ArgumentOutOfRangeException("id"), CancellationToken.None));
    }
}
