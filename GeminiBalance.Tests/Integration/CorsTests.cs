using System.Net;
using GeminiBalance.Tests.TestKit;

namespace GeminiBalance.Tests.Integration;

/// <summary>
/// Browsers calling the client API from another origin (gemini-balance's documented <c>fetch()</c> examples): preflights
/// answered without a token, answers readable by the page, and the admin surfaces never exposed cross-origin.
/// </summary>
[Collection(ProxyCollection.Name)]
public sealed class CorsTests(AzuriteFixture storage)
{
    private const string PageOrigin = "https://app.example.com";

    [Theory]
    [InlineData("v1/chat/completions", "POST", "authorization,content-type")]
    [InlineData("hf/v1/audio/speech", "POST", "authorization,content-type")]
    [InlineData("v1/models", "GET", "authorization")]
    [InlineData("v1/messages", "POST", "x-api-key,anthropic-version,content-type")]
    [InlineData("v1/responses", "POST", "authorization,content-type")]
    [InlineData("v1beta/models/gemini-2.5-flash:streamGenerateContent", "POST", "x-goog-api-key,content-type")]
    [InlineData("gemini/v1beta/models", "GET", "x-goog-api-key")]
    [InlineData("v1beta/files/abc123", "DELETE", "x-goog-api-key")]
    [InlineData("upload/v1beta/files", "POST", "x-goog-upload-protocol,x-goog-upload-command,x-goog-api-key")]
    public async Task PreflightOnAnApiRouteIsAnsweredWithoutAToken(string path, string method, string headers)
    {
        await using var upstream = await EmulatedGemini.StartAsync();
        await using var proxy = await ProxyHost.StartAsync(upstream, storage, ["pool-1"]);

        using var response = await proxy.Client.SendAsync(Preflight(path, PageOrigin, method, headers));

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal("*", Header(response, "Access-Control-Allow-Origin"));
        Assert.Contains(method, Header(response, "Access-Control-Allow-Methods"));
        Assert.Equal(headers, Header(response, "Access-Control-Allow-Headers"));
        Assert.False(response.Headers.Contains("Access-Control-Allow-Credentials"));
        Assert.Empty(upstream.Requests);
    }

    [Fact]
    public async Task AnswersAndErrorsCarryTheOriginHeaderAndExposeTheProxysOwnHeaders()
    {
        await using var upstream = await EmulatedGemini.StartAsync();
        upstream.SetKey("pool-1", new KeyBehavior.Good());
        await using var proxy = await ProxyHost.StartAsync(upstream, storage, ["pool-1"]);

        var ok = OpenAiSdk.Request(HttpMethod.Post, "v1/chat/completions", """{"model":"gemini-2.5-flash","messages":[{"role":"user","content":"hi"}],"top_a":1}""");
        ok.Headers.Add("Origin", PageOrigin);
        using var answer = await proxy.Client.SendAsync(ok);
        var refused = OpenAiSdk.Request(HttpMethod.Post, "v1/chat/completions", "{}", token: "not-a-token");
        refused.Headers.Add("Origin", PageOrigin);
        using var error = await proxy.Client.SendAsync(refused);

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Equal("*", Header(answer, "Access-Control-Allow-Origin"));
        Assert.Contains("x-geminibalance-ignored-fields", Header(answer, "Access-Control-Expose-Headers"), StringComparison.OrdinalIgnoreCase);
        Assert.Contains("Retry-After", Header(answer, "Access-Control-Expose-Headers"), StringComparison.OrdinalIgnoreCase);
        // A page can read why it was refused.
        Assert.Equal(HttpStatusCode.Unauthorized, error.StatusCode);
        Assert.Equal("*", Header(error, "Access-Control-Allow-Origin"));
    }

    [Theory]
    [InlineData("manage/keys", "GET")]
    [InlineData("manage/keys/abc", "DELETE")]
    [InlineData("v1/keys/list", "GET")]
    [InlineData("gemini/v1beta/reset-all-fail-counts", "POST")]
    [InlineData("gemini/v1beta/verify-key/AIzaSyExample", "POST")]
    [InlineData("", "GET")]
    public async Task AdminSurfacesAreNeverExposedCrossOrigin(string path, string method)
    {
        await using var upstream = await EmulatedGemini.StartAsync();
        await using var proxy = await ProxyHost.StartAsync(upstream, storage, ["pool-1"], new Dictionary<string, string?> { ["AUTH_TOKEN"] = "admin-token-for-tests" });

        using var preflight = await proxy.Client.SendAsync(Preflight(path, PageOrigin, method, "authorization"));
        var request = new HttpRequestMessage(new HttpMethod(method), path);
        request.Headers.Add("Origin", PageOrigin);
        request.Headers.Add("Authorization", "Bearer admin-token-for-tests");
        using var actual = await proxy.Client.SendAsync(request);

        Assert.NotEqual(HttpStatusCode.NoContent, preflight.StatusCode);
        Assert.False(preflight.Headers.Contains("Access-Control-Allow-Origin"));
        Assert.False(preflight.Headers.Contains("Access-Control-Allow-Methods"));
        Assert.False(actual.Headers.Contains("Access-Control-Allow-Origin"));
        Assert.Empty(upstream.Requests);
    }

