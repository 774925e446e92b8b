using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace GeminiBalance.Tests.TestKit.GeminiEmulator;

/// <summary>The emulator's whole request pipeline: record, route, authenticate, apply the key's behaviour, reply.</summary>
internal sealed class EmulatedGeminiHandler(EmulatedGeminiState state)
{
    public async Task HandleAsync(HttpContext context)
    {
        // RequestAborted alone misses a client FIN while we are not writing; see HangupWatchingTransport.
        var hangup = context.Features.Get<HangupWatchingTransport>()?.Hangup ?? CancellationToken.None;
        using var clientGone = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, hangup);
        var cancellationToken = clientGone.Token;
        var route = GeminiRoute.Parse(context.Request.Path.Value ?? "");
        var arrayStream = route?.Action == GeminiRoute.Stream && !IsSse(context.Request);
        try
        {
            // Uploads carry raw bytes, which must not be read whole as text; the Files API has its own handler.
            if (FilesRoute.Parse(context.Request.Path.Value ?? "") is { } files)
            {
                await new EmulatedFilesHandler(state).HandleAsync(context, files, cancellationToken);
                return;
            }

            var received = await ReceiveAsync(context.Request, cancellationToken);
            state.Record(received);
            await DispatchAsync(context, route, received, cancellationToken);
        }
        catch (EmulatedErrorException e) when (!context.Response.HasStarted)
        {
            // Pre-stream errors in array mode are array-wrapped (docs/protocols.md#gemini-streaming).
            var body = e.Error.ToJson();
            await EmulatedJson.WriteAsync(context.Response, e.Error.Code, arrayStream ? new JsonArray(body) : body, cancellationToken);
        }
        catch (Exception e) when (cancellationToken.IsCancellationRequested && e is OperationCanceledException or IOException)
        {
            // The client went away; drop the connection rather than finish a response nobody reads.
            context.Abort();
        }
    }

    private async Task DispatchAsync(HttpContext context, GeminiRoute? route, ReceivedRequest received, CancellationToken cancellationToken)
    {
        var expectedMethod = route?.Action is null ? HttpMethods.Get : HttpMethods.Post;
        if (route is null || !HttpMethods.Equals(received.Method, expectedMethod) || (route.Action is not null && !route.IsKnownAction))
        {
            throw new EmulatedErrorException(EmulatedErrors.UrlNotFound(received.Path));
        }

        var behavior = Authenticate(route, received.Key);
        if (route.ModelId is null)
        {
            await EmulatedJson.WriteAsync(context.Response, 200, ModelCatalogReplies.List(context.Request.Query, state.ModelsPageLimit), cancellationToken);
            return;
        }

        if (route.Action is null)
        {
            await EmulatedJson.WriteAsync(context.Response, 200, ModelCatalogReplies.Get(route.Version, route.ModelId), cancellationToken);
            return;
        }

        var model = EmulatedModels.Find(route.ModelId) is { } known && known.Supports(route.ModelMethod)
            ? known
            : throw new EmulatedErrorException(EmulatedErrors.ModelNotFound(route.Version, route.ModelId, route.ModelMethod));
        var body = ParseBody(received.Body);
        if (route.Action is "generateContent" or GeminiRoute.Stream or "countTokens")
        {
            FileAccessCheck.Require(body, received.Key!, state);
        }

        if (behavior is KeyBehavior.Misbehaving { Fault: var fault } && (route.Action == GeminiRoute.Stream
            || (route.Action == "generateContent" && fault != UpstreamFault.MalformedSseEvent)))
        {
            var framing = route.Action == GeminiRoute.Stream ? IsSse(context.Request) ? "sse" : "json" : null;
            await FaultReplies.WriteAsync(context, fault, framing, model.Id, cancellationToken);
            return;
        }

        if (route.Action == GeminiRoute.Stream)
        {
            await new EmulatedGeminiStream(state, context, IsSse(context.Request)).RunAsync(behavior, model, body, cancellationToken);
            return;
        }

        await ApplyBehaviorAsync(behavior, model, cancellationToken);
        JsonObject reply = route.Action switch
        {
            "generateContent" => GenerateContent(body, model),
            "countTokens" => ModelActionReplies.CountTokens(body),
            "embedContent" => ModelActionReplies.EmbedContent(body, model),
            "batchEmbedContents" => ModelActionReplies.BatchEmbedContents(body, model),
            _ => ModelActionReplies.Predict(body),
        };
        await EmulatedJson.WriteAsync(context.Response, 200, reply, cancellationToken);
    }

    private JsonObject GenerateContent(JsonObject body, EmulatedModel model)
    {
        var prompt = ModelActionReplies.ReadGenerateContent(body);
        var responseId = state.NextResponseId();
        if ((state.TakeScript() ?? FunctionCallReplies.For(body, state.FunctionCall, model.Id, responseId)) is { } script)
        {
            return script.Whole();
        }

        return MediaReplies.For(body, model, prompt, responseId) ?? GenerateContentReplies.Echo(prompt, model.Id, responseId);
    }

    /// <summary>Throws the 429/503 a behaviour calls for, or waits out <see cref="KeyBehavior.Slow"/>.</summary>
    public static async Task ApplyBehaviorAsync(KeyBehavior behavior, EmulatedModel model, CancellationToken cancellationToken)
    {
        switch (behavior)
        {
            case KeyBehavior.RateLimited limited when limited.Model is null || limited.Model == model.Id || limited.Model == $"models/{model.Id}":
                throw new EmulatedErrorException(EmulatedErrors.RateLimited(limited, model.Id));
            case KeyBehavior.Unavailable:
                throw new EmulatedErrorException(EmulatedErrors.Unavailable());
            case KeyBehavior.Slow slow:
                await Task.Delay(slow.Delay, cancellationToken);
                break;
        }
    }

    private KeyBehavior Authenticate(GeminiRoute route, string? key)
    {
        var behavior = key is null ? throw new EmulatedErrorException(EmulatedErrors.NoKey())
            : state.FindKey(key) ?? new KeyBehavior.Invalid();
        return behavior switch
        {
            KeyBehavior.Invalid => throw new EmulatedErrorException(EmulatedErrors.InvalidKey()),
            KeyBehavior.PermissionDenied => throw new EmulatedErrorException(EmulatedErrors.ServiceBlocked(route.RpcMethod)),
            _ => behavior,
        };
    }

    private static JsonObject ParseBody(string body)
    {
        // Google treats an empty POST body as an empty message, which then fails semantic validation.
        if (string.IsNullOrWhiteSpace(body))
        {
            return [];
        }

        try
        {
            return EmulatedJson.ParseRequest(body) as JsonObject
                ?? throw new EmulatedErrorException(EmulatedErrors.InvalidJson("Root element must be a message."));
        }
        catch (JsonException e)
        {
            throw new EmulatedErrorException(EmulatedErrors.InvalidJson($"Unexpected token.\n{e.Message}"));
        }
    }

    private static bool IsSse(HttpRequest request) => request.Query["alt"] == "sse";

    private static async Task<ReceivedRequest> ReceiveAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(request.Body, Encoding.UTF8);
        return Describe(request, await reader.ReadToEndAsync(cancellationToken));
    }

    /// <summary>The request as tests see it, with <paramref name="body"/> standing for what it carried.</summary>
    public static ReceivedRequest Describe(HttpRequest request, string body)
    {
        var headerKey = request.Headers["x-goog-api-key"].ToString();
        var queryKey = request.Query["key"].ToString();
        var key = headerKey.Length > 0 ? headerKey : queryKey.Length > 0 ? queryKey : null;
        var query = string.Join('&', (request.QueryString.Value ?? "").TrimStart('?')
            .Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Where(p => Uri.UnescapeDataString(p.Split('=')[0]) != "key"));
        var headers = request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        return new(key, request.Method, request.Path.Value ?? "", query, body, headers);
    }
}
