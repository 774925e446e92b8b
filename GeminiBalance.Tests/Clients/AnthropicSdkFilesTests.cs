using System.Text.Json;
using System.Text.Json.Nodes;
using GeminiBalance.Tests.Integration;
using GeminiBalance.Tests.TestKit;

namespace GeminiBalance.Tests.Clients;

/// <summary>
/// A file uploaded through the proxy's Gemini Files API (by @google/genai) then used from the Anthropic TypeScript SDK,
/// whose Files API beta names files in <c>file</c> sources: the proxy serves no Anthropic upload route, so the id is the
/// Gemini file's (<c>files/…</c>).
/// </summary>
[Collection(ProxyCollection.Name)]
public sealed class AnthropicSdkFilesTests(AzuriteFixture storage)
{
    private const string PoolKey = "pool-key-secret-AIzaSyAnthropicFiles";

    [Fact]
    public async Task AnthropicSdkUsesFilesUploadedThroughTheProxy()
    {
        await using var upstream = await EmulatedGemini.StartAsync();
        upstream.SetKey(PoolKey, new KeyBehavior.Good());
        await using var proxy = await ProxyHost.StartAsync(upstream, storage, [PoolKey]);
        var folder = Directory.CreateTempSubdirectory("gb-files-");
        try
        {
            var pdf = Path.Combine(folder.FullName, "report.pdf");
            var png = Path.Combine(folder.FullName, "photo.png");
            await File.WriteAllTextAsync(pdf, "%PDF-1.4 emulated");
            await File.WriteAllBytesAsync(png, Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="));

            using var output = JsonDocument.Parse(await NodeScript.RunAsync("anthropic-sdk-file.mjs", proxy.BaseUrl.ToString().TrimEnd('/'), ProxyHost.ClientToken, pdf, png));
            var result = output.RootElement;

            Assert.Equal("echo: compare the two files", result.GetProperty("plain").GetString());
            Assert.Equal("chunk 0 chunk 1 chunk 2 ", result.GetProperty("streamed").GetString());
            var files = result.GetProperty("files").EnumerateArray().Select(f => f.GetString()!).ToList();
            var generated = upstream.Requests.Where(r => r.Path.Contains("enerateContent")).ToList();
            Assert.Equal(2, generated.Count);
            foreach (var request in generated)
            {
                var parts = JsonNode.Parse(request.Body)!["contents"]![0]!["parts"]!.AsArray();
                Assert.Equal(
                    files.Select(f => $"https://generativelanguage.googleapis.com/v1beta/{f}"),
                    parts.Where(p => p!["fileData"] is not null).Select(p => (string?)p!["fileData"]!["fileUri"]));
            }
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}
