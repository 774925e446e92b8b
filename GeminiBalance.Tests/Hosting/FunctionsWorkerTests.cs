using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using GeminiBalance.Hosting;
using GeminiBalance.Tests.Integration;
using GeminiBalance.Tests.TestKit;
using GeminiBalance.Tests.TestKit.FunctionsHost;
using GeminiBalance.Tests.TestKit.FunctionsHost.Rpc;

namespace GeminiBalance.Tests.Hosting;

/// <summary>
/// The app as an isolated worker: the real worker process the Worker SDK built, started and driven by the emulated
/// Functions host over gRPC, clients calling the host's HTTP side. Tests in this class share one worker.
/// </summary>
[Trait("Category", "Integration")]
public sealed class FunctionsWorkerTests(FunctionsHostFixture fixture) : IClassFixture<FunctionsHostFixture>
{
    private const string Generate = "v1beta/models/gemini-2.5-flash:generateContent";
    private const string StreamSse = "v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse";
    private const string GeminiBody = """{"contents":[{"parts":[{"text":"hello over the worker"}]}]}""";

    private EmulatedFunctionsHost Host => fixture.Host;

    [Fact]
    public void Worker_Indexed_EveryGroupAndTimerFunction()
    {
        var expected = FunctionRoutes.Http.Select(function => function.Name).Concat(FunctionRoutes.Timers.Select(timer => timer.Name));

        Assert.Equal(expected.Order(StringComparer.Ordinal), Host.FunctionNames.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("health", "GET", "health", null, "\"status\":\"ok\"")]
    [InlineData("gemini", "POST", Generate, GeminiBody, "\"candidates\"")]
    [InlineData("gemini", "GET", "v1beta/models", null, "\"models\"")]
    [InlineData("openai", "POST", "v1/chat/completions", """{"model":"gemini-2.5-flash","messages":[{"role":"user","content":"hi"}]}""", "\"chat.completion\"")]
    [InlineData("anthropic", "POST", "v1/messages", """{"model":"gemini-2.5-flash","max_tokens":64,"messages":[{"role":"user","content":"hi"}]}""", "\"type\":\"message\"")]
    [InlineData("files", "GET", "v1beta/files", null, "{")]
    [InlineData("manage", "GET", "manage/keys", null, FunctionsHostFixture.GoodKey)]
    [InlineData("console", "GET", "dashboard", null, "<!doctype html>")]
    public async Task Request_ToEachGroup_IsAnsweredByTheAppsEndpoint(string group, string method, string path, string? body, string expected)
    {
        using var request = Authorized(new HttpMethod(method), path, body);
        if (group == "manage")
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", AdminApi.Token);
            // The admin API shows keys by id, never whole: look for the id.
            expected = FunctionsHostFixture.IdOf(expected);
        }

        using var response = await Host.Client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();

        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{group}: {method} {path} answered {(int)response.StatusCode}: {text}\n{Host.WorkerDiagnostics}");
        Assert.Contains(expected, text);
    }

    [Fact]
    public async Task SseStream_ThroughTheHost_ArrivesElementByElement()
    {
        fixture.Upstream.StreamChunkCount = 3;
        fixture.Upstream.StreamGate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        try
        {
            using var response = await Host.Client.SendAsync(Authorized(HttpMethod.Post, StreamSse, GeminiBody), HttpCompletionOption.ResponseHeadersRead);
            Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
            await using var stream = await response.Content.ReadAsStreamAsync();

            // The upstream is parked after its first element: reading that element now proves neither the worker nor
            // the host's forwarder held it back. Bounded so that buffering fails here instead of hanging.
            var first = await GeminiPassThroughTests.ReadUntilAsync(stream, "\r\n\r\n").WaitAsync(TimeSpan.FromSeconds(30));
            Assert.StartsWith("data: {", first);
            Assert.False(fixture.Upstream.StreamGate.Task.IsCompleted);

            fixture.Upstream.StreamGate.SetResult();
            var rest = await new StreamReader(stream).ReadToEndAsync();
            Assert.Equal(3, (first + rest).Split("\r\n\r\n", StringSplitOptions.RemoveEmptyEntries).Length);
            Assert.Contains("\"finishReason\":\"STOP\"", rest);
        }
        finally
        {
            fixture.Upstream.StreamGate = null;
        }
    }

