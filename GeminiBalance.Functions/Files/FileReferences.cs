using System.Text.Json;

namespace GeminiBalance.Files;

/// <summary>
/// Finds the Files API files a Gemini request body uses (<c>fileData.fileUri</c>, either proto3-JSON spelling, at any
/// depth: contents, system instruction, countTokens' nested request). A byte search comes first, so the bodies of
/// requests without files are never parsed.
/// </summary>
internal static class FileReferences
{
    /// <summary>
    /// False when the body cannot name a file. A file field's name ends its string with <c>ri"</c> (<c>fileUri"</c>,
    /// <c>file_uri"</c>), or <c>ri'</c> in the single-quoted JSON Google also takes; one written with escapes
    /// (<c>file\u0055ri</c>) hides from both but not from Google's parser, so any <c>\u</c> sends the body to the parse too.
    /// Each needle holds a byte base64 never does, so the search seldom stops inside a large inline image: about
    /// 0.1–0.3 ms per MB on a 2-core machine (a single pass stopping at every quote cost 1.2 ms on a 180 KB chat).
    /// </summary>
    public static bool MayBeIn(ReadOnlySpan<byte> body) =>
        body.IndexOf("ri\""u8) >= 0 || body.IndexOf("ri'"u8) >= 0 || body.IndexOf("\\u"u8) >= 0;

    /// <returns>The distinct file ids in order of appearance, or null when there are none.</returns>
    /// <exception cref="JsonException">
    /// The body names a file but is not JSON this proxy can read: Google also takes lenient JSON (single quotes), and a
    /// file reference the proxy cannot see would go to a key that cannot see the file either.
    /// </exception>
    public static List<string>? Find(ReadOnlySpan<byte> body)
    {
        List<string>? ids = null;
        var reader = new Utf8JsonReader(body, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip });
        var fileDataDepth = -1;
        try
        {
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.PropertyName when reader.ValueTextEquals("fileData"u8) || reader.ValueTextEquals("file_data"u8):
                        if (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
                        {
                            fileDataDepth = reader.CurrentDepth;
                        }

                        break;
                    case JsonTokenType.PropertyName when reader.CurrentDepth == fileDataDepth + 1 && (reader.ValueTextEquals("fileUri"u8) || reader.ValueTextEquals("file_uri"u8)):
                        if (reader.Read() && reader.TokenType == JsonTokenType.String && GeminiFileName.IdOf(reader.GetString() ?? "") is { } id && !(ids ??= []).Contains(id))
                        {
                            ids.Add(id);
                        }

                        break;
                    case JsonTokenType.EndObject when reader.CurrentDepth == fileDataDepth:
                        fileDataDepth = -1;
                        break;
                }
            }
        }
        catch (JsonException) when (body.IndexOf("fileUri"u8) < 0 && body.IndexOf("file_uri"u8) < 0)
        {
            // Only an escape sent it here and it is not JSON: the upstream answers that in its own words.
            return null;
        }

        return ids;
    }
}
