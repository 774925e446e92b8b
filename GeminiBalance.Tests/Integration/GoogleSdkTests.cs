using System.Text.Json;
using GeminiBalance.Tests.TestKit;

namespace GeminiBalance.Tests.Integration;

/// <summary>The official Google Gen AI SDK (@google/genai, pinned in package.json) pointed at the proxy with httpOptions.baseUrl.</summary>
[Collection(ProxyCollection.Name)]
public sealed class GoogleSdkTests(AzuriteFixture storage)
{
    [Theory]
    [InlineData("v1beta")]
    [InlineData("v1")]
    public async Task GoogleGenAiSdkGeneratesStreamsCountsEmbedsAndListsThroughTheProxy(string apiVersion)
    {
        await using var upstream = await EmulatedGemini.StartAsync();
        string[] poolKeys = ["sdk-pool-key-1", "sdk-pool-key-2"];
        foreach (var key in poolKeys)
        {
            upstream.SetKey(key, new KeyBehavior.Good());
        }

        upstream.StreamChunkCount = 3;
        await using var proxy = await ProxyHost.StartAsync(upstream, storage, poolKeys);

        var output = await NodeScript.RunAsync("genai-sdk.mjs", proxy.BaseUrl.ToString().TrimEnd('/'), ProxyHost.ClientToken, apiVersion);

        using var result = JsonDocument.Parse(output);
        var root = result.RootElement;
        Assert.Equal("echo: hello from the sdk", root.GetProperty("generate").GetString());
        Assert.Equal(3, root.GetProperty("stream").GetArrayLength());
        Assert.Equal(3, root.GetProperty("countTokens").GetInt32());
        Assert.True(root.GetProperty("embeddingLength").GetInt32() > 0);
        var models = root.GetProperty("models").EnumerateArray().Select(model => model.GetString()).ToList();
        Assert.Contains("models/gemini-2.5-flash", models);
        Assert.True(models.Count > 2, "the SDK should have followed nextPageToken past the first page of 2");
        Assert.Equal(401, root.GetProperty("wrongToken").GetInt32());

        // The upstream saw only pool keys, and only the API version the SDK asked for.
        Assert.NotEmpty(upstream.Requests);
        Assert.All(upstream.Requests, request =>
        {
            Assert.Contains(request.Key, poolKeys);
            Assert.StartsWith($"/{apiVersion}/", request.Path);
        });
    }
}
