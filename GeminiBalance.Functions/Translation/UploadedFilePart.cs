using System.Text.Json.Nodes;
using GeminiBalance.Files;

namespace GeminiBalance.Translation;

/// <summary>
/// A file the client uploaded through this proxy's Gemini Files API and names by id in another protocol's request.
/// It becomes a Gemini <c>fileData</c> part; the forwarder then sends the call with the key that holds the file.
/// The part has no <c>mimeType</c>: no client protocol gives one with a file id, and Gemini reads a Files API file's
/// type from the file, as it recorded it at upload.
/// </summary>
internal static class UploadedFilePart
{
    /// <summary>
    /// The part for an image URL that is a Files API file's <c>uri</c>: such a file cannot be downloaded (Google answers
    /// 403 without its key), so it goes to Gemini by reference, with the key that holds it. Null for any other URL.
    /// </summary>
    public static JsonObject? FromUri(string url) => GeminiFileName.IdOf(url) is { } id ? Part(id) : null;

    /// <exception cref="TranslationException">The id is not a Gemini file name (OpenAI's <c>file-…</c> ids, for one).</exception>
    public static JsonObject From(string fileId, string param)
    {
        var id = GeminiFileName.IdOf(fileId)
            ?? throw new TranslationException(param,
                $"'{fileId}' is not a Gemini file name: files must be uploaded through this proxy's Gemini Files API (POST /upload/v1beta/files) and named as it answered ('files/…').");
        return Part(id);
    }

    private static JsonObject Part(string id) => new() { ["fileData"] = new JsonObject { ["fileUri"] = GeminiFileName.Uri(id) } };
}
