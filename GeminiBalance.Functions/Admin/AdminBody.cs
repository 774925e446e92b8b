using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using GeminiBalance.Endpoints;
using GeminiBalance.Errors;
using GeminiBalance.Hosting;

namespace GeminiBalance.Admin;

/// <summary>Reads admin request bodies; every problem becomes a 4xx naming it, never a 500.</summary>
internal static class AdminBody
{
    /// <returns>The body, or the error to answer with (413 over MAX_REQUEST_BODY_MB).</returns>
    public static async Task<(byte[]? Body, ErrorResult? Error)> ReadAsync(HttpContext context)
    {
        var limit = context.RequestServices.GetRequiredService<ProxyOptions>().MaxRequestBodyBytes;
        var body = await RequestBody.ReadAsync(context.Request, limit, context.RequestAborted);
        return body is null
            ? (null, Problem(StatusCodes.Status413PayloadTooLarge, $"The request body is larger than MAX_REQUEST_BODY_MB ({limit / (1024 * 1024)} MB)."))
            : (body, null);
    }

    /// <returns>The document, null for an empty body, or the error to answer with.</returns>
    public static async Task<(T? Value, ErrorResult? Error)> ReadJsonAsync<T>(HttpContext context, JsonTypeInfo<T> type)
        where T : class
    {
        var (body, error) = await ReadAsync(context);
        if (body is null || body.Length == 0)
        {
            return (null, error);
        }

        using var document = JsonObjectBody.Parse(body, out var refusal);
        if (document is null)
        {
            return (null, Problem(StatusCodes.Status400BadRequest, JsonObjectBody.Describe(refusal)));
        }

        try
        {
            return (document.Deserialize(type), null);
        }
        catch (JsonException exception)
        {
            // The parser's message names the path and position, never more of the body than a field name.
            return (null, Problem(StatusCodes.Status400BadRequest, $"The body is not the JSON this route takes: {exception.Message}"));
        }
    }

    /// <summary>
    /// The single-key routes take no body; one sent (often <c>{"ids":[…]}</c> to the wrong route) is refused rather
    /// than ignored, so the admin learns the request did not mean what they thought.
    /// </summary>
    public static ErrorResult? RefuseBody(HttpRequest request) =>
        request.ContentLength > 0 || request.Headers.TransferEncoding.Count > 0
            ? Problem(StatusCodes.Status400BadRequest, "This route acts on the key in its path and takes no body; to name several keys, POST {\"ids\":[…]} to /manage/keys/<action>.")
            : null;

    public static ErrorResult Problem(int statusCode, string message) => new(ApiProtocol.Gemini, statusCode, message);
}
