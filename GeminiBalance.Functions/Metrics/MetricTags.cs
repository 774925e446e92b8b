using GeminiBalance.Errors;
using GeminiBalance.Keys;

namespace GeminiBalance.Metrics;

/// <summary>The fixed tag values, as interned literals so a record never formats a string.</summary>
internal static class MetricTags
{
    public const string RequestLog = "request_log";
    public const string ErrorLog = "error_log";
    public const string Usage = "usage";

    private static readonly string[] StatusClasses = ["1xx", "2xx", "3xx", "4xx", "5xx"];

    public static string Surface(ApiProtocol protocol) => protocol switch
    {
        ApiProtocol.OpenAi => "openai",
        ApiProtocol.Anthropic => "anthropic",
        _ => "gemini",
    };

    /// <summary>499 (the client left before its answer) counts as 4xx.</summary>
    public static string StatusClass(int status) => status is >= 100 and < 600 ? StatusClasses[(status / 100) - 1] : "other";

    public static string Outcome(FailureKind failure) => failure switch
    {
        FailureKind.ClientError => "client_error",
        FailureKind.KeyInvalid => "key_invalid",
        FailureKind.RateLimited => "rate_limited",
        _ => "transient",
    };
}
