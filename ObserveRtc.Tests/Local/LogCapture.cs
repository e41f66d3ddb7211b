using Microsoft.Extensions.Logging;

namespace ObserveRtc.Tests.Local;

/// <summary>Keeps every log line a host writes (level, category, message, exception), to check what a person would read.</summary>
internal sealed class LogCapture : ILoggerProvider
{
    private readonly List<(LogLevel Level, string Category, string Message, Exception? Error)> _lines = [];

    public IReadOnlyList<(LogLevel Level, string Category, string Message, Exception? Error)> Lines
    {
        get
        {
            lock (_lines) return [.. _lines];
        }
    }

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(LogCapture capture, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (capture._lines) capture._lines.Add((logLevel, category, formatter(state, exception), exception));
        }
    }
}

/// <summary>A loopback port that accepts connections and never answers: storage that hangs.</summary>
internal sealed class SilentPort : IDisposable
{
    private readonly System.Net.Sockets.TcpListener _listener = new(System.Net.IPAddress.Loopback, 0);

    public SilentPort() => _listener.Start();

    public int Port => ((System.Net.IPEndPoint)_listener.LocalEndpoint).Port;

    public string ConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=a2V5;TableEndpoint=http://127.0.0.1:{Port}/devstoreaccount1;";

    /// <summary>Waits for a client (the storage request is then in flight).</summary>
    public Task<System.Net.Sockets.TcpClient> AcceptAsync() => _listener.AcceptTcpClientAsync();

    public void Dispose() => _listener.Dispose();
}
