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

try
{
    await using var app = LocalHost.Build(args);
    await app.RunAsync();
    return 0;
}
catch (ObserverSettingsException e)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}
catch (StorageUnreachableException e)
{
    Console.Error.WriteLine(e.Message);
    return 1;
}
