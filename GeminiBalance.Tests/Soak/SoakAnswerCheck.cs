using System.Text.Json.Nodes;

namespace GeminiBalance.Tests.Soak;

/// <summary>
/// Judges one answer against what the emulated upstream sends: the echo of the prompt for whole answers, and
/// <c>chunk 0 chunk 1 …</c> for streams, each chunk exactly once and in order.
/// </summary>
internal static class SoakAnswerCheck
{
    public static SoakVerdict Judge(SoakRequestKind kind, int status, string body, string prompt, int streamChunks)
    {
        if (status == 500)
        {
            return SoakVerdict.Lost("HTTP 500 from the proxy");
        }

        var openAi = kind is SoakRequestKind.OpenAiPlain or SoakRequestKind.OpenAiStream;
        if (status != 200)
        {
            var error = ErrorShapes.TryParse(body);
            return (openAi ? ErrorShapes.IsOpenAiError(error) : ErrorShapes.IsGoogleError(error, status))
                ? SoakVerdict.Failed($"HTTP {status}")
                : SoakVerdict.Lost($"HTTP {status} with a wrong-shaped error");
        }

        return kind switch
        {
            SoakRequestKind.NativePlain => Whole(body, $"echo: {prompt}", answer => answer?["candidates"]?[0]?["content"]?["parts"]?[0]?["text"]),
            SoakRequestKind.OpenAiPlain => Whole(body, $"echo: {prompt}", answer => answer?["choices"]?[0]?["message"]?["content"]),
            SoakRequestKind.NativeStream => Stream(body, streamChunks, openAi: false),
            _ => Stream(body, streamChunks, openAi: true),
        };
    }

    private static SoakVerdict Whole(string body, string expected, Func<JsonNode?, JsonNode?> text)
    {
        var answer = ErrorShapes.TryParse(body);
        return (string?)text(answer) == expected ? SoakVerdict.Success
            // Google's own answer with nothing in it, relayed as it came: the client learns the truth.
            : answer is JsonObject native && native["candidates"] is null && native["usageMetadata"] is not null ? SoakVerdict.Failed("a 200 with no candidates, relayed as Google sent it")
            : SoakVerdict.Lost("a 200 without the expected answer");
    }

    private static SoakVerdict Stream(string body, int chunks, bool openAi)
    {
        var expected = string.Concat(Enumerable.Range(0, chunks).Select(i => $"chunk {i} "));
        var received = "";
        var finished = false;
        var events = SseDataEvents.Parse(body);
        for (var i = 0; i < events.Count; i++)
        {
            if (openAi && events[i] == "[DONE]")
            {
                return i == events.Count - 1 && finished && received == expected ? SoakVerdict.Success : SoakVerdict.Lost("[DONE] before the whole answer");
            }

            var element = ErrorShapes.TryParse(events[i]);
            if (element?["error"] is not null)
            {
                var wellShaped = openAi ? ErrorShapes.IsOpenAiError(element) : ErrorShapes.IsGoogleError(element, httpStatus: null);
                var last = i == events.Count - 1 || (openAi && i == events.Count - 2 && events[^1] == "[DONE]");
                return wellShaped && last ? SoakVerdict.Failed("stream ended with an error event") : SoakVerdict.Lost("a wrong-shaped or misplaced error event");
            }

            var choice = openAi ? element?["choices"]?[0] : element?["candidates"]?[0];
            received += (string?)(openAi ? choice?["delta"]?["content"] : choice?["content"]?["parts"]?[0]?["text"]) ?? "";
            finished |= choice?[openAi ? "finish_reason" : "finishReason"] is JsonValue;
            if (!expected.StartsWith(received, StringComparison.Ordinal))
            {
                return SoakVerdict.Lost("duplicated or reordered text in a stream");
            }
        }

        if (!openAi && finished && received == expected)
        {
            return SoakVerdict.Success;
        }

        // Google's own elements with nothing in them, relayed as they came: the client learns the truth.
        return !openAi && events.Count > 0 && events.Select(ErrorShapes.TryParse).All(e => e is JsonObject element && element["candidates"] is null && element["usageMetadata"] is not null)
            ? SoakVerdict.Failed("a stream with no candidates, relayed as Google sent it")
            : SoakVerdict.Lost("a stream cut without an error event");
    }
}
