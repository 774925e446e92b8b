using System.Text.Json;

namespace GeminiBalance.OpenAi;

/// <summary>OpenAI image generation ↔ Imagen <c>:predict</c> or a Gemini image model's <c>generateContent</c> (docs/protocols.md#imagen, #media-to-gemini), pure.</summary>
internal static class OpenAiImagesTranslation
{
    public static string UpstreamPath(OpenAiImagesRequest request) =>
        $"/v1beta/models/{request.Model}:{(request.Imagen ? "predict" : "generateContent")}";

    public static byte[] ToGemini(OpenAiImagesRequest request) => GeminiRequestJson.Build(writer =>
    {
        if (request.Imagen)
        {
            WriteImagen(writer, request);
        }
        else
        {
            WriteGenerateContent(writer, request);
        }
    });

    /// <summary>The images of an answer, base64 as Gemini sent them, with their mime types.</summary>
    public static IReadOnlyList<(string Base64, string MimeType)> ReadImages(JsonElement answer, bool imagen)
    {
        var images = new List<(string, string)>();
        if (imagen)
        {
            foreach (var prediction in Array(answer, "predictions"))
            {
                if (prediction.TryGetProperty("bytesBase64Encoded", out var data) && data.GetString() is { Length: > 0 } base64)
                {
                    images.Add((base64, MimeTypeOf(prediction)));
                }
            }

            return images;
        }

        var candidates = Array(answer, "candidates");
        if (candidates.Count > 0 && candidates[0].TryGetProperty("content", out var content))
        {
            foreach (var part in Array(content, "parts"))
            {
                if (part.TryGetProperty("inlineData", out var inline) && MimeTypeOf(inline).StartsWith("image/", StringComparison.Ordinal)
                    && inline.TryGetProperty("data", out var data) && data.GetString() is { Length: > 0 } base64)
                {
                    images.Add((base64, MimeTypeOf(inline)));
                }
            }
        }

        return images;
    }

    /// <summary>Why the answer holds no image, when Gemini says: Imagen's raiFilteredReason, a blocked prompt, a finish reason.</summary>
    public static string? RefusalReason(JsonElement answer)
    {
        foreach (var prediction in Array(answer, "predictions"))
        {
            if (prediction.TryGetProperty("raiFilteredReason", out var reason) && reason.GetString() is { Length: > 0 } text)
            {
                return text;
            }
        }

        if (answer.TryGetProperty("promptFeedback", out var feedback) && feedback.TryGetProperty("blockReason", out var block))
        {
            return $"The prompt was blocked ({block.GetString()}).";
        }

        var candidates = Array(answer, "candidates");
        return candidates.Count > 0 && candidates[0].TryGetProperty("finishReason", out var finish) && finish.GetString() is { } finishReason and not "STOP"
            ? $"The model stopped without an image ({finishReason})."
            : null;
    }

    /// <param name="images">Per image: a link when <paramref name="url"/>, else the base64 bytes.</param>
    public static void WriteResponse(Utf8JsonWriter writer, long created, IReadOnlyList<string> images, bool url)
    {
        writer.WriteStartObject();
        writer.WriteNumber("created", created);
        writer.WriteStartArray("data");
        foreach (var image in images)
        {
            writer.WriteStartObject();
            writer.WriteString(url ? "url" : "b64_json", image);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static void WriteImagen(Utf8JsonWriter writer, OpenAiImagesRequest request)
    {
        writer.WriteStartObject();
        writer.WriteStartArray("instances");
        writer.WriteStartObject();
        writer.WriteString("prompt", request.Prompt);
        writer.WriteEndObject();
        writer.WriteEndArray();
        writer.WriteStartObject("parameters");
        writer.WriteNumber("sampleCount", request.Count);
        if (request.AspectRatio is { } ratio)
        {
            writer.WriteString("aspectRatio", ratio);
        }

        if (request.ImageSize is { } size)
        {
            writer.WriteString("sampleImageSize", size);
        }

        writer.WriteStartObject("outputOptions");
        writer.WriteString("mimeType", request.MimeType);
        writer.WriteEndObject();
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    private static void WriteGenerateContent(Utf8JsonWriter writer, OpenAiImagesRequest request)
    {
        writer.WriteStartObject();
        GeminiRequestJson.WriteUserText(writer, request.Prompt);
        writer.WriteStartObject("generationConfig");
        GeminiRequestJson.WriteResponseModalities(writer, "TEXT", "IMAGE");
        if (request.AspectRatio is { } ratio)
        {
            writer.WriteStartObject("imageConfig");
            writer.WriteString("aspectRatio", ratio);
            writer.WriteEndObject();
        }

        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    private static IReadOnlyList<JsonElement> Array(JsonElement parent, string name) =>
        parent.ValueKind == JsonValueKind.Object && parent.TryGetProperty(name, out var array) && array.ValueKind == JsonValueKind.Array
            ? array.EnumerateArray().ToArray()
            : [];

    private static string MimeTypeOf(JsonElement element) =>
        element.TryGetProperty("mimeType", out var mime) && mime.GetString() is { Length: > 0 } text ? text : "image/png";
}
