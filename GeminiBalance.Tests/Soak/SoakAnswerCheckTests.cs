namespace GeminiBalance.Tests.Soak;

/// <summary>The soak is only as good as its judge: each way of losing a request must be caught.</summary>
public sealed class SoakAnswerCheckTests
{
    private const string GoogleError = """{"error":{"code":502,"message":"The upstream stream broke off.","status":"UNAVAILABLE"}}""";

    [Fact]
    public void WholeStreamSucceeds() =>
        Assert.Equal(SoakOutcome.Succeeded, JudgeStream(Element(0), Element(1), Element(2, last: true)).Outcome);

    [Fact]
    public void StreamEndingWithAnErrorEventFailedCorrectly() =>
        Assert.Equal(SoakOutcome.FailedCorrectly, JudgeStream(Element(0), GoogleError).Outcome);

    [Fact]
    public void ReplayedChunkIsLost() =>
        Assert.Equal(SoakVerdict.Lost("duplicated or reordered text in a stream"), JudgeStream(Element(0), Element(0), Element(1), Element(2, last: true)));

    [Fact]
    public void StreamCutWithoutAnErrorEventIsLost() =>
        Assert.Equal(SoakVerdict.Lost("a stream cut without an error event"), JudgeStream(Element(0), Element(1)));

    [Fact]
    public void ErrorEventFollowedByMoreChunksIsLost() =>
        Assert.Equal(SoakOutcome.Lost, JudgeStream(Element(0), GoogleError, Element(1)).Outcome);

    [Theory]
    [InlineData(500, GoogleError)]
    [InlineData(502, """{"error":"bad gateway"}""")]
    [InlineData(429, """{"error":{"code":503,"message":"m","status":"UNAVAILABLE"}}""")]
    [InlineData(200, """{"candidates":[{"content":{"parts":[{"text":"echo: someone else"}]}}]}""")]
    public void WrongAnswersAndErrorsAreLost(int status, string body) =>
        Assert.Equal(SoakOutcome.Lost, SoakAnswerCheck.Judge(SoakRequestKind.NativePlain, status, body, "p", 3).Outcome);

    [Fact]
    public void GoogleShapedErrorWithItsStatusFailedCorrectly() =>
        Assert.Equal(SoakOutcome.FailedCorrectly, SoakAnswerCheck.Judge(SoakRequestKind.NativePlain, 502, GoogleError, "p", 3).Outcome);

    [Fact]
    public void OpenAiStreamNeedsDoneAfterTheWholeAnswer()
    {
        static string Chunk(string? text, string? finish = null) =>
            $$"""{"choices":[{"index":0,"delta":{"content":{{(text is null ? "null" : $"\"{text}\"")}}},"finish_reason":{{(finish is null ? "null" : $"\"{finish}\"")}}}]}""";
        var whole = Sse(Chunk(""), Chunk("chunk 0 "), Chunk("chunk 1 "), Chunk(null, "stop"), "[DONE]");
        var noDone = Sse(Chunk("chunk 0 "), Chunk("chunk 1 ", "stop"));

        Assert.Equal(SoakOutcome.Succeeded, SoakAnswerCheck.Judge(SoakRequestKind.OpenAiStream, 200, whole, "p", 2).Outcome);
        Assert.Equal(SoakOutcome.Lost, SoakAnswerCheck.Judge(SoakRequestKind.OpenAiStream, 200, noDone, "p", 2).Outcome);
    }

    private static SoakVerdict JudgeStream(params string[] events) =>
        SoakAnswerCheck.Judge(SoakRequestKind.NativeStream, 200, Sse(events), "p", 3);

    private static string Element(int index, bool last = false) =>
        $$"""{"candidates":[{"content":{"parts":[{"text":"chunk {{index}} "}],"role":"model"}{{(last ? ",\"finishReason\":\"STOP\"" : "")}},"index":0}]}""";

    private static string Sse(params string[] events) => string.Concat(events.Select(e => $"data: {e}\r\n\r\n"));
}
