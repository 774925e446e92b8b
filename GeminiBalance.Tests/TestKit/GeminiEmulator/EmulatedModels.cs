namespace GeminiBalance.Tests.TestKit.GeminiEmulator;

/// <summary>The models the emulator knows, with limits and methods as Google lists them.</summary>
internal static class EmulatedModels
{
    private static readonly string[] ChatMethods = ["generateContent", "countTokens", "createCachedContent", "batchGenerateContent"];

    public static IReadOnlyList<EmulatedModel> All { get; } =
    [
        new("gemini-2.5-flash", "001", "Gemini 2.5 Flash", 1_048_576, 65_536, ChatMethods),
        new("gemini-2.5-pro", "2.5", "Gemini 2.5 Pro", 1_048_576, 65_536, ChatMethods),
        new("gemini-2.5-flash-lite", "001", "Gemini 2.5 Flash-Lite", 1_048_576, 65_536, ChatMethods),
        new("gemini-embedding-001", "001", "Gemini Embedding 001", 2_048, 1, ["embedContent", "countTextTokens", "countTokens", "asyncBatchEmbedContent"], 3072),
        new("text-embedding-004", "004", "Text Embedding 004", 2_048, 1, ["embedContent"], 768),
        new("imagen-4.0-generate-001", "001", "Imagen 4", 480, 8_192, ["predict"]),
        new("gemini-2.5-flash-preview-tts", "gemini-2.5-flash-exp-tts-2025-05-19", "Gemini 2.5 Flash Preview TTS", 8_192, 16_384, ["countTokens", "generateContent"]),
        new("gemini-2.5-flash-image", "2.0", "Nano Banana", 32_768, 32_768, ["generateContent", "countTokens", "batchGenerateContent"]),
    ];

    public static EmulatedModel? Find(string id) => All.FirstOrDefault(m => m.Id == id);
}
