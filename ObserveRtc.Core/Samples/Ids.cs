namespace ObserveRtc.Core.Samples;

/// <summary>Id normalisation shared by every schema.</summary>
internal static class Ids
{
    /// <summary>The literal <c>"NULL"</c> (client-monitor-js 3.x) and empty or blank strings mean absent.</summary>
    public static string? Normalize(string? id) =>
        string.IsNullOrWhiteSpace(id) || string.Equals(id, "NULL", StringComparison.Ordinal) ? null : id;
}
