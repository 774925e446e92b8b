using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using static GeminiBalance.Tests.TestKit.EmulatedGeminiWire;

namespace GeminiBalance.Tests.TestKit;

public sealed class EmulatedGeminiStreamingTests : EmulatedGeminiFixture
{
    private const string Stream = "/v1beta/models/gemini-2.5-flash:streamGenerateContent";
    private const string Hello = """{"contents":[{"role":"user","parts":[{"text":"hello there"}]}]}""";

    [Fact]
    public async Task SseFramesEachElementWithCrlfAndSendsNoDone()
    {
        Gemini.StreamChunkCount = 4;

        using var response = await Http.SendAsync(Post($"{Stream}?alt=sse", Hello, GoodKey));
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        Assert.EndsWith("\r\n\r\n", body);
        Assert.DoesNotContain("[DONE]", body);
        var events = body.Split("\r\n\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(4, events.Length);
        Assert.All(events, e => Assert.StartsWith("data: ", e));
        Assert.All(events, e => Assert.DoesNotContain('\n', e));
        AssertElements([.. events.Select(e => JsonNode.Parse(e["data: ".Length..])!)], 4);
    }

    [Fact]
    public async Task ArrayModeIsOnePrettyPrintedJsonArrayWhenFullyRead()
    {
        using var response = await Http.SendAsync(Post(Stream, Hello, GoodKey));
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("[{\n", body);
        Assert.Contains("}\n,\r\n{", body);
        var elements = Assert.IsType<JsonArray>(JsonNode.Parse(body));
        AssertElements([.. elements.Select(e => e!)], 3);
    }

    [Fact]
    public async Task ErrorsBeforeTheStreamAreArrayWrappedOnlyInArrayMode()
    {
        using var array = await Http.SendAsync(Post(Stream, Hello, "unknown"));
        using var sse = await Http.SendAsync(Post($"{Stream}?alt=sse", Hello, "unknown"));

        Assert.Equal(HttpStatusCode.BadRequest, array.StatusCode);
        Assert.Equal("INVALID_ARGUMENT", (string?)(await ReadJsonAsync(array)).AsArray().Single()!["error"]!["status"]);
        Assert.Equal(HttpStatusCode.BadRequest, sse.StatusCode);
        Assert.Equal("INVALID_ARGUMENT", (string?)(await ReadJsonAsync(sse))["error"]!["status"]);
    }

    [Fact]
    public async Task RateLimitedStreamGets429BeforeAnyElement()
    {
        Gemini.SetKey("limited", new KeyBehavior.RateLimited(TimeSpan.FromSeconds(7)));

        using var response = await Http.SendAsync(Post($"{Stream}?alt=sse", Hello, "limited"));

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Equal("RESOURCE_EXHAUSTED", (string?)(await ReadJsonAsync(response))["error"]!["status"]);
    }

    [Fact]
    public async Task StreamGateHoldsTheSecondElementUntilReleased()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var firstSeen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var log = new ConcurrentQueue<string>();
        Gemini.StreamGate = gate;

        using var response = await Http.SendAsync(Post($"{Stream}?alt=sse", Hello, GoodKey), HttpCompletionOption.ResponseHeadersRead);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        var readAll = Task.Run(async () =>
        {
            for (var i = 0; await ReadSseDataAsync(reader) is not null; i++)
            {
                log.Enqueue($"element {i}");
                firstSeen.TrySetResult();
            }
        });
        await firstSeen.Task.WaitAsync(HangGuard);
        log.Enqueue("released");
        gate.SetResult();
        await readAll.WaitAsync(HangGuard);

        Assert.Equal(["element 0", "released", "element 1", "element 2"], log);
    }

    [Fact]
    public async Task ClientLeavingAGatedStreamCompletesStreamAborted()
    {
        Gemini.StreamGate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        // Only completes if the server was still mid-stream (held by the gate) when the client hung up.
        await ReadFirstElementAndHangUpAsync();
    }

    [Fact]
    public async Task StreamChunkIntervalPausesAfterTheFirstElement()
    {
        Gemini.StreamChunkInterval = TimeSpan.FromHours(1);

        // Only completes if the server was still pausing before the second element when the client hung up.
        await ReadFirstElementAndHangUpAsync();
    }

