using System.Text.RegularExpressions;
using System.Text.Json.Nodes;

namespace GeminiBalance.Tests.TestKit.GeminiEmulator;

/// <summary>
/// Google's rule for files a request uses (docs/protocols.md#files-api): a Files API file is visible only to keys of the project
/// that uploaded it; from any other key, or once it is gone or expired, the answer is the same 403.
/// </summary>
internal static partial class FileAccessCheck
{
    /// <summary>Walks the whole body: files may sit in contents, the system instruction or countTokens' nested request.</summary>
    public static void Require(JsonNode? node, string key, EmulatedGeminiState state)
    {
        switch (node)
        {
            case JsonObject obj:
                if (JsonFields.Get(obj, "fileData") is JsonObject fileData
                    && JsonFields.Get(fileData, "fileUri") is JsonValue uri && uri.TryGetValue<string>(out var text)
                    && FileName().Match(text) is { Success: true } match)
                {
                    var id = match.Groups["id"].Value;
                    if (state.FindFile(id) is not { } file || file.OwnerKey != key || file.ExpiresAt <= DateTimeOffset.UtcNow)
                    {
                        throw new EmulatedErrorException(EmulatedFileErrors.NoPermission("files/" + id));
                    }
                }

                foreach (var (_, value) in obj)
                {
                    Require(value, key, state);
                }

                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    Require(item, key, state);
                }

                break;
        }
    }

    // files/{id}, bare or as the file's uri; YouTube and other links are not Files API files.
    [GeneratedRegex(@"^(?:https?://[^/]+/v1(?:beta|alpha)?/)?files/(?<id>[a-z0-9-]{1,40})$")]
    private static partial Regex FileName();
}
