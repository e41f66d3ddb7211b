using ObserveRtc.Core.Options;
using ObserveRtc.Core.Publishing;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using ObserveRtc.Local.Ingest;

namespace ObserveRtc.Local;

/// <summary>
/// The local host: Kestrel (default <c>http://127.0.0.1:7080</c>, the Java observer's port) with the
/// ingest endpoints, the read API and the health check over one <see cref="ObserverRuntime"/> on Table
/// Storage, and the <see cref="PipelineClock"/>. Tests build it with <c>--urls=http://127.0.0.1:0</c>.
/// </summary>
internal static class LocalHost
{
    public const string DefaultUrl = "http://127.0.0.1:7080";

    /// <summary>Where events go when no Event Grid endpoint is set (relative to the working directory).</summary>
    public const string DefaultEventsFile = "out/events.jsonl";

    /// <summary>Builds the host; throws <see cref="ObserverSettingsException"/> when the configuration is invalid.</summary>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            // appsettings.json next to the binary, whatever the working directory.
            ContentRootPath = AppContext.BaseDirectory,
        });
        configure?.Invoke(builder);
        var settings = ObserverSettings.Load(builder.Configuration);
        if (string.IsNullOrEmpty(builder.Configuration[WebHostDefaults.ServerUrlsKey])) builder.WebHost.UseUrls(DefaultUrl);
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = RestSamplesEndpoint.KestrelLimit(settings.Decoder.MaxBodyBytes));

        builder.Services.AddSingleton(settings);
        builder.Services.AddSingleton(TimeProvider.System);
        // Without an Event Grid endpoint, events go to the console and a JSON-lines file (--EventsFile=PATH; empty: none).
        var eventsFile = builder.Configuration["EventsFile"] ?? DefaultEventsFile;
        builder.Services.AddSingleton(sp =>
        {
            var loggers = sp.GetRequiredService<ILoggerFactory>();
            var log = loggers.CreateLogger("ObserveRtc.Pipeline");
            var events = loggers.CreateLogger("ObserveRtc.Events");
            return ObserverRuntime.ForTables(settings, line => log.Pipeline(line), eventsFile: eventsFile,
                echo: r => events.Event(CloudEventTypes.For(r), CloudEventMapping.Subject(r), DateTimeOffset.FromUnixTimeMilliseconds(r.TimestampMs)));
        });
        builder.Services.AddSingleton<SampleIngestor>();
        builder.Services.AddHostedService<StorageStartup>();
        builder.Services.AddHostedService<PipelineClock>();

        var app = builder.Build();
        app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.FromSeconds(30) });
        RestSamplesEndpoint.Map(app);
        WebSocketSamplesEndpoint.Map(app);
        ReadEndpoints.Map(app);
        return app;
    }

    /// <summary>The exit code of a host stopped (Ctrl-C) before it started: 128 + SIGINT, as <c>run.sh</c> and shells use.</summary>
    public const int Interrupted = 130;

    /// <summary>
    /// Waits for the storage (the tables created), then runs the host until it stops (Ctrl-C, SIGTERM);
    /// returns the process's exit code: 0; 1 with the reason on <paramref name="stderr"/> when the storage
    /// does not answer; <see cref="Interrupted"/> with one line when the host is stopped
    /// (<see cref="IHostApplicationLifetime.StopApplication"/>) before it started. The wait comes before
    /// the host's start, whose failure the host would log with the stack trace.
    /// </summary>
    public static async Task<int> RunAsync(WebApplication app, TextWriter stderr)
    {
        var runtime = app.Services.GetRequiredService<ObserverRuntime>();
        var stopping = app.Lifetime.ApplicationStopping;
        try
        {
            await runtime.EnsureStorageAsync(StorageStartup.Hint, stopping);
            await app.RunAsync();
            return 0;
        }
        catch (StorageUnreachableException e)
        {
            await stderr.WriteLineAsync(e.Message);
            return 1;
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            await stderr.WriteLineAsync($"Stopped before the observer started (it was waiting for {runtime.Describe()}); nothing was received.");
            return Interrupted;
        }
    }

    /// <summary>The address the started host listens on (the real port when started on port 0).</summary>
    public static Uri Address(WebApplication app) =>
        new(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
}
