using System.Globalization;

namespace ObserveRtc.Local.Replay;

/// <summary>The replay command line: <c>replay &lt;file.jsonl&gt; [--out DIR] [--speed N] [--service-id X] [--ObserveRtc:…=value]</c>.</summary>
internal sealed record ReplayArguments(string File, string? OutDir, double? Speed, string? ServiceId, IReadOnlyList<string> ConfigArgs)
{
    public const string Usage = """
        Usage: dotnet run --project ObserveRtc.Local -- replay <file.jsonl> [--out DIR] [--speed N] [--service-id X] [--ObserveRtc:Section:Option=value ...]

          <file.jsonl>     one event body per line, or {"receivedAt": epochMs, "serviceId"?, "mediaUnitId"?, "sample": {...}}
          --out DIR        write reports to DIR/reports.jsonl and rejections to DIR/rejected.jsonl
                           (default: Table Storage as configured, Azurite on 127.0.0.1:10002)
          --speed N        pace the lines by their receivedAt gaps divided by N, each pause at most 1 hour
                           (default: as fast as possible)
          --service-id X   the service id of every line (default: the line's serviceId, else ObserveRtc:DefaultServiceId)
          --ObserveRtc:…   any setting of the configuration table in the README, e.g. --ObserveRtc:Tracker:ClientIdleTimeout=00:01:00
        """;

    /// <summary>Parses; on failure returns null and the reason.</summary>
    public static ReplayArguments? Parse(IReadOnlyList<string> args, out string? error)
    {
        error = null;
        string? file = null, outDir = null, serviceId = null;
        double? speed = null;
        var config = new List<string>();
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            string? Value()
            {
                if (i + 1 < args.Count && !args[i + 1].StartsWith("--", StringComparison.Ordinal)) return args[++i];
                return null;
            }
            switch (arg)
            {
                case "--out":
                    outDir = Value();
                    if (string.IsNullOrWhiteSpace(outDir)) error = "--out needs a directory";
                    break;
                case "--speed":
                    var text = Value();
                    if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) && n > 0 && double.IsFinite(n)) speed = n;
                    else error = $"--speed needs a number above 0 (got '{text}')";
                    break;
                case "--service-id":
                    serviceId = Value();
                    if (string.IsNullOrWhiteSpace(serviceId)) error = "--service-id needs a value";
                    break;
                case "-h" or "--help":
                    error = string.Empty;
                    break;
                default:
                    if (arg.StartsWith("--ObserveRtc:", StringComparison.OrdinalIgnoreCase)) config.Add(arg);
                    else if (arg.StartsWith('-')) error = $"unknown option {arg}";
                    else if (file is null) file = arg;
                    else error = $"one file only (got '{file}' and '{arg}')";
                    break;
            }
            if (error is not null) return null;
        }
        if (file is null)
        {
            error = "no file given";
            return null;
        }
        if (!System.IO.File.Exists(file))
        {
            error = $"{file}: no such file";
            return null;
        }
        return new ReplayArguments(file, outDir, speed, serviceId, config);
    }
}
