using System.Text.Encodings.Web;
using System.Text.Json;

namespace ObserveRtc.Local;

/// <summary>How the host writes JSON replies and files: readable (quotes and non-ASCII not escaped; never embedded in HTML).</summary>
internal static class JsonReplies
{
    public static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
}
