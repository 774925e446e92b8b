namespace GeminiBalance.Errors;

/// <summary>How each protocol names an HTTP error status (docs/protocols.md#error-mapping).</summary>
internal static class ErrorStatus
{
    public static string GoogleStatus(int statusCode) => statusCode switch
    {
        400 or 413 => "INVALID_ARGUMENT",
        401 => "UNAUTHENTICATED",
        403 => "PERMISSION_DENIED",
        404 => "NOT_FOUND",
        405 => "UNIMPLEMENTED",
        429 => "RESOURCE_EXHAUSTED",
        502 or 503 => "UNAVAILABLE",
        504 => "DEADLINE_EXCEEDED",
        _ => statusCode >= 500 ? "INTERNAL" : "FAILED_PRECONDITION",
    };

    public static string OpenAiType(int statusCode) => statusCode switch
    {
        401 or 400 or 404 or 405 or 413 => "invalid_request_error",
        403 => "permission_denied",
        429 => "rate_limit_exceeded",
        _ => statusCode >= 500 ? "server_error" : "invalid_request_error",
    };

    public static string? OpenAiCode(int statusCode) => statusCode switch
    {
        401 => "invalid_api_key",
        404 => "not_found",
        429 => "rate_limit_exceeded",
        _ => null,
    };

    public static string AnthropicType(int statusCode) => statusCode switch
    {
        401 => "authentication_error",
        403 => "permission_error",
        404 => "not_found_error",
        413 => "request_too_large",
        429 => "rate_limit_error",
        503 or 529 => "overloaded_error",
        504 => "timeout_error",
        _ => statusCode >= 500 ? "api_error" : "invalid_request_error",
    };
}
