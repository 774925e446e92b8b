namespace GeminiBalance.Translation;

/// <summary>RFC 2397 <c>data:</c> URLs, as OpenAI clients send inline images and files. Only base64 ones carry binary media.</summary>
internal static class DataUrl
{
    public static bool IsDataUrl(string url) => url.StartsWith("data:", StringComparison.OrdinalIgnoreCase);

    /// <exception cref="TranslationException">Not a base64 data URL with a media type.</exception>
    public static InlineMedia Parse(string url, string param)
    {
        var comma = url.IndexOf(',');
        var header = comma < 0 ? "" : url[5..comma];
        if (comma < 0 || !header.EndsWith(";base64", StringComparison.OrdinalIgnoreCase))
        {
            throw new TranslationException(param, "Expected a base64 data URL such as 'data:image/png;base64,…'.");
        }

        var mimeType = header[..^";base64".Length].Split(';')[0].Trim().ToLowerInvariant();
        if (mimeType.Length == 0 || !mimeType.Contains('/'))
        {
            throw new TranslationException(param, "The data URL names no media type (write 'data:image/png;base64,…').");
        }

        var data = url[(comma + 1)..];
        if (!IsBase64(data))
        {
            throw new TranslationException(param, "The data URL's content is not valid base64.");
        }

        // image/jpg is common in the wild; Gemini knows only image/jpeg.
        return new InlineMedia(mimeType == "image/jpg" ? "image/jpeg" : mimeType, data);
    }

    public static bool IsBase64(string data) => data.Length > 0 && System.Buffers.Text.Base64.IsValid(data);
}
