using GeminiBalance.Errors;

namespace GeminiBalance.Clients;

/// <summary>Why a client key's request is not admitted, answered in the caller's protocol by <see cref="ToResult"/>.</summary>
/// <param name="RetryAfter">When the window that is full ends; sent as Retry-After.</param>
/// <param name="Code">OpenAI's error code (Anthropic's details.error_code): rate_limit_exceeded, insufficient_quota or model_not_allowed.</param>
internal sealed record ClientRefusal(int StatusCode, string Message, TimeSpan? RetryAfter, string Code)
{
    public ErrorResult ToResult(ApiProtocol protocol) => new(protocol, StatusCode, Message, RetryAfter, code: Code);
}
