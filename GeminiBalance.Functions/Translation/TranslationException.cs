namespace GeminiBalance.Translation;

/// <summary>A client request that cannot be translated to Gemini as sent; each surface answers it with a 400 in its own shape.</summary>
/// <param name="param">The request field at fault, as the client named it (e.g. <c>messages[2].content[0].image_url.url</c>).</param>
/// <param name="errorCode">The machine-readable code the real service gives this refusal, where clients act on it (Anthropic's <c>error.details.error_code</c>).</param>
internal sealed class TranslationException(string param, string message, string? errorCode = null) : Exception(message)
{
    public string Param { get; } = param;

    public string? ErrorCode { get; } = errorCode;
}
