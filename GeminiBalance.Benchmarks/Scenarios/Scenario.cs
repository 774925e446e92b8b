using GeminiBalance.Benchmarks.Load;

namespace GeminiBalance.Benchmarks.Scenarios;

/// <param name="Native">What goes straight to the upstream and through the bare forwarder: the Gemini request itself.</param>
/// <param name="ViaProxy">What goes to the proxy: the same request, or its OpenAI/Anthropic equivalent.</param>
/// <param name="Translated">True when <paramref name="ViaProxy"/> is another API's request, whose route may not be built yet.</param>
internal sealed record Scenario(string Name, RequestShape Native, RequestShape ViaProxy, bool Translated)
{
    public bool Streaming => Native.Streaming;
}
