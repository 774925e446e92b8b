using System.Net;
using System.Text.Json;
using GeminiBalance.Tests.TestKit;

namespace GeminiBalance.Tests.Integration;

/// <summary>gemini-balance's <c>&lt;CREATE_IMAGE_MODEL&gt;-chat</c> model: chat in, one Imagen call (on PAID_KEY), a markdown image out.</summary>
[Collection(ProxyCollection.Name)]
public sealed class ImageChatTests(AzuriteFixture storage)
{
    private const string PaidKey = "AIza-paid-key-for-image-chat-000000";
    private const string Model = "imagen-4.0-generate-001-chat";

    [Fact]
    public async Task ChatAnswersAMarkdownImageMadeWithThePaidKey_AndTheModelIsListed()
    {
        await using var upstream = await EmulatedGemini.StartAsync();
        upstream.SetKey("pool-1", new KeyBehavior.Good());
        upstream.SetKey(PaidKey, new KeyBehavior.Good());
        await using var proxy = await ProxyHost.StartAsync(upstream, storage, ["pool-1"], new Dictionary<string, string?> { ["PAID_KEY"] = PaidKey, ["IMAGE_CONTAINER"] = $"img{Guid.NewGuid():N}" });

        using var response = await proxy.Client.SendAsync(OpenAiSdk.Request(HttpMethod.Post, "v1/chat/completions",
            $$"""{"model":"{{Model}}","messages":[{"role":"user","content":"first idea"},{"role":"user","content":[{"type":"text","text":"a lighthouse at dusk"}]}]}"""));

        var text = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(text);
        Assert.Equal(Model, json.RootElement.GetProperty("model").GetString());
        var content = json.RootElement.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString()!;
        Assert.Matches(@"^!\[image\]\(http://127\.0\.0\.1:\d+/files/images/[^)]+\)$", content);
        var predict = Assert.Single(upstream.Requests);
        Assert.Equal("/v1beta/models/imagen-4.0-generate-001:predict", predict.Path);
        Assert.Equal(PaidKey, predict.Key);
        Assert.Contains("a lighthouse at dusk", predict.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("first idea", predict.Body, StringComparison.Ordinal);
        using var image = await new HttpClient().GetAsync(content[9..^1]);
        Assert.Equal("image/png", image.Content.Headers.ContentType?.MediaType);

        using var models = await proxy.Client.SendAsync(OpenAiSdk.Request(HttpMethod.Get, "v1/models"));
        using var list = JsonDocument.Parse(await models.Content.ReadAsStringAsync());
        Assert.Contains(list.RootElement.GetProperty("data").EnumerateArray(), model => model.GetProperty("id").GetString() == Model);
    }

    [Fact]
    public async Task StreamedChatGetsTheImageAsOneChunkThenDone()
    {
        await using var upstream = await EmulatedGemini.StartAsync();
        upstream.SetKey("pool-1", new KeyBehavior.Good());
        await using var proxy = await ProxyHost.StartAsync(upstream, storage, ["pool-1"], new Dictionary<string, string?> { ["IMAGE_CONTAINER"] = $"img{Guid.NewGuid():N}" });

        using var response = await proxy.Client.SendAsync(OpenAiSdk.Request(HttpMethod.Post, "v1/chat/completions",
            $$"""{"model":"{{Model}}","stream":true,"messages":[{"role":"user","content":"a lighthouse"}]}"""));

        var text = await response.Content.ReadAsStringAsync();
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        var events = text.Split("\n\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, events.Length);
        using var first = JsonDocument.Parse(events[0]["data: ".Length..]);
        Assert.StartsWith("![image](", first.RootElement.GetProperty("choices")[0].GetProperty("delta").GetProperty("content").GetString(), StringComparison.Ordinal);
        Assert.Contains("\"finish_reason\":\"stop\"", events[1], StringComparison.Ordinal);
        Assert.Equal("data: [DONE]", events[2]);
        Assert.Equal("pool-1", Assert.Single(upstream.Requests).Key);
    }

    [Fact]
    public async Task AChatWithoutTextIsA400InOpenAisShape()
    {
        await using var upstream = await EmulatedGemini.StartAsync();
        await using var proxy = await ProxyHost.StartAsync(upstream, storage, ["pool-1"]);

        using var response = await proxy.Client.SendAsync(OpenAiSdk.Request(HttpMethod.Post, "v1/chat/completions", $$"""{"model":"{{Model}}","messages":[]}"""));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("messages", json.RootElement.GetProperty("error").GetProperty("param").GetString());
        Assert.Empty(upstream.Requests);
    }
}
