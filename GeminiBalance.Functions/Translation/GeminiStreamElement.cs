using System.Text.Json;

namespace GeminiBalance.Translation;

/// <summary>One element of a Gemini stream, as the translating surfaces read it.</summary>
internal static class GeminiStreamElement
{
    /// <exception cref="IOException">The element is not JSON or is Google's in-stream error: the upstream failed.</exception>
    public static JsonDocument Parse(string element)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(element);
        }
        catch (JsonException exception)
        {
            throw new IOException("The upstream stream sent an element that is not JSON.", exception);
        }

        if (document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("error", out _))
        {
            document.Dispose();
            throw new IOException("The upstream stream reported an error.");
        }

        return document;
    }
}