    [Fact]
    public async Task ClientAbort_ThroughTheHost_CancelsTheUpstreamCall()
    {
        fixture.Upstream.StreamGate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        try
        {
            var response = await Host.Client.SendAsync(Authorized(HttpMethod.Post, StreamSse, GeminiBody), HttpCompletionOption.ResponseHeadersRead);
            var stream = await response.Content.ReadAsStreamAsync();
            await GeminiPassThroughTests.ReadUntilAsync(stream, "\r\n\r\n").WaitAsync(TimeSpan.FromSeconds(30));
            response.Dispose();

            // The hang-up travels client → host → worker → upstream. Bounded only so a regression fails instead of hanging.
            await fixture.Upstream.StreamAborted.WaitAsync(TimeSpan.FromSeconds(30));
        }
        finally
        {
            fixture.Upstream.StreamGate = null;
        }
    }

    [Theory]
    [InlineData("GET", "nope")]
    [InlineData("GET", "v2/models")]
    [InlineData("DELETE", "health")]
    [InlineData("POST", "key-recheck")]
    public async Task Request_NoFunctionRoutes_IsTheHostsNotFound(string method, string path)
    {
        using var response = await Host.Client.SendAsync(Authorized(new HttpMethod(method), path, null));

        // Timers are not reachable over HTTP under the host: only their schedule (or the host) fires them.
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Request_InAGroupButNoAppRoute_IsTheAppsNotFoundInTheCallersProtocol()
    {
        // The anthropic function's route takes all of /v1/messages/*; the app maps only /v1/messages.
        using var response = await Host.Client.SendAsync(Authorized(HttpMethod.Post, "v1/messages/unknown", "{}"));
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("error", body.RootElement.GetProperty("type").GetString());
        Assert.Contains("No route matches", body.RootElement.GetProperty("error").GetProperty("message").GetString());
    }

    [Fact]
    public async Task Timers_FiredByTheHost_RunAndTheRecheckRevivesAnInvalidKey()
    {
        var revivable = FunctionsHostFixture.IdOf(FunctionsHostFixture.RevivableKey);
        // Round-robin reaches the invalid key within a few requests; each still succeeds on the good key.
        for (var attempt = 0; attempt < 4 && await StatusOfAsync(revivable) != "invalid"; attempt++)
        {
            using var response = await Host.Client.SendAsync(Authorized(HttpMethod.Post, Generate, GeminiBody));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        Assert.Equal("invalid", await StatusOfAsync(revivable));
        fixture.Upstream.SetKey(FunctionsHostFixture.RevivableKey, new TestKit.KeyBehavior.Good());

        var recheck = await Host.FireTimerAsync(FunctionRoutes.KeyRecheck);
        var retention = await Host.FireTimerAsync(FunctionRoutes.LogRetention);

        Assert.True(recheck.Status == StatusResult.Types.Status.Success, $"key-recheck: {recheck.Exception?.Message}\n{Host.WorkerDiagnostics}");
        Assert.True(retention.Status == StatusResult.Types.Status.Success, $"log-retention: {retention.Exception?.Message}\n{Host.WorkerDiagnostics}");
        Assert.Equal("active", await StatusOfAsync(revivable));
    }

    private async Task<string?> StatusOfAsync(string keyId)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"manage/keys/{keyId}");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", AdminApi.Token);
        using var response = await Host.Client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        return JsonDocument.Parse(text).RootElement.GetProperty("status").GetString();
    }

    /// <summary>A request carrying the client token in each protocol's header, so any group accepts it.</summary>
    private static HttpRequestMessage Authorized(HttpMethod method, string path, string? json)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Add("x-goog-api-key", ProxyHost.ClientToken);
        request.Headers.Add("x-api-key", ProxyHost.ClientToken);
        request.Headers.Add("anthropic-version", "2023-06-01");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", ProxyHost.ClientToken);
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        return request;
    }
}
