using System.ClientModel;
using System.Net;
using System.Text.Json;
using GeminiBalance.Tests.TestKit;

namespace GeminiBalance.Tests.Integration;

/// <summary>GET models and models/{id} through the official OpenAI .NET SDK, on every prefix and on the /v1 path shared with Gemini.</summary>
[Collection(ProxyCollection.Name)]
public sealed class OpenAiModelsTests(AzuriteFixture storage)
{
    private static readonly Dictionary<string, string?> Settings = new()
    {
        ["SEARCH_MODELS"] = "gemini-2.5-flash",
        ["IMAGE_MODELS"] = "gemini-2.5-pro",
        ["FILTERED_MODELS"] = "text-embedding-004",
    };

    [Theory]
    [InlineData("v1")]
    [InlineData("openai/v1")]
    [InlineData("hf/v1")]
    public async Task SdkListsEveryPageWithVariantsAndWithoutFilteredModels(string prefix)
    {
        await using var upstream = await EmulatedGemini.StartAsync();
        upstream.SetKey("pool-1", new KeyBehavior.Good());
        upstream.ModelsPageLimit = 2;
        await using var proxy = await ProxyHost.StartAsync(upstream, storage, ["pool-1"], Settings);

        var models = (await OpenAiSdk.Client(proxy, prefix).GetOpenAIModelClient().GetModelsAsync()).Value;

        var ids = models.Select(model => model.Id).ToList();
        Assert.Equal(["gemini-2.5-flash", "gemini-2.5-flash-search", "gemini-2.5-pro", "gemini-2.5-pro-image", "gemini-2.5-flash-lite", "gemini-embedding-001", "imagen-4.0-generate-001", "gemini-2.5-flash-preview-tts", "gemini-2.5-flash-image", "imagen-4.0-generate-001-chat"], ids);
        Assert.All(models, model => Assert.Equal("google", model.OwnedBy));
        // Eight emulated models in pages of two: four upstream calls, each after the first following the previous page's token.
        Assert.Equal(4, upstream.Requests.Count);
        Assert.All(upstream.Requests, request => Assert.Equal("/v1beta/models", request.Path));
        Assert.All(upstream.Requests.Skip(1), request => Assert.Contains("pageToken=", request.Query));
    }

    [Fact]
    public async Task ListIsKeptForAMinuteSoRepeatedCallsDoNotReachUpstream()
    {
        await using var upstream = await EmulatedGemini.StartAsync();
        upstream.SetKey("pool-1", new KeyBehavior.Good());
        await using var proxy = await ProxyHost.StartAsync(upstream, storage, ["pool-1"], Settings);
        var client = OpenAiSdk.Client(proxy, "openai/v1").GetOpenAIModelClient();

        await client.GetModelsAsync();
        await client.GetModelsAsync();
        await client.GetModelAsync("gemini-2.5-flash");

        Assert.Single(upstream.Requests);
    }

    [Fact]
    public async Task GetReturnsOneModelVariantsIncludedAnd404ModelNotFoundOtherwise()
    {
        await using var upstream = await EmulatedGemini.StartAsync();
        upstream.SetKey("pool-1", new KeyBehavior.Good());
        await using var proxy = await ProxyHost.StartAsync(upstream, storage, ["pool-1"], Settings);
        var client = OpenAiSdk.Client(proxy).GetOpenAIModelClient();

        var variant = (await client.GetModelAsync("gemini-2.5-flash-search")).Value;
        var missing = await Assert.ThrowsAsync<ClientResultException>(() => client.GetModelAsync("text-embedding-004"));
        using var raw = await proxy.Client.SendAsync(OpenAiSdk.Request(HttpMethod.Get, "hf/v1/models/gpt-4o"));

        Assert.Equal("gemini-2.5-flash-search", variant.Id);
        Assert.Equal(404, missing.Status);
        Assert.Equal(HttpStatusCode.NotFound, raw.StatusCode);
        using var error = JsonDocument.Parse(await raw.Content.ReadAsStringAsync());
        var body = error.RootElement.GetProperty("error");
        Assert.Equal("model_not_found", body.GetProperty("code").GetString());
        Assert.Equal("invalid_request_error", body.GetProperty("type").GetString());
        Assert.Contains("gpt-4o", body.GetProperty("message").GetString());
    }

