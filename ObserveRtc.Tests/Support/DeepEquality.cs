using System.Collections;
using System.Reflection;
using ObserveRtc.Core.Calls;

namespace ObserveRtc.Tests.Support;

/// <summary>Field-by-field comparison of object graphs (what a lossless serialization must give back).</summary>
internal static class DeepEquality
{
    /// <summary>The path of the first public property that differs (lists element by element), or null.</summary>
    public static string? FirstDifference(object? a, object? b, string path)
    {
        if (a is null || b is null) return a is null && b is null ? null : $"{path}: {a ?? "null"} vs {b ?? "null"}";
        // Lists compare element by element whatever their concrete type (an array and a List<T> holding the same items are equal).
        if (a is IList la && b is IList lb)
        {
            if (la.Count != lb.Count) return $"{path}: {la.Count} vs {lb.Count} items";
            for (var i = 0; i < la.Count; i++)
                if (FirstDifference(la[i], lb[i], $"{path}[{i}]") is { } d) return d;
            return null;
        }
        var type = a.GetType();
        if (type != b.GetType()) return $"{path}: {type} vs {b.GetType()}";
        if (type.IsPrimitive || type.IsEnum || a is string || a is SampleMark) return Equals(a, b) ? null : $"{path}: {a} vs {b}";
        foreach (var p in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
            if (FirstDifference(p.GetValue(a), p.GetValue(b), $"{path}.{p.Name}") is { } d) return d;
        return null;
    }
}
