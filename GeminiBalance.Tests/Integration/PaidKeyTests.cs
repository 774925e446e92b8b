using System.Net;
using GeminiBalance.Tests.TestKit;

namespace GeminiBalance.Tests.Integration;

/// <summary>PAID_KEY serves image generation alone (one attempt, no rotation); text calls stay on the pool; unset, the pool serves all.</summary>
[Collection(ProxyCollection.Name)]
public sealed class PaidKeyTests(AzuriteFixture storage)
{
    private const string PaidKey = "AIza-paid-key-of-a-billed-project-0123";

    [Theory]
    [InlineData("v1/images/generations", """{"model":"dall-e-3","prompt":"a lighthouse","response_format":"b64_json"}""", "/v1beta/models/imagen-4.0-generate-001:predict")]
    [InlineData("v1beta/models/imagen-4.0-generate-001:predict", """{"instances":[{"prompt":"a lighthouse"}],"parameters":{"sampleCount":1}}""", "/v1beta/models/imagen-4.0-generate-001:predict")]
    [InlineData("v1beta/models/gemini-2.5-flash-image:generateContent", """{"contents":[{"parts":[{"text":"draw a lighthouse"}]}]}""", "/v1beta/models/gemini-2.5-flash-image:generateContent")]
    public async Task ImageCallsUseThePaidKeyAndTextCallsThePool(string path, string body, string upstreamPath)
    {
        await using var upstream = await EmulatedGemini.StartAsync();
        upstream.SetKey("pool-1", new KeyBehavior.Good());
        upstream.SetKey(PaidKey, new KeyBehavior.Good());
        await using var proxy = await ProxyHost.StartAsync(upstream, storage, ["pool-1"], AdminApi.Settings(new Dictionary<string, string?> { ["PAID_KEY"] = PaidKey }));

        using var image = path.StartsWith("v1/", StringComparison.Ordinal) ? OpenAiSdk.Request(HttpMethod.Post, path, body) : proxy.Request(HttpMethod.Post, path, body);
        using var imageAnswer = await proxy.Client.SendAsync(image);
        using var text = await proxy.Client.SendAsync(proxy.Request(HttpMethod.Post, "v1beta/models/gemini-2.5-flash:generateContent", """{"contents":[{"parts":[{"text":"hi"}]}]}"""));

        Assert.Equal(HttpStatusCode.OK, imageAnswer.StatusCode);
        Assert.Equal(HttpStatusCode.OK, text.StatusCode);
        Assert.Equal(PaidKey, Assert.Single(upstream.Requests, request => request.Path == upstreamPath).Key);
        Assert.Equal("pool-1", Assert.Single(upstream.Requests, request => request.Path == "/v1beta/models/gemini-2.5-flash:generateContent").Key);
        Assert.DoesNotContain(PaidKey, await imageAnswer.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var (_, config) = await proxy.AdminJsonAsync(HttpMethod.Get, "manage/config");
        Assert.DoesNotContain(PaidKey, config, StringComparison.Ordinal);
        Assert.DoesNotContain(proxy.Logs.Lines, line => line.Contains(PaidKey, StringComparison.Ordinal));
    }

    [Fact]
    public async Task AFailingPaidKeyIsTheAnswer_NotRotatedAwayFrom_AndThePoolKeepsItsHealth()
    {
        await using var upstream = await EmulatedGemini.StartAsync();
        upstream.SetKey("pool-1", new KeyBehavior.Good());
        upstream.SetKey(PaidKey, new KeyBehavior.RateLimited(TimeSpan.FromSeconds(30)));
        await using var proxy = await ProxyHost.StartAsync(upstream, storage, ["pool-1"], new Dictionary<string, string?> { ["PAID_KEY"] = PaidKey });

        using var answer = await proxy.Client.SendAsync(OpenAiSdk.Request(HttpMethod.Post, "v1/images/generations", """{"prompt":"a lighthouse","response_format":"b64_json"}"""));

        Assert.Equal(HttpStatusCode.TooManyRequests, answer.StatusCode);
        Assert.Equal([PaidKey], upstream.Requests.Select(request => request.Key));
    }

    [Fact]
    public async Task WithoutAPaidKeyThePoolServesImages()
    {
        await using var upstream = await EmulatedGemini.StartAsync();
        upstream.SetKey("pool-1", new KeyBehavior.Good());
        await using var proxy = await ProxyHost.StartAsync(upstream, storage, ["pool-1"]);

        using var answer = await proxy.Client.SendAsync(OpenAiSdk.Request(HttpMethod.Post, "v1/images/generations", """{"prompt":"a lighthouse","response_format":"b64_json"}"""));

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Equal("pool-1", Assert.Single(upstream.Requests).Key);
    }
}
