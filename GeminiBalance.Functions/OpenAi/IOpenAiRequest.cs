namespace GeminiBalance.OpenAi;

/// <summary>A parsed OpenAI request, with the fields it ignored (<see cref="Endpoints.IgnoredFields"/>).</summary>
internal interface IOpenAiRequest
{
    IReadOnlyList<string> IgnoredFields { get; }
}
