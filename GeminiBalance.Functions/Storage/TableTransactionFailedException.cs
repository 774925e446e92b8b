using Azure;

namespace GeminiBalance.Storage;

/// <summary>
/// A transaction the service refused as a whole. <see cref="RequestFailedException.Status"/> is the failing
/// action's own status (409, 412, 404...), not the 202 that carried it, so callers can branch as for single writes.
/// </summary>
internal sealed class TableTransactionFailedException(int status, string message, string? errorCode, int? failedTransactionActionIndex)
    : RequestFailedException(status, message, errorCode, null)
{
    /// <summary>The zero-based index of the action that failed, when the service said which one.</summary>
    public int? FailedTransactionActionIndex { get; } = failedTransactionActionIndex;
}
