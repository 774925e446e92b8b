namespace GeminiBalance.Hosting;

/// <summary>The request log, the error log and the usage statistics (0 days = keep forever).</summary>
/// <param name="RecordRequestBody">ERROR_LOG_RECORD_REQUEST_BODY: error-log rows carry the client's request body (bounded, secrets removed).</param>
/// <param name="RequestLogDays">AUTO_DELETE_REQUEST_LOGS_DAYS when AUTO_DELETE_REQUEST_LOGS_ENABLED, else 0: as in gemini-balance, request logs are kept unless their deletion is turned on.</param>
/// <param name="ErrorLogDays">AUTO_DELETE_ERROR_LOGS_DAYS when AUTO_DELETE_ERROR_LOGS_ENABLED (the default), else 0.</param>
/// <param name="UsageDays">USAGE_RETENTION_DAYS.</param>
internal sealed record UsageLogOptions(bool RecordRequestBody, int RequestLogDays, int ErrorLogDays, int UsageDays)
{
    public static readonly UsageLogOptions Defaults = new(RecordRequestBody: false, RequestLogDays: 0, ErrorLogDays: 7, UsageDays: 30);

    /// <summary>gemini-balance's AUTO_DELETE_REQUEST_LOGS_DAYS, used once request-log deletion is turned on.</summary>
    public const int RequestLogDaysWhenEnabled = 30;
}
