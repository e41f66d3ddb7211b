using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace ObserveRtc.Tests.Storage;

/// <summary>
/// Azurite's table service (tools/azurite, npm-pinned 3.35.0) on a free loopback port, in memory.
/// Start fails with a clear message when Azurite is not installed or does not come up; tests never skip.
/// </summary>
internal sealed class AzuriteProcess : IAsyncDisposable
{
    private const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
    private readonly StringBuilder _output = new();
    private Process? _process;

    public AzuriteProcess(int? port = null) => Port = port ?? FreePort();

    public int Port { get; }

    public string ConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={AccountKey};TableEndpoint=http://127.0.0.1:{Port}/devstoreaccount1;";

    public static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ObserveRtc.sln"))) return dir.FullName;
        }
        throw new InvalidOperationException($"Cannot find the repository root (a directory with ObserveRtc.sln) above {AppContext.BaseDirectory}.");
    }

    public async Task StartAsync()
    {
        var root = RepoRoot();
        var script = Path.Combine(root, "tools", "azurite", "node_modules", "azurite", "dist", "src", "table", "main.js");
        if (!File.Exists(script))
        {
            throw new InvalidOperationException(
                $"Azurite is not installed ({script} is missing). Run `npm ci` in tools/azurite (./test.sh does it) and run the tests again.");
        }
        var info = new ProcessStartInfo("node")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetTempPath(),
        };
        foreach (var arg in new[]
        {
            script, "--tableHost", "127.0.0.1", "--tablePort", Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--inMemoryPersistence", "--skipApiVersionCheck", "--loose", "--silent", "--disableTelemetry",
        })
        {
            info.ArgumentList.Add(arg);
        }
        lock (_output) _output.Clear();
        Process process;
        try
        {
            process = Process.Start(info) ?? throw new InvalidOperationException("node did not start.");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException($"Cannot start Azurite: `node` is not on PATH ({e.Message}).", e);
        }
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (_output) _output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (_output) _output.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;

        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"Azurite exited with code {process.ExitCode} before accepting connections on 127.0.0.1:{Port}. Output:\n{Output}");
            }
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(100);
            }
        }
        Stop();
        throw new InvalidOperationException($"Azurite did not accept connections on 127.0.0.1:{Port} within 60 s. Output:\n{Output}");
    }

    public string Output
    {
        get
        {
            lock (_output) return _output.ToString();
        }
    }

    /// <summary>Kills Azurite (synchronously, so a pipeline policy can call it mid-request).</summary>
    public void Stop()
    {
        var process = _process;
        _process = null;
        if (process is null) return;
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit(10_000);
            }
        }
        finally
        {
            process.Dispose();
        }
    }

    public ValueTask DisposeAsync()
    {
        Stop();
        return ValueTask.CompletedTask;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
