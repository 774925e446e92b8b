using System.Text.Json;

namespace GeminiBalance.Errors;

/// <summary>
/// An error the proxy itself raises, written in the caller's protocol: google.rpc.Status for Gemini,
/// <c>{"error":{message,type,param,code}}</c> for OpenAI, <c>{"type":"error","error":{type,message}}</c> for Anthropic.
/// </summary>
/// <param name="param">OpenAI's <c>param</c>: the request field at fault, if one is.</param>
/// <param name="code">OpenAI's <c>code</c>, when more precise than the one the status implies; for Anthropic, <c>details.error_code</c>.</param>
internal sealed class ErrorResult(ApiProtocol protocol, int statusCode, string message, TimeSpan? retryAfter = null, string? param = null, string? code = null) : IResult
{
    public int StatusCode => statusCode;

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.StatusCode = statusCode;
        response.ContentType = "application/json; charset=utf-8";
        if (retryAfter is { } delay)
        {
            RetryAfterHeader.Set(response, delay);
        }

        await using var writer = new Utf8JsonWriter(response.Body);
        Write(writer);
        await writer.FlushAsync(httpContext.RequestAborted);
    }

    private void Write(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        switch (protocol)
        {
            case ApiProtocol.Gemini:
                writer.WriteStartObject("error");
                writer.WriteNumber("code", statusCode);
                writer.WriteString("message", message);
                writer.WriteString("status", ErrorStatus.GoogleStatus(statusCode));
                writer.WriteEndObject();
                break;
            case ApiProtocol.OpenAi:
                writer.WriteStartObject("error");
                writer.WriteString("message", message);
                writer.WriteString("type", ErrorStatus.OpenAiType(statusCode));
                writer.WriteString("param", param);
                writer.WriteString("code", code ?? ErrorStatus.OpenAiCode(statusCode));
                writer.WriteEndObject();
                break;
            case ApiProtocol.Anthropic:
                writer.WriteString("type", "error");
                writer.WriteStartObject("error");
                writer.WriteString("type", ErrorStatus.AnthropicType(statusCode));
                writer.WriteString("message", message);
                if (code is not null)
                {
                    writer.WriteStartObject("details");
                    writer.WriteString("error_code", code);
                    writer.WriteEndObject();
                }

                writer.WriteEndObject();
                break;
        }

        writer.WriteEndObject();
    }
}
