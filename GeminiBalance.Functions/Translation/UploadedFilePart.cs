using System.Text.Json.Nodes;
using GeminiBalance.Files;

namespace GeminiBalance.Translation;

/// <summary>
/// A file the client uploaded through this proxy's Gemini Files API and names by id in another protocol's request.
/// It becomes a Gemini <c>fileData</c> part; the forwarder then sends the call with the key that holds the file.
/// </summary>
internal static class UploadedFilePart
{
    /// <param name="mimeType">
    /// The client's own media type, when its protocol has one. Left out otherwise: Gemini reads a Files API file's
    /// type from the file, as it recorded it at upload.
    /// </param>
    /// <exception cref="TranslationException">The id is not a Gemini file name (OpenAI's <c>file-…</c> ids, for one).</exception>
    public static JsonObject From(string fileId, string? mimeType, string param)
    {
        var id = GeminiFileName.IdOf(fileId)
            ?? throw new TranslationException(param,
                $"'{fileId}' is not a Gemini file name: files must be uploaded through this proxy's Gemini Files API (POST /upload/v1beta/files) and named as it answered ('files/…').");
        var fileData = new JsonObject();
        if (!string.IsNullOrEmpty(mimeType))
        {
            fileData["mimeType"] = mimeType;
        }

        fileData["fileUri"] = GeminiFileName.Uri(id);
        return new JsonObject { ["fileData"] = fileData };
    }
}
