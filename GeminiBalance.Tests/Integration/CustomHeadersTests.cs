using System.Net;
using GeminiBalance.Tests.TestKit;

namespace GeminiBalance.Tests.Integration;

/// <summary>CUSTOM_HEADERS reach Google on every kind of upstream call, after the client's own and never instead of the key.</summary>
[Collection(ProxyCollection.Name)]
public sealed class CustomHeadersTests(AzuriteFixture storage)
{
    private const string Headers = """{"X-Team":"research","X-Goog-User-Project":"billing-project","X-Number":7}""";

    [Fact]
    public async Task NativeStreamTranslatedAndKeyCheckCallsAllCarryThem()
    {
        await using var upstream = await EmulatedGemini.StartAsync();
        var key = AdminApi.NewKey();
        upstream.SetKey(key, new KeyBehavior.Good());
        await using var proxy = await ProxyHost.StartAsync(upstream, storage, [key], AdminApi.Settings(new Dictionary<string, string?> { ["CUSTOM_HEADERS"] = Headers }));

        // The client's own X-Team is replaced: the operator's header wins, as it does for every client.
        using var native = proxy.Request(HttpMethod.Post, "v1beta/models/gemini-2.5-flash:generateContent", """{"contents":[{"parts":[{"text":"hi"}]}]}""");
        native.Headers.Add("X-Team", "from-the-client");
        Assert.Equal(HttpStatusCode.OK, (await proxy.Client.SendAsync(native)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await proxy.Client.SendAsync(proxy.Request(HttpMethod.Post, "v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse", """{"contents":[{"parts":[{"text":"hi"}]}]}"""))).StatusCode);
        using var chat = OpenAiSdk.Request(HttpMethod.Post, "v1/chat/completions", """{"model":"gemini-2.5-flash","messages":[{"role":"user","content":"hi"}]}""");
        Assert.Equal(HttpStatusCode.OK, (await proxy.Client.SendAsync(chat)).StatusCode);
        await proxy.AdminJsonAsync(HttpMethod.Post, $"manage/keys/{AdminApi.IdOf(key)}/verify");

        Assert.Equal(4, upstream.Requests.Count);
        Assert.All(upstream.Requests, request =>
        {
            Assert.Equal("research", request.Headers["X-Team"]);
            Assert.Equal("billing-project", request.Headers["X-Goog-User-Project"]);
            Assert.Equal("7", request.Headers["X-Number"]);
            Assert.Equal(key, request.Key);
        });
    }

    [Theory]
    [InlineData("""{"Host":"evil.example"}""")]
    [InlineData("""{"content-length":"1"}""")]
    [InlineData("""{"x-goog-api-key":"AIza-operator-secret"}""")]
    [InlineData("""{"Authorization":"Bearer operator-secret"}""")]
    [InlineData("""{"X-Goog-Upload-Command":"finalize"}""")]
    [InlineData("""{"X-Bad":"line\r\nbreak-secret"}""")]
    [InlineData("""{"X-Nested":{"a":"operator-secret"}}""")]
    [InlineData("""["X-Team","operator-secret"]""")]
    public void HeadersThatWouldBreakTheCallStopStartUpNamingTheSettingNeverTheValue(string value)
    {
        var exception = Assert.Throws<GeminiBalance.Hosting.SettingException>(() => GeminiBalance.Hosting.CustomHeadersSetting.Parse(value));

        Assert.Equal("CUSTOM_HEADERS", exception.Setting);
        Assert.DoesNotContain("secret", exception.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("evil", exception.Message, StringComparison.Ordinal);
    }
}
