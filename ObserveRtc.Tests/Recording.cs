using System.Text;
using ObserveRtc.Core.Ingest;
using ObserveRtc.Core.Samples;

namespace ObserveRtc.Tests;

/// <summary>The real-browser recordings (ObserveRtc.Tests/Recordings, made by tools/recorder).</summary>
internal static class Recording
{
    /// <summary>The recordings next to the test assembly, or the folder named by <c>OBSERVERTC_RECORDINGS</c> (to try fresh recordings from tools/recorder <c>--out</c> before committing them).</summary>
    public static string Dir => Environment.GetEnvironmentVariable("OBSERVERTC_RECORDINGS") is { Length: > 0 } dir ? dir : Path.Combine(AppContext.BaseDirectory, "Recordings");

    public static IEnumerable<string> Files() => Directory.GetFiles(Dir, "*.jsonl").Order(StringComparer.Ordinal);

    public static string PathOf(string name) => Path.Combine(Dir, name);

    /// <summary>Each line as the replay reads it: its body and its decode context.</summary>
    public static IEnumerable<(ReplayLine Line, DecodeContext Context)> Lines(string file)
    {
        foreach (var text in File.ReadLines(file))
        {
            if (string.IsNullOrWhiteSpace(text)) continue;
            var line = ReplayLine.Parse(Encoding.UTF8.GetBytes(text));
            var origin = new SampleOrigin(line.ServiceId ?? "recorder", line.MediaUnitId ?? "browser", line.ReceivedAtMs ?? 0);
            yield return (line, new DecodeContext(origin));
        }
    }
}
