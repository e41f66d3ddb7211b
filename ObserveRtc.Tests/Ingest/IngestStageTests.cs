using System.Text;
using ObserveRtc.Core.Calls;
using ObserveRtc.Core.Ingest;
using ObserveRtc.Core.Samples;

namespace ObserveRtc.Tests.Ingest;

/// <summary>The ingest stage when the room registry cannot be reached.</summary>
public class IngestStageTests
{
    private sealed class DownRegistry : IRoomRegistry
    {
        public ValueTask<RoomCall> GetOrAddAsync(string serviceId, string roomId, string proposedCallId, CancellationToken cancellationToken = default) =>
            throw new IOException("registry down");

        public ValueTask<bool> RemoveAsync(string serviceId, string roomId, string callId, CancellationToken cancellationToken = default) =>
            throw new IOException("registry down");
    }

    [Fact]
    public async Task RegistryDown_RoomOnlySamples_KeepTheirBodyOnce_AndSamplesWithACallIdGoOn()
    {
        var stage = new IngestStage(new SampleDecoder(), new CallIdentityResolver(new DownRegistry()));
        const string body = """
            {"clientSamples":[
              {"clientId":"a","roomId":"r1","timestamp":1756000000000},
              {"clientId":"b","roomId":"r1","timestamp":1756000000000},
              {"clientId":"c","callId":"call-c","timestamp":1756000000000}]}
            """;
        var context = new DecodeContext(new SampleOrigin("svc", "mu", 1_756_000_000_500));

        var result = await stage.IngestAsync([new IngestEvent(Encoding.UTF8.GetBytes(body), context, "0:7")]);

        var rejected = Assert.Single(result.Rejected);
        Assert.Equal(RejectReasons.Unavailable, rejected.Rejection.Reason);
        Assert.Equal(body, rejected.Rejection.BodyPrefix); // the whole body, to replay
        Assert.Equal("0:7", rejected.SourceId);
        Assert.Equal("call-c", Assert.Single(result.Calls).CallId);
    }
}
