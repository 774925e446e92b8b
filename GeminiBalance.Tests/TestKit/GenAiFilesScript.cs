using System.Text.Json;

namespace GeminiBalance.Tests.TestKit;

/// <summary>
/// Runs Sdk/genai-files.mjs: the Google Gen AI SDK's files.upload → models.generateContent (three times) and
/// generateContentStream with the file → files.list → files.get → files.delete through a proxy.
/// </summary>
internal static class GenAiFilesScript
{
    public static async Task<JsonDocument> RunAsync(ProxyHost proxy, string filePath, string mimeType) =>
        JsonDocument.Parse(await NodeScript.RunAsync("genai-files.mjs", proxy.BaseUrl.ToString().TrimEnd('/'), ProxyHost.ClientToken, filePath, mimeType));
}
