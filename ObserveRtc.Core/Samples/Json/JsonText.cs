using System.Text;
using System.Text.Json;

namespace ObserveRtc.Core.Samples.Json;

/// <summary>Reads fields out of the JSON text kept for payload and attachments fields.</summary>
internal static class JsonText
{
    /// <summary>
    /// The string (or number, as text) values of top-level fields of a JSON object, in the order of
    /// <paramref name="properties"/>, read in one pass; null for a field that is missing or not a scalar,
    /// and all null when the text is not a JSON object. A field given twice: the last one, as everywhere
    /// else in a sample. A string that is not valid UTF-16 (an escaped lone surrogate) throws
    /// <see cref="InvalidOperationException"/>.
    /// </summary>
    public static string?[] TopLevelStrings(string? json, params string[] properties)
    {
        var values = new string?[properties.Length];
        InvalidOperationException?[]? unreadable = null; // a field's value that is not valid UTF-16, unless a later one replaces it
        if (json is null || json.AsSpan().TrimStart(" \t\r\n") is not ['{', ..]) return values;
        var bytes = Encoding.UTF8.GetBytes(json);
        var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { MaxDepth = 64 });
        try
        {
            reader.Read();
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var index = -1;
                for (var i = 0; i < properties.Length && index < 0; i++)
                {
                    if (reader.ValueTextEquals(properties[i])) index = i;
                }
                reader.Read();
                if (index >= 0)
                {
                    try
                    {
                        values[index] = reader.TokenType switch
                        {
                            JsonTokenType.String => reader.GetString(),
                            JsonTokenType.Number => Encoding.UTF8.GetString(reader.ValueSpan),
                            _ => null,
                        };
                        if (unreadable is not null) unreadable[index] = null;
                    }
                    catch (InvalidOperationException e)
                    {
                        values[index] = null;
                        (unreadable ??= new InvalidOperationException?[properties.Length])[index] = e;
                    }
                }
                reader.Skip();
            }
        }
        catch (JsonException)
        {
            // Not JSON after all: an application's free text.
        }
        foreach (var e in unreadable ?? [])
        {
            if (e is not null) throw e;
        }
        return values;
    }

    /// <summary>Whether the text is one complete JSON value.</summary>
    public static bool IsJson(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return false;
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(text), new JsonReaderOptions { MaxDepth = 64 });
        try
        {
            reader.Read();
            reader.Skip();
            return !reader.Read();
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
