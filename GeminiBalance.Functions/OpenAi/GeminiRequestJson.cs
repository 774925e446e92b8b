using System.Text.Json;

namespace GeminiBalance.OpenAi;

/// <summary>The pieces of Gemini request bodies the OpenAI media endpoints share.</summary>
internal static class GeminiRequestJson
{
    public static byte[] Build(Action<Utf8JsonWriter> write)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(1024);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            write(writer);
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary><c>"contents"</c> holding one user turn of one text part.</summary>
    public static void WriteUserText(Utf8JsonWriter writer, string text)
    {
        writer.WriteStartArray("contents");
        writer.WriteStartObject();
        writer.WriteString("role", "user");
        WriteTextPart(writer, text);
        writer.WriteEndObject();
        writer.WriteEndArray();
    }

    /// <summary><c>"parts"</c> holding one text part, inside an open Content.</summary>
    public static void WriteTextPart(Utf8JsonWriter writer, string text)
    {
        writer.WriteStartArray("parts");
        writer.WriteStartObject();
        writer.WriteString("text", text);
        writer.WriteEndObject();
        writer.WriteEndArray();
    }

    /// <summary><c>"responseModalities"</c> inside an open generationConfig.</summary>
    public static void WriteResponseModalities(Utf8JsonWriter writer, params string[] modalities)
    {
        writer.WriteStartArray("responseModalities");
        foreach (var modality in modalities)
        {
            writer.WriteStringValue(modality);
        }

        writer.WriteEndArray();
    }
}
