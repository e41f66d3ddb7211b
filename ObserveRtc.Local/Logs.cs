namespace ObserveRtc.Local;

/// <summary>The host's log messages (source-generated, numbered).</summary>
internal static partial class Logs
{
    [LoggerMessage(1, LogLevel.Information, "Reports go to {Sinks}; events to {Events}")]
    public static partial void SinksReady(this ILogger log, string sinks, string events);

    [LoggerMessage(2, LogLevel.Error, "Advancing the pipeline failed; trying again in {Period}")]
    public static partial void AdvanceFailed(this ILogger log, Exception error, TimeSpan period);

    [LoggerMessage(3, LogLevel.Information, "Shutting down: ending {Live} live call and SFU entities and delivering their reports")]
    public static partial void Draining(this ILogger log, int live);

    [LoggerMessage(4, LogLevel.Warning, "Shutdown: {Live} entities not drained (a sink is down?); their undelivered reports are lost")]
    public static partial void DrainTimedOut(this ILogger log, int live);

    [LoggerMessage(8, LogLevel.Warning, "Shutdown: {Reports} sample reports and {Rejected} rejected samples not delivered (a store is down?); they are lost")]
    public static partial void UndeliveredLost(this ILogger log, int reports, int rejected);

    [LoggerMessage(5, LogLevel.Warning, "{Line}")]
    public static partial void Pipeline(this ILogger log, string line);

    [LoggerMessage(7, LogLevel.Information, "{Type} {Subject} at {Time:O}")]
    public static partial void Event(this ILogger log, string type, string subject, DateTimeOffset time);

    [LoggerMessage(6, LogLevel.Error, "WebSocket {Path}: closing with {Code}")]
    public static partial void SocketFailed(this ILogger log, Exception error, string path, int code);
}
