namespace GeminiBalance.Responses;

/// <summary>What the Responses surface logs: ids and reasons only, never content or tokens.</summary>
internal static partial class ResponsesLog
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "Response {ResponseId} was answered but not stored: {Reason}")]
    public static partial void NotStored(ILogger logger, string responseId, string reason);
}
