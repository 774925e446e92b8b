using System.Text.Json;
using GeminiBalance.Hosting;
using GeminiBalance.Translation;

namespace GeminiBalance.OpenAi;

/// <summary>
/// The OpenAI model list made from Gemini's (docs/protocols.md#media-to-gemini): ids without <c>models/</c>, each configured variant
/// right after its base model, and nothing FILTERED_MODELS names (<see cref="DerivedModels"/>).
/// </summary>
internal static class OpenAiModelsList
{
    /// <param name="upstreamNames">Gemini's model names (<c>models/gemini-2.5-flash</c>) in Gemini's order.</param>
    public static IReadOnlyList<string> Build(IEnumerable<string> upstreamNames, ProxyOptions options) =>
        [.. DerivedModels.Expand(upstreamNames, options).Select(entry => entry.Id)];

    public static void WriteList(Utf8JsonWriter writer, IReadOnlyList<string> ids)
    {
        writer.WriteStartObject();
        writer.WriteString("object", "list");
        writer.WriteStartArray("data");
        foreach (var id in ids)
        {
            WriteModel(writer, id);
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    // Gemini gives no creation time; 0 is a stable "unknown" rather than a time that changes with every fetch.
    public static void WriteModel(Utf8JsonWriter writer, string id)
    {
        writer.WriteStartObject();
        writer.WriteString("id", id);
        writer.WriteString("object", "model");
        writer.WriteNumber("created", 0);
        writer.WriteString("owned_by", "google");
        writer.WriteEndObject();
    }
}
