using System.Runtime.CompilerServices;
using ObserveRtc.Core.Reports;
using ObserveRtc.Core.Storage;

namespace ObserveRtc.Tests.Storage;

/// <summary>The read API's query parsing and views (the Functions HTTP functions only call these).</summary>
public class CallReadsTests
{
    private const long Now = 1_764_000_000_000;
    private const long Day = 86_400_000;

    private sealed class ReadStore : IReportStore
    {
        public List<StoredReport> Events { get; } = [];
        public StoredReport? Summary { get; set; }
        public List<CallIndexEntry> Calls { get; } = [];
        public (string ServiceId, long From, long To)? Asked { get; private set; }

        public Task<WriteResult<Report>> WriteAsync(IReadOnlyList<Report> reports, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();

        public async IAsyncEnumerable<StoredReport> GetCallEventsAsync(string callId, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            await Task.CompletedTask;
            foreach (var e in Events.Where(e => e.CallId == callId)) yield return e;
        }

        public async IAsyncEnumerable<CallIndexEntry> GetCallsAsync(string serviceId, long fromMs, long toMs, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            Asked = (serviceId, fromMs, toMs);
            await Task.CompletedTask;
            foreach (var c in Calls) yield return c;
        }

        public Task<StoredReport?> GetCallSummaryAsync(string callId, CancellationToken cancellationToken = default) =>
            Task.FromResult(Summary?.CallId == callId ? Summary : null);

        public IAsyncEnumerable<StoredReport> GetClientReportsAsync(string callId, string clientId, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();
    }

    private static StoredReport Event(string callId, long ts, string name) =>
        new(ReportTypes.CallEvent, "2.2.10", $"{callId}-{ts}", "svc", callId, null, null, ts, name, "{}", false);

    [Fact]
    public void NoParameters_LastDayOfTheDefaultService()
    {
        Assert.True(CallReads.TryParseCallWindow(null, null, null, Now, "default", out var query, out var error));

        Assert.Null(error);
        Assert.Equal(new CallWindowQuery("default", Now - Day, Now), query);
    }

    [Fact]
    public void EpochMsAndIso8601_AreBothRead_IsoWithoutOffsetIsUtc()
    {
        Assert.True(CallReads.TryParseCallWindow("svc", "2025-11-24T00:00:00", "1764000000000", Now, "default", out var query, out _));

        Assert.Equal(new DateTimeOffset(2025, 11, 24, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds(), query!.FromMs);
        Assert.Equal(1_764_000_000_000, query.ToMs);
        Assert.Equal("svc", query.ServiceId);
    }

    [Fact]
    public void OnlyTo_BeforeADayAfter1970_FromIs1970()
    {
        Assert.True(CallReads.TryParseCallWindow("svc", null, "1000", Now, "default", out var query, out _));

        Assert.Equal(new CallWindowQuery("svc", 0, 1000), query);
    }

    [Fact]
    public void OnlyTo_FromIsADayEarlier()
    {
        Assert.True(CallReads.TryParseCallWindow("svc", "", "2026-11-24T12:00:00+01:00", Now, "default", out var query, out _));

        Assert.Equal(query!.ToMs - Day, query.FromMs);
        Assert.Equal(new DateTimeOffset(2026, 11, 24, 11, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds(), query.ToMs);
    }

    [Theory]
    [InlineData("yesterday", null, "'from'")]
    [InlineData(null, "-5", "'to'")]
    [InlineData("1764000000001", "1764000000000", "after")]
    [InlineData(null, "9000000000000000", "'to'")] // past year 9999: was a 500 from the day queries
    [InlineData("9000000000000000", null, "'from'")]
    [InlineData("1700000000000", "1764000000000", "31 days")]
    [InlineData("1969-12-31T23:59:59", "1000", "'from'")] // was read as a negative epoch, which '-5' is refused as
    [InlineData(null, "1969-12-31T00:00:00", "'to'")]
    public void BadWindows_AreRefusedWithASentence(string? from, string? to, string expected)
    {
        Assert.False(CallReads.TryParseCallWindow("svc", from, to, Now, "default", out var query, out var error));

        Assert.Null(query);
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListCalls_AsksTheStoreForTheWindow_AndCapsTheList()
    {
        var store = new ReadStore();
        store.Calls.AddRange(Enumerable.Range(0, CallReads.MaxCalls + 5).Select(i => new CallIndexEntry("svc", $"c{i}", null, Now - i)));

        var list = await new CallReads(store).ListCallsAsync(new CallWindowQuery("svc", Now - Day, Now));

        Assert.Equal(("svc", Now - Day, Now), store.Asked);
        Assert.Equal(CallReads.MaxCalls, list.Calls.Count);
        Assert.True(list.Truncated);
    }

    [Fact]
    public async Task GetCall_EventsInTimeOrder_WithSummary_OrNullWhenUnknown()
    {
        var store = new ReadStore();
        store.Events.AddRange([Event("c1", 30, "CLIENT_LEFT"), Event("c1", 10, "CALL_STARTED"), Event("c1", 20, "CLIENT_JOINED"), Event("c2", 5, "CALL_STARTED")]);
        store.Summary = new StoredReport(ReportTypes.CallSummary, "2.2.10", "s", "svc", "c1", null, null, 40, null, "{}", false);
        var reads = new CallReads(store);

        var call = await reads.GetCallAsync("c1");

        Assert.Equal(["CALL_STARTED", "CLIENT_JOINED", "CLIENT_LEFT"], call!.Events.Select(e => e.Name));
        Assert.NotNull(call.Summary);
        Assert.Null((await reads.GetCallAsync("c2"))!.Summary);
        Assert.Null(await reads.GetCallAsync("nope"));
    }
}
