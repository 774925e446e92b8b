using GeminiBalance.Translation;

namespace GeminiBalance.OpenAi;

/// <summary>A chat request translated for Gemini, with what the answer's translation needs to know.</summary>
/// <param name="ClientModel">The model as the client named it; echoed in every answer.</param>
/// <param name="Model">The Gemini model to call (suffixes resolved).</param>
/// <param name="SearchDropped">Google Search was asked for but left out for the function tools (<see cref="DroppedTools"/>).</param>
/// <param name="LegacyFunctions">The client declared <c>functions</c>, so calls come back as <c>function_call</c>.</param>
internal sealed record ChatTranslation(
    string ClientModel,
    ModelName Model,
    bool Stream,
    bool IncludeUsage,
    bool LegacyFunctions,
    byte[] GeminiBody,
    bool SearchDropped = false)
{
    /// <summary>Top-level fields OpenAI does not define, ignored (<see cref="Endpoints.IgnoredFields"/>).</summary>
    public IReadOnlyList<string> IgnoredFields { get; init; } = [];
}