    [Fact]
    public async Task PacedStreamStillDeliversEveryElementInOrder()
    {
        Gemini.StreamChunkInterval = TimeSpan.FromMilliseconds(5);
        Gemini.StreamChunkCount = 4;

        using var response = await Http.SendAsync(Post($"{Stream}?alt=sse", Hello, GoodKey));
        var body = await response.Content.ReadAsStringAsync();

        AssertElements([.. body.Split("\r\n\r\n", StringSplitOptions.RemoveEmptyEntries).Select(e => JsonNode.Parse(e["data: ".Length..])!)], 4);
    }

    [Fact]
    public async Task UnrecordedRequestsStillReachRequestReceived()
    {
        var seen = new ConcurrentQueue<ReceivedRequest>();
        Gemini.RecordRequests = false;
        Gemini.RequestReceived = seen.Enqueue;

        using var response = await Http.SendAsync(Post($"{Stream}?alt=sse", Hello, GoodKey));
        await response.Content.ReadAsStringAsync();

        Assert.Empty(Gemini.Requests);
        Assert.Equal(GoodKey, Assert.Single(seen).Key);
    }

    [Fact]
    public async Task ClientLeavingASlowStreamCompletesStreamAborted()
    {
        Gemini.SetKey("slow", new KeyBehavior.Slow(TimeSpan.FromHours(1)));
        using var cancel = new CancellationTokenSource();

        var call = Http.SendAsync(Post($"{Stream}?alt=sse", Hello, "slow"), HttpCompletionOption.ResponseHeadersRead, cancel.Token);
        await WaitUntilAsync(() => Gemini.Requests.Count == 1);
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        await Gemini.StreamAborted.WaitAsync(HangGuard);
    }

    [Theory]
    [InlineData(true, 0)]
    [InlineData(true, 2)]
    [InlineData(false, 1)]
    public async Task DiesMidStreamFailsTheClientsReadAfterTheGivenElements(bool sse, int afterElements)
    {
        Gemini.SetKey("dies", new KeyBehavior.DiesMidStream(afterElements));
        Gemini.StreamChunkCount = 5;

        using var response = await Http.SendAsync(Post(sse ? $"{Stream}?alt=sse" : Stream, Hello, "dies"), HttpCompletionOption.ResponseHeadersRead);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        var read = 0;
        var failure = await Record.ExceptionAsync(async () =>
        {
            while (sse ? await ReadSseDataAsync(reader) is not null : await reader.ReadLineAsync() is not null)
            {
                read++;
            }
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.IsAssignableFrom<IOException>(failure);
        if (sse)
        {
            Assert.Equal(afterElements, read);
        }

        Assert.False(Gemini.StreamAborted.IsCompleted, "the emulator's own abort is not a client disconnect");
    }

    private static void AssertElements(IReadOnlyList<JsonNode> elements, int count)
    {
        Assert.Equal(count, elements.Count);
        var text = string.Concat(elements.Select(e => (string?)e["candidates"]![0]!["content"]!["parts"]![0]!["text"]));
        Assert.Equal(string.Concat(Enumerable.Range(0, count).Select(i => $"chunk {i} ")), text);
        Assert.All(elements, e => Assert.NotNull(e["usageMetadata"]?["totalTokenCount"]));
        Assert.All(elements.SkipLast(1), e => Assert.Null(e["candidates"]![0]!["finishReason"]));
        Assert.Equal("STOP", (string?)elements[^1]["candidates"]![0]!["finishReason"]);
        Assert.Single(elements.Select(e => (string?)e["responseId"]).Distinct());
    }

    /// <summary>Reads one SSE element, leaves, and waits until the emulator saw the client go.</summary>
    private async Task ReadFirstElementAndHangUpAsync()
    {
        using (var response = await Http.SendAsync(Post($"{Stream}?alt=sse", Hello, GoodKey), HttpCompletionOption.ResponseHeadersRead))
        {
            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
            Assert.NotNull(await ReadSseDataAsync(reader).WaitAsync(HangGuard));
        }

        await Gemini.StreamAborted.WaitAsync(HangGuard);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var guard = new CancellationTokenSource(HangGuard);
        while (!condition())
        {
            await Task.Delay(TimeSpan.FromMilliseconds(10), guard.Token);
        }
    }
}
