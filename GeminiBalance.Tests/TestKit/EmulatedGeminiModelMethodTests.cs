using System.Net;
using System.Text.Json.Nodes;
using GeminiBalance.Tests.TestKit.GeminiEmulator;
using static GeminiBalance.Tests.TestKit.EmulatedGeminiWire;

namespace GeminiBalance.Tests.TestKit;

public sealed class EmulatedGeminiModelMethodTests : EmulatedGeminiFixture
{
    [Fact]
    public async Task ListModelsPagesWithOpaqueTokensAndOmitsTheLastToken()
    {
        var names = new List<string>();
        var tokens = 0;
        var query = "pageSize=4";
        while (true)
        {
            using var response = await Http.SendAsync(Get($"/v1beta/models?{query}", GoodKey));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var page = (JsonObject)await ReadJsonAsync(response);
            names.AddRange(page["models"]!.AsArray().Select(m => (string)m!["name"]!));
            if (!page.TryGetPropertyValue("nextPageToken", out var token))
            {
                break;
            }

            tokens++;
            query = $"pageSize=4&pageToken={Uri.EscapeDataString((string)token!)}";
        }

        Assert.Equal(1, tokens);
        Assert.Equal(EmulatedModels.All.Count, names.Count);
        Assert.Contains("models/gemini-2.5-flash", names);
        Assert.Contains("models/imagen-4.0-generate-001", names);
    }

    [Fact]
    public async Task ListModelsDefaultsToOnePageOfEverything()
    {
        using var response = await Http.SendAsync(Get("/v1beta/models", GoodKey));

        var page = (JsonObject)await ReadJsonAsync(response);
        Assert.Equal(EmulatedModels.All.Count, page["models"]!.AsArray().Count);
        Assert.False(page.ContainsKey("nextPageToken"));
    }

    [Fact]
    public async Task GetModelReturnsTheModelOr404()
    {
        using var found = await Http.SendAsync(Get("/v1beta/models/gemini-embedding-001", GoodKey));
        using var missing = await Http.SendAsync(Get("/v1beta/models/nope", GoodKey));

        var model = await ReadJsonAsync(found);
        Assert.Equal("models/gemini-embedding-001", (string?)model["name"]);
        Assert.Contains("embedContent", model["supportedGenerationMethods"]!.AsArray().Select(m => (string?)m));
        Assert.True((int?)model["inputTokenLimit"] > 0);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Theory]
    [InlineData("""{"contents":[{"parts":[{"text":"one two three"}]}]}""")]
    [InlineData("""{"generateContentRequest":{"model":"models/gemini-2.5-flash","contents":[{"role":"user","parts":[{"text":"one two three"}]}]}}""")]
    public async Task CountTokensAcceptsBothRequestShapes(string body)
    {
        using var response = await Http.SendAsync(Post("/v1beta/models/gemini-2.5-flash:countTokens", body, GoodKey));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(3, (int?)(await ReadJsonAsync(response))["totalTokens"]);
    }

    [Fact]
    public async Task EmbedContentIsDeterministicPerText()
    {
        const string path = "/v1beta/models/gemini-embedding-001:embedContent";
        const string cat = """{"content":{"parts":[{"text":"cat"}]},"outputDimensionality":8}""";
        const string dog = """{"content":{"parts":[{"text":"dog"}]},"output_dimensionality":8}""";

        var first = await EmbeddingAsync(path, cat);
        var again = await EmbeddingAsync(path, cat);
        var other = await EmbeddingAsync(path, dog);

        Assert.Equal(8, first.Count);
        Assert.Equal(first, again);
        Assert.NotEqual(first, other);
    }

    [Fact]
    public async Task EmbedContentDefaultsToTheModelsDimensions()
    {
        var values = await EmbeddingAsync("/v1beta/models/text-embedding-004:embedContent", """{"content":{"parts":[{"text":"x"}]}}""");

        Assert.Equal(768, values.Count);
    }

    [Fact]
    public async Task BatchEmbedContentsReturnsOneEmbeddingPerRequest()
    {
        const string body = """
            {"requests":[{"model":"models/text-embedding-004","content":{"parts":[{"text":"a"}]}},
                         {"model":"models/text-embedding-004","content":{"parts":[{"text":"b"}]}}]}
            """;

        using var response = await Http.SendAsync(Post("/v1beta/models/text-embedding-004:batchEmbedContents", body, GoodKey));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var embeddings = (await ReadJsonAsync(response))["embeddings"]!.AsArray();
        Assert.Equal(2, embeddings.Count);
        Assert.Equal(768, embeddings[0]!["values"]!.AsArray().Count);
    }

    [Fact]
    public async Task BatchEmbedContentsWithAnotherModelInsideGets400()
    {
        const string body = """{"requests":[{"model":"models/gemini-embedding-001","content":{"parts":[{"text":"a"}]}}]}""";

        var (status, error) = await Http.SendForErrorAsync(Post("/v1beta/models/text-embedding-004:batchEmbedContents", body, GoodKey));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("INVALID_ARGUMENT", (string?)error["status"]);
    }

    [Fact]
    public async Task PredictReturnsSampleCountImagesPerInstance()
    {
        const string body = """{"instances":[{"prompt":"a robot"},{"prompt":"a cat"}],"parameters":{"sampleCount":2}}""";

        using var response = await Http.SendAsync(Post("/v1beta/models/imagen-4.0-generate-001:predict", body, GoodKey));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var predictions = (await ReadJsonAsync(response))["predictions"]!.AsArray();
        Assert.Equal(4, predictions.Count);
        Assert.Equal("image/png", (string?)predictions[0]!["mimeType"]);
        var png = Convert.FromBase64String((string)predictions[0]!["bytesBase64Encoded"]!);
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], png[..4]);
    }

    private async Task<List<double>> EmbeddingAsync(string path, string body)
    {
        using var response = await Http.SendAsync(Post(path, body, GoodKey));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return [.. (await ReadJsonAsync(response))["embedding"]!["values"]!.AsArray().Select(v => (double)v!)];
    }
}
