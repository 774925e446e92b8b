using GeminiBalance.Errors;

namespace GeminiBalance.Files;

/// <summary>The Files surface's own refusals, in Gemini's error shape.</summary>
internal static class FileErrors
{
    /// <summary>Google's words for a file of another project; said alike whether or not the file exists, so nothing is revealed.</summary>
    public static ErrorResult NoPermission(string fileId) => new(ApiProtocol.Gemini, StatusCodes.Status403Forbidden, NoPermissionMessage(fileId));

    /// <summary>Google's own words (docs/protocols.md#files-api), for a file of another project, or one that does not exist or expired.</summary>
    public static string NoPermissionMessage(string fileId) => $"You do not have permission to access the File files/{fileId} or it may not exist.";

    public static ErrorResult Gone(string fileId, string why) =>
        new(ApiProtocol.Gemini, StatusCodes.Status404NotFound, $"File files/{fileId} no longer exists: {why}.");

    public static ErrorResult InvalidId(string fileId) =>
        new(ApiProtocol.Gemini, StatusCodes.Status400BadRequest, $"'{fileId}' is not a valid file id (up to 40 lowercase letters, digits and dashes).");

    public static ErrorResult BadRequest(string message) => new(ApiProtocol.Gemini, StatusCodes.Status400BadRequest, message);

    public static ErrorResult Unavailable(string message, TimeSpan? retryAfter = null) =>
        new(ApiProtocol.Gemini, StatusCodes.Status503ServiceUnavailable, message, retryAfter);

    public static ErrorResult BadGateway(string message) => new(ApiProtocol.Gemini, StatusCodes.Status502BadGateway, message);

    public static ErrorResult Timeout() =>
        new(ApiProtocol.Gemini, StatusCodes.Status504GatewayTimeout, "The upstream Gemini API did not answer in time (TIME_OUT).");

    public static ErrorResult StorageFailed(string what) =>
        new(ApiProtocol.Gemini, StatusCodes.Status503ServiceUnavailable, $"{what} could not be read or written in Table Storage; try again.");
}
