using BenchmarkDotNet.Running;

namespace ObserveRtc.Benchmarks;

/// <summary>
/// <c>report</c>: the one-run performance and cost report (README "Performance"); <c>memory K</c>:
/// one memory measurement (a child process of <c>report</c>); anything else goes to BenchmarkDotNet
/// (e.g. <c>--filter *</c>).
/// </summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "report") return await BenchReport.RunAsync(args[1..]);
        if (args.Length > 1 && args[0] == "memory") return await MemoryProbe.RunAsync(int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture));
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        return 0;
    }
}
