using System.Text.Json;

namespace GeminiBalance.Upstream;

/// <summary>Validates bytes as JSON without building anything from them.</summary>
internal static class JsonCheck
{
    /// <summary>Whether <paramref name="json"/> is exactly one JSON value (whitespace around it allowed).</summary>
    public static bool IsOneValue(ReadOnlySpan<byte> json)
    {
        try
        {
            var reader = new Utf8JsonReader(json);
            return reader.Read() && reader.TrySkip() && !reader.Read();
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