    [Theory]
    [InlineData("v1/models")]
    [InlineData("v1/models/gemini-2.5-flash")]
    public async Task SharedV1PathAnswersInTheShapeTheCredentialImplies(string path)
    {
        await using var upstream = await EmulatedGemini.StartAsync();
        upstream.SetKey("pool-1", new KeyBehavior.Good());
        await using var proxy = await ProxyHost.StartAsync(upstream, storage, ["pool-1"], Settings);

        using var openAi = await proxy.Client.SendAsync(OpenAiSdk.Request(HttpMethod.Get, path));
        using var googleHeader = await proxy.Client.SendAsync(proxy.Request(HttpMethod.Get, path));
        using var googleQuery = await proxy.Client.GetAsync($"{path}?key={ProxyHost.ClientToken}");

        using var openAiBody = JsonDocument.Parse(await openAi.Content.ReadAsStringAsync());
        var isList = path.EndsWith("models", StringComparison.Ordinal);
        Assert.Equal(isList ? "list" : "model", openAiBody.RootElement.GetProperty("object").GetString());
        foreach (var google in new[] { googleHeader, googleQuery })
        {
            Assert.Equal(HttpStatusCode.OK, google.StatusCode);
            using var body = JsonDocument.Parse(await google.Content.ReadAsStringAsync());
            Assert.True(isList ? body.RootElement.TryGetProperty("models", out _) : body.RootElement.GetProperty("name").GetString() == "models/gemini-2.5-flash");
        }

        // Gemini's shape came from Gemini's own v1 listing, passed through.
        Assert.Contains(upstream.Requests, request => request.Path.StartsWith("/v1/models", StringComparison.Ordinal));
    }

    [Fact]
    public async Task SharedV1PathRefusesAWrongTokenInTheCallersShape()
    {
        await using var upstream = await EmulatedGemini.StartAsync();
        await using var proxy = await ProxyHost.StartAsync(upstream, storage, ["pool-1"]);

        var sdkFailure = await Assert.ThrowsAsync<ClientResultException>(() => OpenAiSdk.Client(proxy, token: "wrong").GetOpenAIModelClient().GetModelsAsync());
        using var openAi = await proxy.Client.SendAsync(OpenAiSdk.Request(HttpMethod.Get, "v1/models", token: "wrong"));
        using var google = await proxy.Client.GetAsync("v1/models?key=wrong");

        Assert.Equal(401, sdkFailure.Status);
        using var openAiBody = JsonDocument.Parse(await openAi.Content.ReadAsStringAsync());
        Assert.Equal("invalid_api_key", openAiBody.RootElement.GetProperty("error").GetProperty("code").GetString());
        using var googleBody = JsonDocument.Parse(await google.Content.ReadAsStringAsync());
        Assert.Equal("UNAUTHENTICATED", googleBody.RootElement.GetProperty("error").GetProperty("status").GetString());
        Assert.Empty(upstream.Requests);
    }

    [Fact]
    public async Task ListIsServedPastAFailingKey()
    {
        await using var upstream = await EmulatedGemini.StartAsync();
        upstream.SetKey("bad", new KeyBehavior.Invalid());
        upstream.SetKey("good", new KeyBehavior.Good());
        await using var proxy = await ProxyHost.StartAsync(upstream, storage, ["bad", "good"]);

        var models = (await OpenAiSdk.Client(proxy, "openai/v1").GetOpenAIModelClient().GetModelsAsync()).Value;

        Assert.NotEmpty(models);
        Assert.Equal(["bad", "good"], upstream.Requests.Select(request => request.Key));
    }
}
