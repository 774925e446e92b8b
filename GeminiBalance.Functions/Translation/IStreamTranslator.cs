using System.Buffers;

namespace GeminiBalance.Translation;

/// <summary>Gemini stream elements → a client protocol's stream, one element at a time, for <see cref="Upstream.TranslatedStreamRelay"/>.</summary>
internal interface IStreamTranslator
{
    /// <summary>The usage the stream reported last (Gemini's counts are cumulative).</summary>
    GeminiUsage? Usage { get; }

    /// <exception cref="IOException">The element is not JSON or is Google's in-stream error: the upstream failed.</exception>
    void Translate(string element, IBufferWriter<byte> output);

    /// <summary>Ends the client's stream after the upstream's last element.</summary>
    /// <exception cref="IOException">The upstream ended without a single element.</exception>
    void Complete(IBufferWriter<byte> output);
}
