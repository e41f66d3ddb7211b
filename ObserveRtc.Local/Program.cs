using System.Runtime.InteropServices;
using ObserveRtc.Core.Options;
using ObserveRtc.Local;
using ObserveRtc.Local.Replay;

if (args.Length > 0 && args[0] == "replay")
{
    using var cancel = new CancellationTokenSource();
    Console.CancelKeyPress += (_, e) =>
    {
        e.Cancel = true;
        cancel.Cancel();
    };
    return await ReplayCommand.RunAsync(args[1..], Console.Out, Console.Error, cancel.Token);
}

WebApplication app;
try
{
    app = LocalHost.Build(args);
}
catch (ObserverSettingsException e)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}
await using (app)
{
    // Ctrl-C or SIGTERM before the host's own handling starts with it (while the storage is awaited) stops it too.
    void Stop(PosixSignalContext signal)
    {
        signal.Cancel = true;
        app.Lifetime.StopApplication();
    }
    using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
    using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
    return await LocalHost.RunAsync(app, Console.Error);
}
