namespace GeminiBalance.Errors;

/// <summary>The wire protocol a caller speaks; errors are answered in its shape.</summary>
internal enum ApiProtocol
{
    Gemini,
    OpenAi,
    Anthropic,
}
