namespace GeminiBalance.Upstream;

/// <summary>Token counts from Gemini's <c>usageMetadata</c>, as the statistics and the translated surfaces need them.</summary>
/// <param name="Prompt">promptTokenCount.</param>
/// <param name="Candidates">candidatesTokenCount (visible output only).</param>
/// <param name="Thoughts">thoughtsTokenCount.</param>
/// <param name="Total">totalTokenCount.</param>
/// <param name="Cached">cachedContentTokenCount (part of the prompt, served from a context cache); the metrics count it.</param>
internal sealed record TokenUsage(int Prompt, int Candidates, int Thoughts, int Total, int Cached = 0);
