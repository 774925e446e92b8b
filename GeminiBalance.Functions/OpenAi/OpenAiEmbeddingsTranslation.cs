using System.Buffers.Binary;
using System.Text.Json;

namespace GeminiBalance.OpenAi;

/// <summary>OpenAI embeddings ↔ Gemini <c>batchEmbedContents</c> (docs/protocols.md#media-to-gemini), pure.</summary>
internal static class OpenAiEmbeddingsTranslation
{
    // Gemini refuses batches of more than 100 requests, so longer inputs go up in several calls.
    public const int BatchSize = 100;

    /// <summary>The batchEmbedContents body for inputs [<paramref name="start"/>, start + count); every request names the model, as Gemini requires.</summary>
    public static byte[] ToGemini(OpenAiEmbeddingsRequest request, int start, int count) => GeminiRequestJson.Build(writer =>
    {
        writer.WriteStartObject();
        writer.WriteStartArray("requests");
        foreach (var text in request.Inputs.Skip(start).Take(count))
        {
            writer.WriteStartObject();
            writer.WriteString("model", "models/" + request.Model);
            writer.WriteStartObject("content");
            GeminiRequestJson.WriteTextPart(writer, text);
            writer.WriteEndObject();
            if (request.Dimensions is { } dimensions)
            {
                writer.WriteNumber("outputDimensionality", dimensions);
            }

            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    });

    /// <returns>The vectors of a batchEmbedContents answer, or null when it does not hold <paramref name="expected"/> of them.</returns>
    public static float[][]? ReadVectors(JsonElement answer, int expected)
    {
        if (!answer.TryGetProperty("embeddings", out var embeddings) || embeddings.ValueKind != JsonValueKind.Array || embeddings.GetArrayLength() != expected)
        {
            return null;
        }

        var vectors = new float[expected][];
        var index = 0;
        foreach (var embedding in embeddings.EnumerateArray())
        {
            if (!embedding.TryGetProperty("values", out var values) || values.ValueKind != JsonValueKind.Array)
            {
                return null;
            }

            vectors[index++] = values.EnumerateArray().Select(value => value.GetSingle()).ToArray();
        }

        return vectors;
    }

    /// <summary>
    /// OpenAI's answer, in input order. Gemini reports no token usage for embeddings; rather than spend a countTokens
    /// call per request on an estimate, usage is 0.
    /// </summary>
    public static void WriteResponse(Utf8JsonWriter writer, OpenAiEmbeddingsRequest request, IReadOnlyList<float[]> vectors)
    {
        writer.WriteStartObject();
        writer.WriteString("object", "list");
        writer.WriteStartArray("data");
        for (var i = 0; i < vectors.Count; i++)
        {
            writer.WriteStartObject();
            writer.WriteString("object", "embedding");
            writer.WriteNumber("index", i);
            if (request.Base64)
            {
                writer.WriteBase64String("embedding", LittleEndianFloats(vectors[i]));
            }
            else
            {
                writer.WriteStartArray("embedding");
                foreach (var value in vectors[i])
                {
                    writer.WriteNumberValue(value);
                }

                writer.WriteEndArray();
            }

            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteString("model", request.Model);
        writer.WriteStartObject("usage");
        writer.WriteNumber("prompt_tokens", 0);
        writer.WriteNumber("total_tokens", 0);
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    // What OpenAI's base64 encoding is and its SDKs decode: float32, little-endian, whatever this machine's order.
    private static byte[] LittleEndianFloats(float[] values)
    {
        var bytes = new byte[values.Length * sizeof(float)];
        for (var i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * sizeof(float)), values[i]);
        }

        return bytes;
    }
}
