using System.Buffers.Binary;
using System.Net;
using System.Text.Json;
using GeminiBalance.Tests.TestKit;
using OpenAI.Embeddings;

namespace GeminiBalance.Tests.Integration;

[Collection(ProxyCollection.Name)]
public sealed class OpenAiEmbeddingsTests(AzuriteFixture storage)
{
    private const string Model = "gemini-embedding-001";

    [Theory]
    [InlineData("v1")]
    [InlineData("openai/v1")]
    [InlineData("hf/v1")]
    public async Task SdkVectorsEqualTheFloatAnswerAndRawBase64DecodesToTheSame(string prefix)
    {
        await using var upstream = await EmulatedGemini.StartAsync();
        upstream.SetKey("pool-1", new KeyBehavior.Good());
        await using var proxy = await ProxyHost.StartAsync(upstream, storage, ["pool-1"]);

        var sdk = (await OpenAiSdk.Client(proxy, prefix).GetEmbeddingClient(Model)
            .GenerateEmbeddingsAsync(["first text", "second text"], new EmbeddingGenerationOptions { Dimensions = 16 })).Value;
        var floats = await PostAsync(proxy, prefix, """{"model":"gemini-embedding-001","input":["first text","second text"],"dimensions":16}""");
        var base64 = await PostAsync(proxy, prefix, """{"model":"gemini-embedding-001","input":["first text","second text"],"dimensions":16,"encoding_format":"base64"}""");

        for (var i = 0; i < 2; i++)
        {
            var expected = floats.GetProperty("data")[i].GetProperty("embedding").EnumerateArray().Select(value => value.GetSingle()).ToArray();
            Assert.Equal(16, expected.Length);
            Assert.Equal(i, sdk[i].Index);
            Assert.Equal(expected, sdk[i].ToFloats().ToArray());
            Assert.Equal(expected, Decode(base64.GetProperty("data")[i].GetProperty("embedding").GetString()!));
        }

        Assert.NotEqual(sdk[0].ToFloats().ToArray(), sdk[1].ToFloats().ToArray());
        Assert.Contains("\"outputDimensionality\":16", upstream.Requests[0].Body);
        Assert.Equal($"/v1beta/models/{Model}:batchEmbedContents", upstream.Requests[0].Path);
    }

    [Fact]
    public async Task MoreInputsThanOneGeminiBatchGoUpInSeveralCallsAndComeBackInOrder()
    {
        await using var upstream = await EmulatedGemini.StartAsync();
        upstream.SetKey("pool-1", new KeyBehavior.Good());
        await using var proxy = await ProxyHost.StartAsync(upstream, storage, ["pool-1"]);
        var inputs = Enumerable.Range(0, 150).Select(i => $"text number {i}").ToArray();
        var client = OpenAiSdk.Client(proxy).GetEmbeddingClient(Model);
        var options = new EmbeddingGenerationOptions { Dimensions = 4 };

        var all = (await client.GenerateEmbeddingsAsync(inputs, options)).Value;
        var alone = (await client.GenerateEmbeddingAsync(inputs[120], options)).Value;

        Assert.Equal(150, all.Count);
        Assert.Equal(Enumerable.Range(0, 150), all.Select(embedding => embedding.Index));
        Assert.Equal(alone.ToFloats().ToArray(), all[120].ToFloats().ToArray());
        Assert.Equal(3, upstream.Requests.Count);
    }

    [Fact]
    public async Task TokenArraysAreRefusedWithA400NamingInputAndNeverSent()
    {
        await using var upstream = await EmulatedGemini.StartAsync();
        await using var proxy = await ProxyHost.StartAsync(upstream, storage, ["pool-1"]);

        using var response = await proxy.Client.SendAsync(OpenAiSdk.Request(HttpMethod.Post, "v1/embeddings", """{"model":"gemini-embedding-001","input":[[1,2,3]]}"""));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var error = body.RootElement.GetProperty("error");
        Assert.Equal("input", error.GetProperty("param").GetString());
        Assert.Equal("invalid_request_error", error.GetProperty("type").GetString());
        Assert.Contains("Token arrays", error.GetProperty("message").GetString());
        Assert.Empty(upstream.Requests);
    }

    [Fact]
    public async Task RateLimitedKeyIsPassedOverAndAnUnknownModelIsA404InOpenAisShape()
    {
        await using var upstream = await EmulatedGemini.StartAsync();
        upstream.SetKey("limited", new KeyBehavior.RateLimited(TimeSpan.FromMinutes(5)));
        upstream.SetKey("good", new KeyBehavior.Good());
        await using var proxy = await ProxyHost.StartAsync(upstream, storage, ["limited", "good"]);

        var embedded = (await OpenAiSdk.Client(proxy).GetEmbeddingClient(Model).GenerateEmbeddingAsync("hello")).Value;
        using var unknown = await proxy.Client.SendAsync(OpenAiSdk.Request(HttpMethod.Post, "v1/embeddings", """{"model":"text-embedding-3-small","input":"hello"}"""));

        Assert.Equal(3072, embedded.ToFloats().Length);
        Assert.Equal(["limited", "good"], upstream.Requests.Take(2).Select(request => request.Key));
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        using var body = JsonDocument.Parse(await unknown.Content.ReadAsStringAsync());
        Assert.Contains("text-embedding-3-small", body.RootElement.GetProperty("error").GetProperty("message").GetString());
    }

    private static async Task<JsonElement> PostAsync(ProxyHost proxy, string prefix, string json)
    {
        using var response = await proxy.Client.SendAsync(OpenAiSdk.Request(HttpMethod.Post, $"{prefix}/embeddings", json));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    private static float[] Decode(string base64)
    {
        var bytes = Convert.FromBase64String(base64);
        return Enumerable.Range(0, bytes.Length / 4).Select(i => BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(i * 4))).ToArray();
    }
}
