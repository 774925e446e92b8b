using System.Text.Json.Nodes;
using GeminiBalance.OpenAi;
using GeminiBalance.Translation;

namespace GeminiBalance.Responses;

/// <summary>A Responses request translated for Gemini, with what the answer and the store need to know.</summary>
/// <param name="Conversation">Every input item so far (the continued response's input and output, then this request's input), as stored.</param>
/// <param name="Echo">The request settings a response object repeats (instructions, tools, temperature, …), defaults filled in.</param>
/// <param name="SearchDropped">Google Search was asked for but left out for the function tools (<see cref="DroppedTools"/>).</param>
/// <param name="ShowReasoning">The client asked for reasoning summaries, so thoughts become reasoning items.</param>
internal sealed record ResponsesTranslation(
    string ClientModel,
    ModelName Model,
    bool Stream,
    bool Store,
    bool ShowReasoning,
    JsonArray Conversation,
    JsonObject Echo,
    byte[] GeminiBody,
    bool SearchDropped = false);
