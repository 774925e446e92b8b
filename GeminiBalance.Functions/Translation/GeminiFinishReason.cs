namespace GeminiBalance.Translation;

/// <summary>Gemini's <c>finishReason</c> and <c>promptFeedback.blockReason</c> as a <see cref="FinishCause"/> (docs/protocols.md#chat-to-gemini).</summary>
internal static class GeminiFinishReason
{
    public static FinishCause Classify(string finishReason) => finishReason switch
    {
        "MAX_TOKENS" => FinishCause.Length,
        "SAFETY" or "RECITATION" or "LANGUAGE" or "OTHER" or "BLOCKLIST" or "PROHIBITED_CONTENT" or "SPII"
            or "IMAGE_SAFETY" or "IMAGE_PROHIBITED_CONTENT" or "IMAGE_RECITATION" or "IMAGE_OTHER" => FinishCause.ContentFilter,
        // STOP, and the tool-call failures (MALFORMED_FUNCTION_CALL, …) and NO_IMAGE, where the model simply stopped.
        _ => FinishCause.Stop,
    };
}
