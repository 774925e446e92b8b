using System.Net;
using System.Text;
using System.Text.Json;
using GeminiBalance.Hosting;
using GeminiBalance.Tests.Hosting;
using GeminiBalance.Tests.TestKit;

namespace GeminiBalance.Tests.Deployment;

/// <summary>
/// What the Functions host adds to a request it forwards to the worker's own Kestrel, pinned down from the host's
/// source (DefaultHttpProxyService, YARP's forwarder): the client's method, path, query, headers and body, plus YARP's
/// X-Forwarded-For/-Host/-Proto and the invocation id in <c>x-ms-invocation-id</c>, and App Service's own headers.
/// With routePrefix "" the path is the client's path. For every HTTP function, such a request must reach the right
/// endpoint, and what the host added must not travel on to Google. (FunctionsWorkerTests drive the real worker.)
/// </summary>
public sealed class HostForwardingContractTests : IAsyncLifetime
{
    private const string ClientToken = "client-token-forwarding";
    private const string PoolKey = "pool-key-forwarding";
    private const string InvocationId = "0f8fad5b-d9cb-469f-a165-70867728950e";
    private const string PublicHost = "func-gb-contract.azurewebsites.net";

    private static readonly FunctionHostRouter Router = new(FunctionRoutes.Http);

    private static readonly (string Name, string Value)[] HostAddedHeaders =
    [
        ("X-Forwarded-For", "203.0.113.7"),
        ("X-Forwarded-Host", PublicHost),
        ("X-Forwarded-Proto", "https"),
        ("x-ms-invocation-id", InvocationId),
        // App Service's front end and the host's legacy forwarding path.
        ("X-Original-URL", "/v1beta/models?key=" + ClientToken),
        ("X-WAWS-Unencoded-URL", "/v1beta/models?key=" + ClientToken),
        ("X-Azure-Functions-InvocationId", InvocationId),
        ("X-Azure-Functions-HostVersion", "4.1040.0"),
    ];

    private EmulatedGemini _upstream = null!;
    private GeminiBalance.Tests.TestKit.ProxyHost _app = null!;

    /// <summary>Gemini-native calls: client method, path and query, body, and the path Google must see.</summary>
    public static TheoryData<string, string, string?, string> GeminiCalls => new()
    {
        { "POST", "/v1beta/models/gemini-2.5-flash:generateContent?pretty=false", """{ "contents":[{"parts":[{"text":"over the host"}]}], "generation_config":{"temperature":0.1} }""", "/v1beta/models/gemini-2.5-flash:generateContent" },
        { "POST", "/gemini/v1/models/gemini-2.5-flash:countTokens", """{"contents":[{"parts":[{"text":"count me"}]}]}""", "/v1/models/gemini-2.5-flash:countTokens" },
        // The model list is made by the proxy (variants, FILTERED_MODELS); a single model still goes to Google as asked.
        { "GET", "/v1beta/models/gemini-2.5-pro?alt=json", null, "/v1beta/models/gemini-2.5-pro" },
        { "GET", "/v1/models/gemini-2.5-flash", null, "/v1/models/gemini-2.5-flash" },
    };

    /// <summary>
    /// Groups without endpoints yet, sent without a credential, and the protocol their error must be shaped in
    /// ("any": an <c>error</c> object with a message, the shape all three protocols share).
    /// </summary>
    public static TheoryData<string, string, string, string> GroupsWithoutEndpoints => new()
    {
        { "openai", "POST", "/v1/chat/completions", "openai" },
        { "openai", "GET", "/openai/v1/models", "openai" },
        { "anthropic", "POST", "/v1/messages", "anthropic" },
        { "files", "POST", "/upload/v1beta/files?uploadType=resumable", "gemini" },
        { "files", "GET", "/v1beta/files/abc", "gemini" },
        { "manage", "GET", "/manage/keys", "any" },
        { "console", "GET", "/console/no-such-file.js", "any" },
    };

    public async Task InitializeAsync()
    {
        _upstream = await EmulatedGemini.StartAsync();
        _upstream.SetKey(PoolKey, new KeyBehavior.Good());
        _app = await GeminiBalance.Tests.TestKit.ProxyHost.StartAsync(new Dictionary<string, string?>
        {
            [SettingNames.ApiKeys] = PoolKey,
            [SettingNames.AllowedTokens] = ClientToken,
            [SettingNames.BaseUrl] = _upstream.BaseUrl.ToString(),
            [SettingNames.AzureWebJobsStorage] = "UseDevelopmentStorage=true",
            // No server rule to apply, so the body reaches Google byte for byte.
            [SettingNames.SafetySettings] = "[]",
        });
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _upstream.DisposeAsync();
    }

