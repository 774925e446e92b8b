using GeminiBalance.Auth;
using GeminiBalance.Errors;
using GeminiBalance.Hosting;
using GeminiBalance.Upstream;

namespace GeminiBalance.Endpoints;

/// <summary>
/// The Gemini-native API, forwarded as the client sent it (no field dropped, snake_case kept) under
/// <c>/v1beta</c>, <c>/v1</c> (the version some SDKs default to) and gemini-balance's <c>/gemini/v1beta</c> alias.
/// </summary>
internal static class GeminiEndpoints
{
    private static readonly HashSet<string> Methods = new(StringComparer.Ordinal)
    {
        "generateContent", "streamGenerateContent", "countTokens", "embedContent", "batchEmbedContents", "predict",
    };

    public static IEndpointRouteBuilder MapGeminiEndpoints(this IEndpointRouteBuilder app)
    {
        foreach (var (prefix, version) in new[] { ("v1beta", "v1beta"), ("v1", "v1"), ("gemini/v1beta", "v1beta"), ("gemini/v1", "v1") })
        {
            var group = app.MapGroup(prefix).RequireClientToken(ApiProtocol.Gemini);

            // GET /v1/models is shared with the OpenAI surface: SharedModelsEndpoints maps it.
            if (prefix != "v1")
            {
                group.MapGet("models", (HttpContext context, GeminiForwarder forwarder) => ListModelsAsync(version, context, forwarder));
                group.MapGet("models/{model}", (string model, HttpContext context, GeminiForwarder forwarder) => GetModelAsync(version, model, context, forwarder));
            }

            group.MapPost("models/{target}", (string target, HttpContext context, GeminiForwarder forwarder, ProxyOptions options) =>
                CallModelAsync(version, target, context, forwarder, options));
        }

        return app;
    }

    public static async Task<IResult> ListModelsAsync(string version, HttpContext context, GeminiForwarder forwarder)
    {
        await forwarder.ForwardAsync(GeminiCall.Native(HttpMethod.Get, "", $"/{version}/models{ForwardedQuery(context.Request)}", null, PassThroughRelay.Whole), context);
        return Results.Empty;
    }

    public static async Task<IResult> GetModelAsync(string version, string model, HttpContext context, GeminiForwarder forwarder)
    {
        if (!ModelId.IsValid(model))
        {
            return InvalidModel(model);
        }

        await forwarder.ForwardAsync(GeminiCall.Native(HttpMethod.Get, "", $"/{version}/models/{model}{ForwardedQuery(context.Request)}", null, PassThroughRelay.Whole), context);
        return Results.Empty;
    }

    private static async Task<IResult> CallModelAsync(string version, string target, HttpContext context, GeminiForwarder forwarder, ProxyOptions options)
    {
        var separator = target.LastIndexOf(':');
        var (model, method) = separator < 0 ? (target, "") : (target[..separator], target[(separator + 1)..]);
        if (!ModelId.IsValid(model))
        {
            return InvalidModel(model);
        }

        if (!Methods.Contains(method))
        {
            return new ErrorResult(ApiProtocol.Gemini, StatusCodes.Status404NotFound, $"Method '{method}' is not supported on models; use one of: {string.Join(", ", Methods)}.");
        }

        var body = await RequestBody.ReadAsync(context.Request, options.MaxRequestBodyBytes, context.RequestAborted);
        if (body is null)
        {
            return new ErrorResult(ApiProtocol.Gemini, StatusCodes.Status413PayloadTooLarge, $"The request body is larger than MAX_REQUEST_BODY_MB ({options.MaxRequestBodyBytes / (1024 * 1024)} MB).");
        }

        var answer = method != "streamGenerateContent"
            ? PassThroughRelay.Whole
            : string.Equals(context.Request.Query["alt"], "sse", StringComparison.OrdinalIgnoreCase) ? PassThroughRelay.ServerSentEvents : PassThroughRelay.JsonArray;
        var call = GeminiCall.Native(HttpMethod.Post, model, $"/{version}/models/{model}:{method}{ForwardedQuery(context.Request)}", body, answer);
        await forwarder.ForwardAsync(call, context);
        return Results.Empty;
    }

    /// <summary>The client's query minus its token (<c>?key=</c>), which must never go upstream.</summary>
    private static QueryString ForwardedQuery(HttpRequest request) =>
        QueryString.Create(request.Query.Where(pair => !string.Equals(pair.Key, "key", StringComparison.OrdinalIgnoreCase)));

    private static ErrorResult InvalidModel(string model) =>
        new(ApiProtocol.Gemini, StatusCodes.Status400BadRequest, $"'{model}' is not a valid model name.");
}
