using System.Globalization;
using System.Text.Json;
using GeminiBalance.Hosting;
using GeminiBalance.Upstream;

namespace GeminiBalance.OpenAi;

/// <summary>A validated <c>POST audio/speech</c> request, mapped onto Gemini's names (docs/protocols.md#openai-media, #media-to-gemini).</summary>
/// <param name="Prompt">The text to speak, led by a spoken-style instruction when the client asked for a style or a speed.</param>
/// <param name="Wav">True for <c>wav</c>, false for raw <c>pcm</c>.</param>
internal sealed record OpenAiSpeechRequest(string Model, string Prompt, string Voice, bool Wav) : IOpenAiRequest
{
    private static readonly HashSet<string> Known = new(StringComparer.Ordinal)
    {
        "model", "input", "voice", "instructions", "response_format", "speed", "stream_format",
    };

    public const int MaxInputLength = 4096;

    public static readonly string[] Formats = ["wav", "pcm"];

    // OpenAI's TTS models, which clients send out of habit; they mean "the configured TTS model".
    private static readonly string[] OpenAiModels = ["tts-1", "tts-1-hd", "gpt-4o-mini-tts"];

    // OpenAI's voices onto Gemini voices of a similar character; any other name (Gemini's own) goes upstream as sent.
    private static readonly Dictionary<string, string> Voices = new(StringComparer.OrdinalIgnoreCase)
    {
        ["alloy"] = "Kore", ["ash"] = "Orus", ["ballad"] = "Enceladus", ["coral"] = "Callirrhoe",
        ["echo"] = "Charon", ["fable"] = "Puck", ["nova"] = "Aoede", ["onyx"] = "Fenrir",
        ["sage"] = "Iapetus", ["shimmer"] = "Leda", ["verse"] = "Zephyr", ["marin"] = "Autonoe", ["cedar"] = "Umbriel",
    };

    public static OpenAiSpeechRequest Parse(JsonElement request, ProxyOptions options)
    {
        var ignored = OpenAiFields.Check(request, Known);
        var model = OpenAiFields.RequiredString(request, "model");
        model = OpenAiModels.Contains(model, StringComparer.Ordinal) ? options.TtsModel : model;
        if (!ModelId.IsValid(model))
        {
            throw new OpenAiRequestException("model", $"'{model}' is not a valid model name.");
        }

        var input = OpenAiFields.RequiredString(request, "input");
        if (input.Length > MaxInputLength)
        {
            throw new OpenAiRequestException("input", $"'input' is {input.Length} characters long; the limit is {MaxInputLength}.");
        }

        var voice = OpenAiFields.RequiredString(request, "voice");
        var format = OpenAiFields.String(request, "response_format") switch
        {
            // OpenAI's default is mp3, which this proxy does not encode; gemini-balance answers WAV to a request that names
            // no format, and its documented examples rely on that.
            null => "wav",
            var value when Formats.Contains(value, StringComparer.Ordinal) => value,
            var value => throw new OpenAiRequestException("response_format", $"'{value}' is not supported; this proxy produces wav or pcm (24 kHz, 16-bit, mono)."),
        };
        if (OpenAiFields.String(request, "stream_format") is { } streamFormat && streamFormat != "audio")
        {
            throw new OpenAiRequestException("stream_format", $"'{streamFormat}' is not supported; only 'audio' is.");
        }

        var style = StyleOf(OpenAiFields.String(request, "instructions"), OpenAiFields.Number(request, "speed", 0.25, 4.0) ?? 1.0);
        return new OpenAiSpeechRequest(model, style is null ? input : $"{style}: {input}", Voices.GetValueOrDefault(voice, voice), format == "wav")
        {
            IgnoredFields = ignored,
        };
    }

    public IReadOnlyList<string> IgnoredFields { get; init; } = [];

    /// <summary>
    /// Gemini's TTS has no speed or style parameter; it follows a spoken instruction before the text
    /// ("Say cheerfully: …"), which is also how gemini-balance passes its speed setting.
    /// </summary>
    private static string? StyleOf(string? instructions, double speed)
    {
        var parts = new List<string>();
        if (!string.IsNullOrWhiteSpace(instructions))
        {
            parts.Add(instructions.Trim().TrimEnd('.', ':', ' '));
        }

        if (speed != 1.0)
        {
            parts.Add($"Speak at {speed.ToString("0.##", CultureInfo.InvariantCulture)} times the normal speed");
        }

        return parts.Count == 0 ? null : string.Join(". ", parts);
    }
}