    [Fact]
    public void Cases_CoverEveryHttpFunction()
    {
        var covered = new HashSet<string>(StringComparer.Ordinal) { "gemini", "health" };
        covered.UnionWith(GroupsWithoutEndpoints.Select(row => (string)row[0]));

        // A new function must get a case here, or its forwarding is untested.
        Assert.Equal(FunctionRoutes.Http.Select(function => function.Name).Order(StringComparer.Ordinal), covered.Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(GeminiCalls))]
    public async Task GeminiFunction_ForwardedRequest_ReachesGoogleAsTheClientSentIt(string method, string pathAndQuery, string? body, string upstreamPath)
    {
        Assert.Equal(["gemini"], await Router.MatchAsync(method, PathOf(pathAndQuery)));
        using var request = Forwarded(method, pathAndQuery, body);
        request.Headers.Add("x-goog-api-key", ClientToken);
        request.Headers.Add("x-goog-api-client", "genai-js/1.30.0 gl-node/22.0.0");

        using var response = await _app.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var received = Assert.Single(_upstream.Requests);
        Assert.Equal(method, received.Method);
        Assert.Equal(upstreamPath, received.Path);
        Assert.Equal(QueryOf(pathAndQuery), received.Query);
        Assert.Equal(body ?? "", received.Body);
        Assert.Equal(PoolKey, received.Key);
        Assert.Equal("genai-js/1.30.0 gl-node/22.0.0", received.Headers["x-goog-api-client"]);
        if (body is not null)
        {
            Assert.StartsWith("application/json", received.Headers["Content-Type"], StringComparison.Ordinal);
        }
    }

    [Theory]
    [MemberData(nameof(GeminiCalls))]
    public async Task GeminiFunction_ForwardedRequest_KeepsWhatTheHostAddedAwayFromGoogle(string method, string pathAndQuery, string? body, string upstreamPath)
    {
        using var request = Forwarded(method, pathAndQuery, body);
        request.Headers.Add("x-goog-api-key", ClientToken);

        using var response = await _app.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var received = Assert.Single(_upstream.Requests);
        Assert.Equal(upstreamPath, received.Path);
        foreach (var (name, value) in HostAddedHeaders)
        {
            Assert.False(received.Headers.ContainsKey(name), $"{name} reached Google");
            Assert.False(received.Headers.Values.Any(sent => sent.Contains(value, StringComparison.Ordinal)), $"{name}'s value leaked: {string.Join(" | ", received.Headers.Select(h => h.Key + ": " + h.Value))}");
        }

        Assert.DoesNotContain(received.Headers.Values, sent => sent.Contains(ClientToken, StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(GroupsWithoutEndpoints))]
    public async Task FunctionWithoutEndpoints_ForwardedRequest_GetsAJsonErrorInItsProtocol(string function, string method, string pathAndQuery, string protocol)
    {
        Assert.Equal([function], await Router.MatchAsync(method, PathOf(pathAndQuery)));
        using var request = Forwarded(method, pathAndQuery, method == "GET" ? null : "{}");

        using var response = await _app.Client.SendAsync(request);

        // 404 while the group has no endpoints; 401 once it has them (no credential was sent). Never a 5xx or an empty body.
        Assert.Contains(response.StatusCode, new[] { HttpStatusCode.NotFound, HttpStatusCode.Unauthorized });
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        AssertErrorShape(document.RootElement, protocol, (int)response.StatusCode);
        Assert.Empty(_upstream.Requests);
    }

    [Fact]
    public async Task HealthFunction_ForwardedRequest_AnswersWithoutAToken()
    {
        Assert.Equal(["health"], await Router.MatchAsync("GET", "/health"));
        using var request = Forwarded("GET", "/health", null);

        using var response = await _app.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("ok", document.RootElement.GetProperty("status").GetString());
    }

    private static HttpRequestMessage Forwarded(string method, string pathAndQuery, string? body)
    {
        var request = new HttpRequestMessage(new HttpMethod(method), pathAndQuery);
        foreach (var (name, value) in HostAddedHeaders)
        {
            request.Headers.Add(name, value);
        }

        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        return request;
    }

    private static string PathOf(string pathAndQuery) => pathAndQuery.Split('?')[0];

    private static string QueryOf(string pathAndQuery) => pathAndQuery.Contains('?', StringComparison.Ordinal) ? pathAndQuery[(pathAndQuery.IndexOf('?', StringComparison.Ordinal) + 1)..] : "";

    private static void AssertErrorShape(JsonElement root, string protocol, int status)
    {
        var error = root.GetProperty("error");
        Assert.Equal(JsonValueKind.Object, error.ValueKind);
        Assert.False(string.IsNullOrWhiteSpace(error.GetProperty("message").GetString()));
        switch (protocol)
        {
            case "gemini":
                // google.rpc.Status
                Assert.Equal(status, error.GetProperty("code").GetInt32());
                Assert.Equal(JsonValueKind.String, error.GetProperty("status").ValueKind);
                break;
            case "openai":
                Assert.Equal(JsonValueKind.String, error.GetProperty("type").ValueKind);
                Assert.True(error.TryGetProperty("code", out _), "OpenAI errors carry a code (null or a string)");
                Assert.False(root.TryGetProperty("type", out _), "a top-level type is Anthropic's shape");
                break;
            case "anthropic":
                Assert.Equal("error", root.GetProperty("type").GetString());
                Assert.Equal(JsonValueKind.String, error.GetProperty("type").ValueKind);
                break;
            case "any":
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(protocol), protocol, "unknown protocol");
        }
    }
}
