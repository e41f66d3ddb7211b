using System.Text;
using System.Text.Json;

namespace ObserveRtc.Core.Samples.Json;

/// <summary>Reads fields out of the JSON text kept for payload and attachments fields.</summary>
internal static class JsonText
{
    /// <summary>
    /// The string (or number, as text) value of a top-level field of a JSON object; null when the
    /// text is not a JSON object, lacks the field, or the field is not a scalar.
    /// </summary>
    public static string? TopLevelString(string? json, string property)
    {
        if (string.IsNullOrEmpty(json) || json[0] != '{') return null;
        var bytes = Encoding.UTF8.GetBytes(json);
        var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { MaxDepth = 64 });
        try
        {
            reader.Read();
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var match = reader.ValueTextEquals(property);
                reader.Read();
                if (match)
                {
                    return reader.TokenType switch
                    {
                        JsonTokenType.String => reader.GetString(),
                        JsonTokenType.Number => Encoding.UTF8.GetString(reader.ValueSpan),
                        _ => null,
                    };
                }
                reader.Skip();
            }
        }
        catch (JsonException)
        {
            // Not JSON after all: an application's free text.
        }
        return null;
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
