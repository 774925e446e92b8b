namespace GeminiBalance.Translation;

/// <summary>A file a client sends inline (OpenAI's <c>file_data</c>): a base64 data URL, or bare base64 typed by its file name.</summary>
internal static class FileData
{
    /// <exception cref="TranslationException">Not base64, or of a type that cannot be told.</exception>
    public static InlineMedia Parse(string data, string? filename, string param)
    {
        if (DataUrl.IsDataUrl(data))
        {
            return DataUrl.Parse(data, param);
        }

        var mimeType = MimeTypeOf(filename ?? "")
            ?? throw new TranslationException(param, "Send the file as a data URL ('data:application/pdf;base64,…') or name a file whose type is known.");
        return DataUrl.IsBase64(data) ? new InlineMedia(mimeType, data) : throw new TranslationException(param, "The file data must be base64.");
    }

    private static string? MimeTypeOf(string filename) => Path.GetExtension(filename).ToLowerInvariant() switch
    {
        ".pdf" => "application/pdf",
        ".txt" => "text/plain",
        ".md" => "text/markdown",
        ".html" or ".htm" => "text/html",
        ".csv" => "text/csv",
        ".json" => "application/json",
        ".xml" => "text/xml",
        ".png" => "image/png",
        ".jpg" or ".jpeg" => "image/jpeg",
        ".webp" => "image/webp",
        _ => null,
    };
}
