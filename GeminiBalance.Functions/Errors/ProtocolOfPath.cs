namespace GeminiBalance.Errors;

/// <summary>Guesses the caller's protocol from the path, for errors raised before any endpoint ran (404, 405).</summary>
internal static class ProtocolOfPath
{
    public static ApiProtocol Of(PathString path) =>
        path.StartsWithSegments("/v1/messages") ? ApiProtocol.Anthropic
        : path.StartsWithSegments("/v1beta") || path.StartsWithSegments("/gemini") || path.StartsWithSegments("/upload")
          || path.StartsWithSegments("/v1/models") || path.StartsWithSegments("/v1/files") ? ApiProtocol.Gemini
        : path.StartsWithSegments("/v1") || path.StartsWithSegments("/openai") || path.StartsWithSegments("/hf") ? ApiProtocol.OpenAi
        : ApiProtocol.Gemini;
}
