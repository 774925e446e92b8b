using System.Globalization;
using System.Text.Json;

namespace GeminiBalance.OpenAi;

/// <summary>OpenAI speech ↔ Gemini TTS through generateContent (docs/protocols.md#gemini-speech, #media-to-gemini), pure.</summary>
internal static class OpenAiSpeechTranslation
{
    // What Gemini's TTS models speak when the mime type names no rate.
    public const int DefaultSampleRate = 24_000;

    public static byte[] ToGemini(OpenAiSpeechRequest request) => GeminiRequestJson.Build(writer =>
    {
        writer.WriteStartObject();
        GeminiRequestJson.WriteUserText(writer, request.Prompt);
        writer.WriteStartObject("generationConfig");
        GeminiRequestJson.WriteResponseModalities(writer, "AUDIO");
        writer.WriteStartObject("speechConfig");
        writer.WriteStartObject("voiceConfig");
        writer.WriteStartObject("prebuiltVoiceConfig");
        writer.WriteString("voiceName", request.Voice);
        writer.WriteEndObject();
        writer.WriteEndObject();
        writer.WriteEndObject();
        writer.WriteEndObject();
        writer.WriteEndObject();
    });

    /// <summary>The first candidate's audio: headerless signed 16-bit little-endian mono PCM, and its sample rate.</summary>
    /// <returns>Null when the answer holds no audio part (a blocked prompt, an empty candidate).</returns>
    public static (byte[] Pcm, int SampleRate)? ReadAudio(JsonElement answer)
    {
        if (!answer.TryGetProperty("candidates", out var candidates) || candidates.ValueKind != JsonValueKind.Array || candidates.GetArrayLength() == 0
            || !candidates[0].TryGetProperty("content", out var content) || !content.TryGetProperty("parts", out var parts) || parts.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        var pcm = new MemoryStream();
        int? sampleRate = null;
        foreach (var part in parts.EnumerateArray())
        {
            if (part.TryGetProperty("inlineData", out var inline)
                && inline.TryGetProperty("mimeType", out var mimeType) && mimeType.GetString() is { } mime && mime.StartsWith("audio/", StringComparison.OrdinalIgnoreCase)
                && inline.TryGetProperty("data", out var data))
            {
                // Long inputs can come back as several audio parts; they play one after the other.
                pcm.Write(data.GetBytesFromBase64());
                sampleRate ??= RateOf(mime);
            }
        }

        return sampleRate is { } rate ? (pcm.ToArray(), rate) : null;
    }

    /// <summary>"audio/L16;codec=pcm;rate=24000" → 24000.</summary>
    private static int RateOf(string mimeType)
    {
        foreach (var parameter in mimeType.Split(';', StringSplitOptions.TrimEntries).Skip(1))
        {
            if (parameter.StartsWith("rate=", StringComparison.OrdinalIgnoreCase)
                && int.TryParse(parameter.AsSpan(5), NumberStyles.None, CultureInfo.InvariantCulture, out var rate) && rate > 0)
            {
                return rate;
            }
        }

        return DefaultSampleRate;
    }
}
