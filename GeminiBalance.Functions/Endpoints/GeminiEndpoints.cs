using GeminiBalance.Auth;
using GeminiBalance.Errors;
using GeminiBalance.Hosting;
using GeminiBalance.Translation;
using GeminiBalance.Upstream;

namespace GeminiBalance.Endpoints;

/// <summary>
/// The Gemini-native API, forwarded as the client sent it (no field dropped, snake_case kept; only gemini-balance's server
/// rules added, see <see cref="NativeRequestRules"/>) under
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
                group.MapGet("models", (HttpContext context, GeminiModelCatalog catalog, ProxyOptions options) => ListModelsAsync(version, context, catalog, options));
                group.MapGet("models/{model}", (string model, HttpContext context, GeminiForwarder forwarder, GeminiModelCatalog catalog, ProxyOptions options) =>
                    GetModelAsync(version, model, context, forwarder, catalog, options));
            }

            group.MapPost("models/{target}", (string target, HttpContext context, GeminiForwarder forwarder, ProxyOptions options) =>
                CallModelAsync(version, target, context, forwarder, options));
        }

        return app;
    }

    /// <summary>Google's list with gemini-balance's variants and without FILTERED_MODELS (<see cref="NativeModelList"/>).</summary>
    public static async Task<IResult> ListModelsAsync(string version, HttpContext context, GeminiModelCatalog catalog, ProxyOptions options)
    {
        var query = context.Request.Query;
        if (PageSizeQuery.Read(query["pageSize"].ToString(), NativeModelList.DefaultPageSize, NativeModelList.MaxPageSize) is not { } pageSize)
        {
            return new ErrorResult(ApiProtocol.Gemini, StatusCodes.Status400BadRequest, $"pageSize must be a whole number from 0 to {NativeModelList.MaxPageSize}.");
        }
        if (NativeModelList.ReadPageToken(query["pageToken"].ToString()) is not { } start)
        {
            return new ErrorResult(ApiProtocol.Gemini, StatusCodes.Status400BadRequest, "pageToken is not one this proxy issued; start again without it.");
        }

        if (await catalog.GetAsync(version, context, ApiProtocol.Gemini) is { } upstream)
        {
            var models = NativeModelList.Build(upstream, options);
            await WholeAnswer.WriteAsync(context.Response, writer => NativeModelList.WritePage(writer, models, start, pageSize), context.RequestAborted);
        }

        return Results.Empty;
    }

    /// <summary>A variant from the list, a filtered model as Google's not-found, any other model from Google as it answers.</summary>
    public static async Task<IResult> GetModelAsync(
        string version, string model, HttpContext context, GeminiForwarder forwarder, GeminiModelCatalog catalog, ProxyOptions options)
    {
        if (!ModelId.IsValid(model))
        {
            return InvalidModel(model);
        }

        if (options.FilteredModels.Contains(model, StringComparer.Ordinal))
        {
            return ModelNotFound(model);
        }

        if (ModelName.Parse(model, options).Upstream != model)
        {
            if (await catalog.GetAsync(version, context, ApiProtocol.Gemini) is not { } upstream)
            {
                return Results.Empty;
            }

            var found = NativeModelList.Build(upstream, options).FirstOrDefault(listed => listed.Entry.Id == model);
            if (found.Entry is null)
            {
                return ModelNotFound(model);
            }

            await WholeAnswer.WriteAsync(context.Response, writer => NativeModelList.WriteModel(writer, found.Entry, found.Base), context.RequestAborted);
            return Results.Empty;
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

        // gemini-balance's suffixes (-search, -image, -non-thinking) never reach Google; generate calls get its server rules.
        var name = ModelName.Parse(model, options);
        if (method is "generateContent" or "streamGenerateContent")
        {
            body = NativeRequestRules.Apply(body, name, options);
        }

        var (answer, query) = method != "streamGenerateContent"
            ? (PassThroughRelay.Whole, ForwardedQuery(context.Request))
            : StreamFraming(context.Request);
        var call = GeminiCall.Native(HttpMethod.Post, name.Upstream, $"/{version}/models/{name.Upstream}:{method}{query}", body, answer);
        await forwarder.ForwardAsync(call, context);
        return Results.Empty;
    }

    /// <summary>
    /// A stream is server-sent events unless the client asks for Google's JSON array with <c>alt=json</c>: gemini-balance
    /// (and its documentation) always answer SSE, so a stream call without <c>alt</c> gets <c>alt=sse</c> upstream too.
    /// </summary>
    private static (PassThroughRelay Answer, QueryString Query) StreamFraming(HttpRequest request)
    {
        var alt = request.Query["alt"];
        if (alt.Count == 0)
        {
            return (PassThroughRelay.ServerSentEvents, ForwardedQuery(request).Add("alt", "sse"));
        }

        var answer = string.Equals(alt, "sse", StringComparison.OrdinalIgnoreCase) ? PassThroughRelay.ServerSentEvents : PassThroughRelay.JsonArray;
        return (answer, ForwardedQuery(request));
    }

    /// <summary>The client's query minus its token (<c>?key=</c>), which must never go upstream.</summary>
    private static QueryString ForwardedQuery(HttpRequest request) =>
        QueryString.Create(request.Query.Where(pair => !string.Equals(pair.Key, "key", StringComparison.OrdinalIgnoreCase)));

    // Google's words for a model it does not have.
    private static ErrorResult ModelNotFound(string model) =>
        new(ApiProtocol.Gemini, StatusCodes.Status404NotFound, $"models/{model} is not found.");

    private static ErrorResult InvalidModel(string model) =>
        new(ApiProtocol.Gemini, StatusCodes.Status400BadRequest, $"'{model}' is not a valid model name.");
}
