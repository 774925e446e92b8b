using GeminiBalance.Auth;
using GeminiBalance.Errors;
using GeminiBalance.Hosting;
using GeminiBalance.OpenAi;
using GeminiBalance.Upstream;

namespace GeminiBalance.Endpoints;

/// <summary>
/// <c>GET /v1/models</c> and <c>/v1/models/{id}</c> serve two SDKs on one path: Google's, when its API version is v1,
/// and OpenAI's, whose base URL ends in /v1. They differ in where they put the key, so the credential decides the
/// shape: <c>x-goog-api-key</c> or <c>?key=</c> get Gemini's model list, <c>Authorization: Bearer</c> gets OpenAI's.
/// </summary>
internal static class SharedModelsEndpoints
{
    public static IEndpointRouteBuilder MapSharedModelsEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("v1").RequireClientToken(ProtocolOf);
        group.MapGet("models", (HttpContext context, GeminiModelCatalog catalog, ProxyOptions options) =>
            ProtocolOf(context.Request) == ApiProtocol.OpenAi
                ? OpenAiModels.ListAsync(context, catalog, options)
                : GeminiEndpoints.ListModelsAsync("v1", context, catalog, options));
        group.MapGet("models/{model}", (string model, HttpContext context, GeminiForwarder forwarder, GeminiModelCatalog catalog, ProxyOptions options) =>
            ProtocolOf(context.Request) == ApiProtocol.OpenAi
                ? OpenAiModels.GetAsync(model, context, catalog, options)
                : GeminiEndpoints.GetModelAsync("v1", model, context, forwarder, catalog, options));
        return app;
    }

    /// <summary>Google's places for a key win: a Bearer token alone is how only OpenAI clients authenticate.</summary>
    public static ApiProtocol ProtocolOf(HttpRequest request) =>
        request.Headers.ContainsKey("x-goog-api-key") || request.Query.ContainsKey("key")
            ? ApiProtocol.Gemini
            : request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
                ? ApiProtocol.OpenAi
                : ApiProtocol.Gemini;
}
