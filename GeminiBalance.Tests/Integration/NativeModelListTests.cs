using System.Net;
using System.Text.Json.Nodes;
using GeminiBalance.Tests.TestKit;

namespace GeminiBalance.Tests.Integration;

/// <summary>The native model lists (v1beta and v1) as gemini-balance shows them: variants listed, FILTERED_MODELS hidden, paged.</summary>
[Collection(ProxyCollection.Name)]
public sealed class NativeModelListTests(AzuriteFixture storage)
{
    private const string PoolKey = "pool-1";

    private static readonly Dictionary<string, string?> Settings = new()
    {
        ["FILTERED_MODELS"] = "text-embedding-004",
        ["THINKING_MODELS"] = "gemini-2.5-pro",
        ["IMAGE_MODELS"] = "gemini-2.5-flash-image",
    };

    [Theory]
    [InlineData("v1beta/models", "/v1beta/models")]
    [InlineData("gemini/v1beta/models", "/v1beta/models")]
    [InlineData("v1/models", "/v1/models")]
    public async Task EveryPageTogetherListsTheVariantsAfterTheirBaseAndNoFilteredModel(string path, string upstreamPath)
    {
        await using var upstream = await EmulatedGemini.StartAsync();
        upstream.SetKey(PoolKey, new KeyBehavior.Good());
        await using var proxy = await ProxyHost.StartAsync(upstream, storage, [PoolKey], Settings);

        var models = new List<JsonNode>();
        string? token = null;
        var pages = 0;
        do
        {
            var answer = await GetAsync(proxy, $"{path}?pageSize=3" + (token is null ? "" : "&pageToken=" + Uri.EscapeDataString(token)));
            var page = answer["models"]!.AsArray();
            Assert.InRange(page.Count, 1, 3);
            models.AddRange(page.Select(model => model!));
            token = (string?)answer["nextPageToken"];
            pages++;
        }
        while (token is not null);

        var names = models.Select(model => (string)model["name"]!).ToList();
        Assert.Equal(names.Count, names.Distinct().Count());
        Assert.Equal((names.Count + 2) / 3, pages);
        Assert.Equal(names.IndexOf("models/gemini-2.5-flash") + 1, names.IndexOf("models/gemini-2.5-flash-search"));
        Assert.Equal(names.IndexOf("models/gemini-2.5-pro") + 1, names.IndexOf("models/gemini-2.5-pro-search"));
        Assert.Equal(names.IndexOf("models/gemini-2.5-pro") + 2, names.IndexOf("models/gemini-2.5-pro-non-thinking"));
        Assert.Equal(names.IndexOf("models/gemini-2.5-flash-image") + 1, names.IndexOf("models/gemini-2.5-flash-image-image"));
        Assert.DoesNotContain("models/text-embedding-004", names);
        var search = models.Single(model => (string?)model["name"] == "models/gemini-2.5-flash-search");
        var flash = models.Single(model => (string?)model["name"] == "models/gemini-2.5-flash");
        Assert.Equal("Gemini 2.5 Flash For Search", (string?)search["displayName"]);
        Assert.Equal("Gemini 2.5 Pro Non Thinking", (string?)models.Single(model => (string?)model["name"] == "models/gemini-2.5-pro-non-thinking")["displayName"]);
        // A copy of its base in everything else.
        Assert.Equal(flash["inputTokenLimit"]!.ToJsonString(), search["inputTokenLimit"]!.ToJsonString());
        Assert.Equal(flash["supportedGenerationMethods"]!.ToJsonString(), search["supportedGenerationMethods"]!.ToJsonString());
        // One upstream walk for every page: the list is kept a minute.
        Assert.All(upstream.Requests, request => Assert.Equal(upstreamPath, request.Path));
        Assert.Single(upstream.Requests);
    }

    [Fact]
    public async Task AVariantIsServedFromTheListAndAFilteredModelIsNotFound()
    {
        await using var upstream = await EmulatedGemini.StartAsync();
        upstream.SetKey(PoolKey, new KeyBehavior.Good());
        await using var proxy = await ProxyHost.StartAsync(upstream, storage, [PoolKey], Settings);

        var variant = await GetAsync(proxy, "v1beta/models/gemini-2.5-flash-search");
        var real = await GetAsync(proxy, "v1beta/models/gemini-2.5-flash");
        using var filtered = await proxy.Client.SendAsync(proxy.Request(HttpMethod.Get, "v1beta/models/text-embedding-004"));
        using var forged = await proxy.Client.SendAsync(proxy.Request(HttpMethod.Get, "v1beta/models?pageToken=b2s="));

        Assert.Equal("models/gemini-2.5-flash-search", (string?)variant["name"]);
        Assert.Equal("Gemini 2.5 Flash For Search", (string?)variant["displayName"]);
        Assert.Equal("models/gemini-2.5-flash", (string?)real["name"]);
        Assert.Equal(HttpStatusCode.NotFound, filtered.StatusCode);
        Assert.Equal("NOT_FOUND", (string?)JsonNode.Parse(await filtered.Content.ReadAsStringAsync())!["error"]!["status"]);
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        // The variant came from the list, the real model from Google's GetModel; the filtered one reached nobody.
        Assert.Equal(["/v1beta/models", "/v1beta/models/gemini-2.5-flash"], upstream.Requests.Select(request => request.Path));
    }

    private static async Task<JsonNode> GetAsync(ProxyHost proxy, string path)
    {
        using var response = await proxy.Client.SendAsync(proxy.Request(HttpMethod.Get, path));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        return JsonNode.Parse(text)!;
    }
}
