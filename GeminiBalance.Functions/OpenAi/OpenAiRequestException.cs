using GeminiBalance.Errors;

namespace GeminiBalance.OpenAi;

/// <summary>A request the proxy refuses before calling upstream; the endpoint answers it in OpenAI's shape, naming the field.</summary>
internal sealed class OpenAiRequestException(string? param, string message, int statusCode = StatusCodes.Status400BadRequest) : Exception(message)
{
    public ErrorResult ToResult() => new(ApiProtocol.OpenAi, statusCode, Message, param: param);
}
