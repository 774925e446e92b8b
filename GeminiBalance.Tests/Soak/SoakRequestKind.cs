namespace GeminiBalance.Tests.Soak;

/// <summary>The kinds of request a soak mixes; the OpenAI ones only once the proxy serves that route.</summary>
internal enum SoakRequestKind
{
    NativePlain,
    NativeStream,
    OpenAiPlain,
    OpenAiStream,
}
