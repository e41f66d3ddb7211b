using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace ObserveRtc.Core.Storage;

/// <summary>
/// Builds PartitionKey and RowKey values from external ids. Table keys may not hold
/// <c>/ \ # ?</c> or the control characters U+0000–U+001F and U+007F–U+009F, and are at most
/// 1 KiB (512 UTF-16 characters). Each such character, and the escape character <c>%</c> and the
/// component separator <c>|</c> themselves, become <c>%XX</c> (two upper-case hex digits), so
/// <see cref="Unescape"/> gives the id back and a separator in a key always separates components.
/// A component longer than its budget is cut and ends in <c>%H</c> plus 32 hex digits of the
/// SHA-256 of the whole id: still deterministic and distinct, but not reversible (the full ids are
/// kept in columns of every row).
/// </summary>
internal static class TableKeys
{
    /// <summary>Separates the components of a composite key. Escaped inside ids.</summary>
    public const char Separator = '|';

    /// <summary>The character after <see cref="Separator"/>: the exclusive upper bound of a key-prefix range query.</summary>
    public const char AfterSeparator = '}';

    /// <summary>The exclusive upper bound of the keys that start with <paramref name="prefix"/>, which ends in <see cref="Separator"/>.</summary>
    public static string PrefixEnd(string prefix) => string.Concat(prefix.AsSpan(0, prefix.Length - 1), AfterSeparator.ToString());

    /// <summary>A key is at most 1 KiB: 512 UTF-16 characters.</summary>
    public const int MaxKeyChars = 512;

    /// <summary>The default budget of one id inside a composite key; leaves room for two more ids and a timestamp.</summary>
    public const int MaxComponentChars = 160;

    private const string HashMarker = "%H";
    private const int HashHexChars = 32;

    /// <summary>Whether <paramref name="c"/> must be escaped in a key.</summary>
    public static bool MustEscape(char c) =>
        c is '/' or '\\' or '#' or '?' or '%' or Separator || c <= '\u001F' || c is >= '\u007F' and <= '\u009F';

    /// <summary>
    /// The id as a key component: escaped, and cut to <paramref name="maxChars"/> with a hash suffix
    /// when longer. A null id gives the empty string.
    /// </summary>
    public static string Escape(string? id, int maxChars = MaxComponentChars)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxChars, HashMarker.Length + HashHexChars + 8);
        if (string.IsNullOrEmpty(id)) return string.Empty;
        var builder = new StringBuilder(id.Length + 8);
        foreach (var c in id)
        {
            if (MustEscape(c))
            {
                builder.Append('%').Append(((int)c).ToString("X2", CultureInfo.InvariantCulture));
            }
            else
            {
                builder.Append(c);
            }
        }
        if (builder.Length <= maxChars) return builder.ToString();

        var keep = maxChars - HashMarker.Length - HashHexChars;
        // Do not cut inside a %XX escape or a surrogate pair.
        if (keep >= 1 && builder[keep - 1] == '%') keep -= 1;
        else if (keep >= 2 && builder[keep - 2] == '%') keep -= 2;
        if (keep >= 1 && char.IsHighSurrogate(builder[keep - 1])) keep -= 1;
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(id));
        return string.Concat(builder.ToString(0, keep), HashMarker, Convert.ToHexString(hash, 0, HashHexChars / 2));
    }

    /// <summary>Whether <see cref="Escape"/> had to cut the id (so <see cref="Unescape"/> cannot restore it).</summary>
    public static bool IsHashed(string key) => key.Contains(HashMarker, StringComparison.Ordinal);

    /// <summary>The id an escaped, uncut component came from.</summary>
    /// <exception cref="FormatException">The key is cut (<see cref="IsHashed"/>) or not an escaped id.</exception>
    public static string Unescape(string key)
    {
        if (key.IndexOf('%', StringComparison.Ordinal) < 0) return key;
        var builder = new StringBuilder(key.Length);
        for (var i = 0; i < key.Length; i++)
        {
            var c = key[i];
            if (c != '%')
            {
                builder.Append(c);
                continue;
            }
            if (i + 2 > key.Length - 1 || !byte.TryParse(key.AsSpan(i + 1, 2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var value))
            {
                throw new FormatException($"'{key}' is not an escaped id (bad escape at {i}).");
            }
            builder.Append((char)value);
            i += 2;
        }
        return builder.ToString();
    }

    /// <summary>Joins escaped components with <see cref="Separator"/>; throws when the key would exceed <see cref="MaxKeyChars"/>.</summary>
    public static string Join(params string[] components)
    {
        var key = string.Join(Separator, components);
        Validate(key);
        return key;
    }

    /// <summary>Throws when <paramref name="key"/> is not a valid PartitionKey/RowKey.</summary>
    public static void Validate(string key)
    {
        if (key.Length > MaxKeyChars)
        {
            throw new ArgumentException($"Table key is {key.Length} characters; at most {MaxKeyChars} are allowed.", nameof(key));
        }
        foreach (var c in key)
        {
            if (c is '/' or '\\' or '#' or '?' || c <= '\u001F' || c is >= '\u007F' and <= '\u009F')
            {
                throw new ArgumentException($"Table key contains the forbidden character U+{(int)c:X4}.", nameof(key));
            }
        }
    }

    /// <summary>Epoch milliseconds as 19 zero-padded digits: keys sort by time. Negative times count as 0.</summary>
    public static string Ticks(long epochMs) => ToTicks(epochMs).ToString("D19", CultureInfo.InvariantCulture);

    /// <summary>Inverted ticks, 19 zero-padded digits: keys sort newest first.</summary>
    public static string InvertedTicks(long epochMs) =>
        (DateTimeOffset.MaxValue.UtcTicks - ToTicks(epochMs)).ToString("D19", CultureInfo.InvariantCulture);

    private static long ToTicks(long epochMs)
    {
        var clamped = Math.Clamp(epochMs, 0, DateTimeOffset.MaxValue.ToUnixTimeMilliseconds());
        return DateTimeOffset.FromUnixTimeMilliseconds(clamped).UtcTicks;
    }
}
