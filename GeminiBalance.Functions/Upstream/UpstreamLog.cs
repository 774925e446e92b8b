namespace GeminiBalance.Upstream;

/// <summary>Upstream events. Keys appear only by id.</summary>
internal static partial class UpstreamLog
{
    [LoggerMessage(1, LogLevel.Warning, "Attempt {Attempt} for model '{Model}' with key {KeyId} failed with HTTP {StatusCode} ({Kind})")]
    public static partial void AttemptFailed(ILogger logger, int attempt, string model, string keyId, int statusCode, Keys.FailureKind kind);

    [LoggerMessage(2, LogLevel.Warning, "Attempt {Attempt} for model '{Model}' with key {KeyId} failed before a response: {Reason}")]
    public static partial void AttemptUnanswered(ILogger logger, int attempt, string model, string keyId, string reason);

    [LoggerMessage(3, LogLevel.Warning, "Stream for model '{Model}' with key {KeyId} broke after the first byte: {Reason}")]
    public static partial void StreamBroke(ILogger logger, string model, string keyId, string reason);

    [LoggerMessage(4, LogLevel.Warning, "No key is usable for model '{Model}'")]
    public static partial void NoUsableKey(ILogger logger, string model);
}
