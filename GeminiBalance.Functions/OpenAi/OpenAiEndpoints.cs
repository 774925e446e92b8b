using GeminiBalance.Auth;
using GeminiBalance.Errors;

namespace GeminiBalance.OpenAi;

/// <summary>
/// The OpenAI-compatible API besides chat, one implementation under three prefixes: <c>/v1</c> (the OpenAI SDKs'
/// default path), <c>/openai/v1</c> and <c>/hf/v1</c> (gemini-balance's aliases). <c>GET /v1/models</c> is shared
/// with the Gemini-native v1 API and mapped by <see cref="Endpoints.SharedModelsEndpoints"/>.
/// </summary>
internal static class OpenAiEndpoints
{
    public static IEndpointRouteBuilder MapOpenAiEndpoints(this IEndpointRouteBuilder app)
    {
        foreach (var prefix in new[] { "v1", "openai/v1", "hf/v1" })
        {
            var group = app.MapGroup(prefix).RequireClientToken(ApiProtocol.OpenAi);
            group.MapPost("embeddings", OpenAiEmbeddings.EmbedAsync);
            group.MapPost("audio/speech", OpenAiSpeech.SpeakAsync);
            group.MapPost("images/generations", OpenAiImages.GenerateAsync);
            if (prefix != "v1")
            {
                group.MapGet("models", OpenAiModels.ListAsync);
                group.MapGet("models/{id}", OpenAiModels.GetAsync);
            }
        }

        return app;
    }
}
