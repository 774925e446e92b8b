namespace GeminiBalance.Tests.Soak;

/// <summary>
/// What a client made of an answer to a request sent to a misbehaving upstream, in one word a test can expect: "200", a
/// status whose error body has the caller's protocol shape ("502", "504" …), "stream error" for a 200 stream that ends with
/// a well-shaped error event, or a description of what is wrong with it.
/// </summary>
internal static class UpstreamAnswerShape
{
    public const string StreamError = "stream error";

    public static string Of(SoakRequestKind kind, int status, string body)
    {
        var openAi = kind is SoakRequestKind.OpenAiPlain or SoakRequestKind.OpenAiStream;
        if (status != 200)
        {
            var error = ErrorShapes.TryParse(body);
            return (openAi ? ErrorShapes.IsOpenAiError(error) : ErrorShapes.IsGoogleError(error, status)) ? $"{status}" : $"{status} with a wrong-shaped error";
        }

        if (kind is SoakRequestKind.NativePlain or SoakRequestKind.OpenAiPlain)
        {
            return ErrorShapes.TryParse(body) is null ? "200 that is not JSON" : "200";
        }

        var events = SseDataEvents.Parse(body).Where(e => e != "[DONE]").ToList();
        if (events.Any(e => ErrorShapes.TryParse(e) is null))
        {
            return "200 stream with an event that is not JSON";
        }

        var errors = events.Select(ErrorShapes.TryParse).Count(e => e?["error"] is not null);
        var last = events.Count > 0 ? ErrorShapes.TryParse(events[^1]) : null;
        var wellShaped = openAi ? ErrorShapes.IsOpenAiError(last) : ErrorShapes.IsGoogleError(last, httpStatus: null);
        return errors == 0 ? "200" : errors == 1 && wellShaped ? StreamError : "200 stream with a misplaced error";
    }
}
