using GeminiBalance.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;

namespace GeminiBalance.Tests.Hosting;

/// <summary>
/// The Functions host forwards a request only when one HTTP function's route accepts it, so every route the app maps
/// must fall in exactly one group, or it works on Kestrel and answers 404 (or goes to the wrong group) on Azure.
/// </summary>
public sealed class FunctionRouteCoverageTests
{
    private static readonly FunctionHostRouter Router = new(FunctionRoutes.Http);

    private static readonly Dictionary<string, string?> Settings = new()
    {
        ["ALLOWED_TOKENS"] = "t1",
        ["AzureWebJobsStorage"] = "UseDevelopmentStorage=true",
    };

    [Fact]
    public async Task AppEndpoints_EveryRouteAndMethod_FallsInExactlyOneHttpFunction()
    {
        await using var app = BuildApp();
        var endpoints = RouteEndpoints(app).ToArray();
        var failures = new List<string>();

        foreach (var endpoint in endpoints)
        {
            var path = SamplePath(endpoint.RoutePattern);
            if (path == "/")
            {
                // The Functions host answers / itself (its home page); there the console starts at /dashboard.
                continue;
            }

            if (path == GeminiBalance.Metrics.MetricsServices.ScrapePath)
            {
                // Mapped standalone only: under the Functions host the metrics go to Application Insights (docs/metrics.md).
                continue;
            }

            foreach (var method in Methods(endpoint))
            {
                var matches = await Router.MatchAsync(method, path);
                if (matches.Count != 1)
                {
                    failures.Add($"{method} {path} (pattern '{endpoint.RoutePattern.RawText}') matched [{string.Join(", ", matches)}]");
                }
            }
        }

        // An app with no endpoints would pass vacuously.
        Assert.Contains(endpoints, endpoint => endpoint.RoutePattern.RawText?.Trim('/') == "health");
        Assert.True(failures.Count == 0, "Routes not served by exactly one function:\n" + string.Join('\n', failures));
    }

    [Theory]
    [InlineData("POST", "/v1beta/models/gemini-2.5-flash:streamGenerateContent", "gemini")]
    [InlineData("POST", "/v1beta/models/gemini-2.5-flash:generateContent", "gemini")]
    [InlineData("GET", "/gemini/v1beta/models", "gemini")]
    [InlineData("GET", "/v1/models", "gemini")]
    [InlineData("GET", "/v1beta/tunedModels/my-model", "gemini")]
    [InlineData("POST", "/v1/chat/completions", "openai")]
    [InlineData("POST", "/hf/v1/chat/completions", "openai")]
    [InlineData("GET", "/openai/v1/models", "openai")]
    [InlineData("POST", "/v1/embeddings", "openai")]
    [InlineData("DELETE", "/v1/responses/resp_123", "openai")]
    [InlineData("POST", "/v1/messages", "anthropic")]
    [InlineData("POST", "/upload/v1beta/files", "files")]
    [InlineData("GET", "/v1beta/files/abc", "files")]
    [InlineData("PUT", "/gemini/upload/v1beta/files", "files")]
    [InlineData("GET", "/files/images/0123abcd.png", "files")]
    [InlineData("GET", "/health", "health")]
    [InlineData("GET", "/manage/keys", "manage")]
    [InlineData("PATCH", "/manage", "manage")]
    public async Task MatchAsync_KnownPath_GoesToItsFunctionOnly(string method, string path, string expected) =>
        Assert.Equal([expected], await Router.MatchAsync(method, path));

    [Theory]
    [InlineData("GET", "/nope")]
    [InlineData("GET", "/v2/models")]
    [InlineData("POST", "/v2/models")]
    [InlineData("GET", "/")]
    [InlineData("GET", "/healthz")]
    [InlineData("GET", "/administrator")]
    [InlineData("GET", "/manager")]
    [InlineData("POST", "/v1/messagesx")]
    [InlineData("GET", "/v1beta/modelsx")]
    [InlineData("POST", "/gemini/v1/chat/completions")]
    [InlineData("GET", "/files/images/a/b.png")]
    public async Task MatchAsync_UnrelatedPath_GoesNowhere(string method, string path) =>
        Assert.Empty(await Router.MatchAsync(method, path));

    [Theory]
    [InlineData("DELETE", "/health")]
    [InlineData("GET", "/v1/messages")]
    [InlineData("PATCH", "/v1beta/models/gemini-2.5-flash:generateContent")]
    public async Task MatchAsync_MethodTheFunctionDoesNotDeclare_GoesNowhere(string method, string path) =>
        Assert.Empty(await Router.MatchAsync(method, path));

    [Fact]
    public async Task MatchAsync_TemplatesAlone_NeverOverlap()
    {
        // The host orders catch-all routes by constraint count, which ties here; disjoint templates make order moot.
        string[] paths =
        [
            "/v1/models", "/v1beta/models/x", "/gemini/v1/models", "/openai/v1/models", "/hf/v1/models/x", "/v1/chat/completions",
            "/v1/messages", "/v1/files", "/v1beta/files/x", "/upload/v1beta/files", "/gemini/upload/v1/files", "/manage/x", "/health",
        ];

        foreach (var path in paths)
        {
            Assert.Single(await Router.MatchAsync(null, path));
        }
    }

    private static WebApplication BuildApp() => GeminiBalanceApp.Build(["--urls", "http://127.0.0.1:0"], Settings);

    private static IEnumerable<RouteEndpoint> RouteEndpoints(WebApplication app) =>
        ((IEndpointRouteBuilder)app).DataSources.SelectMany(source => source.Endpoints).OfType<RouteEndpoint>();

    private static IReadOnlyList<string> Methods(RouteEndpoint endpoint) =>
        endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["GET", "POST"];

    private static string SamplePath(RoutePattern pattern) =>
        "/" + string.Join('/', pattern.PathSegments.Select(segment => string.Concat(segment.Parts.Select(SampleText))));

    private static string SampleText(RoutePatternPart part) => part switch
    {
        RoutePatternLiteralPart literal => literal.Content,
        RoutePatternSeparatorPart separator => separator.Content,
        RoutePatternParameterPart { Name: "target" } => "gemini-2.5-flash:generateContent",
        RoutePatternParameterPart { Name: "model" } => "gemini-2.5-flash",
        RoutePatternParameterPart => "x",
        _ => throw new NotSupportedException(part.GetType().Name),
    };
}
