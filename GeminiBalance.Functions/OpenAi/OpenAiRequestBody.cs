using System.Text.Json;
using GeminiBalance.Endpoints;

namespace GeminiBalance.OpenAi;

/// <summary>The JSON object an OpenAI endpoint was sent, read within MAX_REQUEST_BODY_MB.</summary>
internal static class OpenAiRequestBody
{
    /// <summary>Reads and parses the request, then handles it; a refused request is answered in OpenAI's shape.</summary>
    public static async Task<IResult> HandleAsync<TRequest>(HttpContext context, long limit, Func<JsonElement, TRequest> parse, Func<TRequest, Task<IResult>> handle)
        where TRequest : IOpenAiRequest
    {
        TRequest request;
        try
        {
            using var body = await ReadAsync(context.Request, limit, context.RequestAborted);
            request = parse(body.RootElement);
        }
        catch (OpenAiRequestException exception)
        {
            return exception.ToResult();
        }

        IgnoredFields.Announce(context, request.IgnoredFields);
        return await handle(request);
    }

    /// <exception cref="OpenAiRequestException">The body is too large, not JSON, or not an object.</exception>
    public static async Task<JsonDocument> ReadAsync(HttpRequest request, long limit, CancellationToken cancellationToken)
    {
        var body = await RequestBody.ReadAsync(request, limit, cancellationToken)
            ?? throw new OpenAiRequestException(null, $"The request body is larger than MAX_REQUEST_BODY_MB ({limit / (1024 * 1024)} MB).", StatusCodes.Status413PayloadTooLarge);
        return JsonObjectBody.Parse(body, out var refusal) ?? throw new OpenAiRequestException(null, JsonObjectBody.Describe(refusal));
    }
}
