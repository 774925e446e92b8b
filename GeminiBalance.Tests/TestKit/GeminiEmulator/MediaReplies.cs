using System.Buffers.Binary;
using System.Text.Json.Nodes;

namespace GeminiBalance.Tests.TestKit.GeminiEmulator;

/// <summary>
/// generateContent on media-output models: a TTS model answers one <c>inlineData</c> audio part of headerless 16-bit
/// little-endian mono PCM at 24 kHz (docs/protocols.md#gemini-speech); an image model asked for IMAGE answers a text part and an
/// <c>inlineData</c> PNG (A.8). Models that cannot produce a requested modality refuse it with a 400.
/// </summary>
internal static class MediaReplies
{
    public const int SampleRate = 24_000;

    // Audio length per spoken word, so tests can tell a longer input from a shorter one.
    public const int SamplesPerWord = 2_400;

    /// <returns>The reply, or null when the request is a plain text one for <see cref="GenerateContentReplies"/>.</returns>
    public static JsonObject? For(JsonObject body, EmulatedModel model, GeminiPrompt prompt, string responseId)
    {
        var modalities = Modalities(body);
        var isTts = model.Id.EndsWith("-tts", StringComparison.Ordinal);
        var isImage = model.Id.Contains("-image", StringComparison.Ordinal);
        if (isTts != modalities.Contains("AUDIO") || (modalities.Contains("IMAGE") && !isImage))
        {
            throw new EmulatedErrorException(EmulatedErrors.InvalidArgument(
                $"The requested combination of response modalities ({string.Join(", ", modalities)}) is not supported by the model {model.Id}."));
        }

        if (isTts)
        {
            var words = GeminiPrompt.CountWords(prompt.LastUserText);
            return Reply(new JsonArray(InlineData("audio/L16;codec=pcm;rate=24000", Pcm(words * SamplesPerWord))), prompt, words * 25, model.Id, responseId);
        }

        return modalities.Contains("IMAGE")
            ? Reply(new JsonArray(new JsonObject { ["text"] = "Here is your image." }, InlineData("image/png", Convert.FromBase64String(ModelActionReplies.PngBase64))), prompt, 1290, model.Id, responseId)
            : null;
    }

    private static string[] Modalities(JsonObject body) =>
        JsonFields.GetObject(body, "generationConfig", "generation_config", "GenerationConfig") is { } config
        && JsonFields.GetArray(config, "responseModalities", "generation_config.response_modalities", "Modality") is { } list
            ? list.Select(item => item?.GetValue<string>().ToUpperInvariant() ?? "").ToArray()
            : [];

    private static JsonObject InlineData(string mimeType, byte[] data) =>
        new() { ["inlineData"] = new JsonObject { ["mimeType"] = mimeType, ["data"] = Convert.ToBase64String(data) } };

    private static byte[] Pcm(int samples)
    {
        var bytes = new byte[samples * 2];
        for (var i = 0; i < samples; i++)
        {
            BinaryPrimitives.WriteInt16LittleEndian(bytes.AsSpan(i * 2), (short)((i * 37 % 2000) - 1000));
        }

        return bytes;
    }

    private static JsonObject Reply(JsonArray parts, GeminiPrompt prompt, int candidateTokens, string modelId, string responseId) => new()
    {
        ["candidates"] = new JsonArray(new JsonObject
        {
            ["content"] = new JsonObject { ["parts"] = parts, ["role"] = "model" },
            ["finishReason"] = "STOP",
            ["index"] = 0,
        }),
        ["usageMetadata"] = new JsonObject
        {
            ["promptTokenCount"] = prompt.TokenCount,
            ["candidatesTokenCount"] = candidateTokens,
            ["totalTokenCount"] = prompt.TokenCount + candidateTokens,
        },
        ["modelVersion"] = modelId,
        ["responseId"] = responseId,
    };
}
