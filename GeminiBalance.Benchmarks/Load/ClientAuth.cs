namespace GeminiBalance.Benchmarks.Load;

/// <summary>Where a request's SDK would put its token.</summary>
internal enum ClientAuth
{
    /// <summary><c>x-goog-api-key</c>, as Google's SDKs send it.</summary>
    GoogleKey,

    /// <summary><c>Authorization: Bearer</c>, as OpenAI's SDKs send it.</summary>
    Bearer,

    /// <summary><c>x-api-key</c> plus <c>anthropic-version</c>, as Anthropic's SDKs send it.</summary>
    AnthropicKey,
}
