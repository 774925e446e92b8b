using GeminiBalance.Keys;

namespace GeminiBalance.Usage;

/// <summary>One failed upstream attempt as the error log keeps it.</summary>
/// <param name="StatusCode">The upstream status, 0 when no answer came (timeout, connection failure).</param>
/// <param name="Reason">Google's ErrorInfo reason or status name, or what went wrong on the wire.</param>
/// <param name="ErrorBody">The start of the upstream error body, secrets removed.</param>
/// <param name="Id">The stored row's id (set when read back), for deleting it from the console.</param>
/// <param name="RequestBody">The start of the client's request body, secrets removed; only with ERROR_LOG_RECORD_REQUEST_BODY.</param>
internal sealed record ErrorLogEntry(
    DateTimeOffset Time,
    string ClientId,
    string KeyId,
    string Model,
    int StatusCode,
    FailureKind Kind,
    string Reason,
    string ErrorBody,
    string? RequestBody,
    string? Id = null);
