namespace GeminiBalance.Tests.TestKit.GeminiEmulator;

/// <summary>The Files API's own errors (docs/protocols.md#files-api, #gemini-errors); wording of the 403 taken from captured traffic.</summary>
internal static class EmulatedFileErrors
{
    /// <summary>Google's answer for a file of another project, an expired one and one that never existed alike.</summary>
    public static EmulatedError NoPermission(string fileName) =>
        new(403, "PERMISSION_DENIED", $"You do not have permission to access the File {fileName} or it may not exist.", []);

    public static EmulatedError AlreadyExists(string fileName) =>
        new(409, "ALREADY_EXISTS", $"A file with name {fileName} already exists.", []);

    // The generic Google resumable-upload protocol's refusals [U for this API's exact wording].
    public static EmulatedError UnknownSession() => new(404, "NOT_FOUND", "Failed to find the upload session.", []);

    public static EmulatedError WrongOffset(long expected, long got) =>
        new(400, "INVALID_ARGUMENT", $"Invalid upload offset {got}: the session has received {expected} bytes.", []);

    public static EmulatedError SizeMismatch(long declared, long received) =>
        new(400, "INVALID_ARGUMENT", $"Upload finalized with {received} bytes, but {declared} were declared in X-Goog-Upload-Header-Content-Length.", []);

    public static EmulatedError OtherKey() =>
        new(403, "PERMISSION_DENIED", "The upload session belongs to another API key's project.", []);
}
