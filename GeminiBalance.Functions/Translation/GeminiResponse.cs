using System.Text.Json;

namespace GeminiBalance.Translation;

/// <summary>Reading a Gemini <c>GenerateContentResponse</c> (a whole answer or one stream element) the same way on every translated surface.</summary>
internal static class GeminiResponse
{
    /// <returns>The candidates by index, or none.</returns>
    public static IEnumerable<(int Index, JsonElement Candidate)> Candidates(JsonElement response) =>
        response.TryGetProperty("candidates", out var candidates) && candidates.ValueKind == JsonValueKind.Array
            ? candidates.EnumerateArray().Select((candidate, position) =>
                (candidate.TryGetProperty("index", out var index) && index.TryGetInt32(out var i) ? i : position, candidate))
            : [];

    public static bool PromptBlocked(JsonElement response) =>
        response.TryGetProperty("promptFeedback", out var feedback) && feedback.TryGetProperty("blockReason", out _);

    /// <summary>Checks a whole answer before anything of it is written.</summary>
    /// <exception cref="IOException">The answer holds neither a candidate nor a blocked prompt.</exception>
    public static void RequireAnswer(JsonElement response)
    {
        if (!Candidates(response).Any() && !PromptBlocked(response))
        {
            // Gemini sometimes answers 200 with nothing at all (gemini-balance #326); another key may do better.
            throw new Upstream.MalformedAnswerException("The upstream answer held no candidates.");
        }
    }

    /// <summary>The finish cause of a candidate, or null while it is still being generated.</summary>
    public static FinishCause? Finish(JsonElement candidate) =>
        candidate.TryGetProperty("finishReason", out var reason) && reason.GetString() is { } text ? GeminiFinishReason.Classify(text) : null;

    /// <exception cref="IOException">The element is not JSON or is Google's in-stream error: the upstream failed.</exception>
    public static JsonDocument ParseStreamElement(string element)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(element);
        }
        catch (JsonException exception)
        {
            throw new Upstream.MalformedAnswerException("The upstream stream sent an element that is not JSON.", exception);
        }

        if (document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("error", out _))
        {
            document.Dispose();
            throw new IOException("The upstream stream reported an error.");
        }

        return document;
    }
}