    [Fact]
    public async Task ListedOriginsAreTheOnlyOnesAllowed()
    {
        await using var upstream = await EmulatedGemini.StartAsync();
        await using var proxy = await ProxyHost.StartAsync(upstream, storage, ["pool-1"],
            new Dictionary<string, string?> { ["CORS_ALLOWED_ORIGINS"] = """["https://app.example.com","http://localhost:3000"]""" });

        using var listed = await proxy.Client.SendAsync(Preflight("v1/chat/completions", "http://localhost:3000", "POST", "authorization"));
        using var other = await proxy.Client.SendAsync(Preflight("v1/chat/completions", "https://evil.example.net", "POST", "authorization"));

        Assert.Equal(HttpStatusCode.NoContent, listed.StatusCode);
        Assert.Equal("http://localhost:3000", Header(listed, "Access-Control-Allow-Origin"));
        Assert.Contains("Origin", listed.Headers.Vary);
        Assert.False(listed.Headers.Contains("Access-Control-Allow-Credentials"));
        Assert.False(other.Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task AnEmptyListTurnsCorsOff()
    {
        await using var upstream = await EmulatedGemini.StartAsync();
        upstream.SetKey("pool-1", new KeyBehavior.Good());
        await using var proxy = await ProxyHost.StartAsync(upstream, storage, ["pool-1"], new Dictionary<string, string?> { ["CORS_ALLOWED_ORIGINS"] = "[]" });

        using var preflight = await proxy.Client.SendAsync(Preflight("v1/chat/completions", PageOrigin, "POST", "authorization"));
        var request = proxy.Request(HttpMethod.Get, "v1beta/models");
        request.Headers.Add("Origin", PageOrigin);
        using var actual = await proxy.Client.SendAsync(request);

        Assert.False(preflight.Headers.Contains("Access-Control-Allow-Origin"));
        Assert.Equal(HttpStatusCode.OK, actual.StatusCode);
        Assert.False(actual.Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task ABrowserPageOnAnotherOriginCallsTheApiButCannotReadTheAdminApi()
    {
        await using var upstream = await EmulatedGemini.StartAsync();
        upstream.SetKey("pool-1", new KeyBehavior.Good());
        await using var proxy = await ProxyHost.StartAsync(upstream, storage, ["pool-1"], AdminApi.Settings());
        var api = proxy.BaseUrl.ToString().TrimEnd('/');

        // gemini-balance's documented fetch() call, from a page that is not the proxy's: a preflighted POST with a Bearer token.
        var text = await HeadlessChromium.RunPageAsync($$"""
            (async () => {
              const results = [];
              try {
                const chat = await fetch("{{api}}/v1/chat/completions", {
                  method: "POST",
                  headers: { "Authorization": "Bearer {{ProxyHost.ClientToken}}", "Content-Type": "application/json" },
                  body: JSON.stringify({ model: "gemini-2.5-flash", messages: [{ role: "user", content: "hello from a page" }], top_a: 1 })
                });
                const answer = await chat.json();
                results.push("chat " + chat.status + " " + chat.headers.get("x-geminibalance-ignored-fields") + " " + answer.choices[0].message.content);
              } catch (e) { results.push("chat failed " + e); }
              try {
                const admin = await fetch("{{api}}/manage/keys", { headers: { "Authorization": "Bearer {{AdminApi.Token}}" } });
                results.push("admin " + admin.status);
              } catch (e) { results.push("admin refused"); }
              document.body.textContent = results.join("\n");
            })();
            """);

        var lines = text.Split('\n');
        Assert.StartsWith("chat 200 top_a ", lines[0], StringComparison.Ordinal);
        Assert.Contains("hello from a page", lines[0], StringComparison.Ordinal);
        Assert.Equal("admin refused", lines[1]);
        Assert.Single(upstream.Requests);
    }

    private static HttpRequestMessage Preflight(string path, string origin, string method, string headers)
    {
        var request = new HttpRequestMessage(HttpMethod.Options, path);
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", method);
        request.Headers.Add("Access-Control-Request-Headers", headers);
        return request;
    }

    private static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(",", values) : "";
}
