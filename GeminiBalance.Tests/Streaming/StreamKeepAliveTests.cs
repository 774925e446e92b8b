using System.Text;
using System.Text.Json;
using GeminiBalance.Errors;
using GeminiBalance.Streaming;
using GeminiBalance.Tests.TestKit;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace GeminiBalance.Tests.Streaming;

public sealed class StreamKeepAliveTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task SilenceLongerThanTheIntervalStartsTheStreamWithAKeepAlive()
    {
        var (context, body) = NewContext();
        var clock = new ManualTimeProvider(DateTimeOffset.UnixEpoch);
        await using var keepAlive = new StreamKeepAlive(context, StreamSignals.OpenAiChat, Interval, clock);
        var work = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);

        var waiting = keepAlive.WhileAsync(work.Task, CancellationToken.None);
        clock.Advance(Interval - TimeSpan.FromSeconds(1));
        Assert.Equal("", body.Text);
        Assert.False(context.Response.HasStarted);

        clock.Advance(TimeSpan.FromSeconds(1));
        await Until(() => body.Text.Length > 0);
        Assert.Equal(": keep-alive\n\n", body.Text);
        Assert.Equal(StatusCodes.Status200OK, context.Response.StatusCode);
        Assert.Equal("text/event-stream; charset=utf-8", context.Response.ContentType);
        Assert.True(keepAlive.OnlyKeepAlivesWritten);

        await Until(() => clock.PendingTimers == 1);
        clock.Advance(Interval);
        await Until(() => keepAlive.KeepAlivesWritten == 2);
        work.SetResult(7);
        Assert.Equal(7, await waiting);
        Assert.Equal(": keep-alive\n\n: keep-alive\n\n", body.Text);
        Assert.False(keepAlive.ContentWritten);
    }

    [Fact]
    public async Task WorkThatEndsInTimeWritesNothing()
    {
        var (context, body) = NewContext();
        var clock = new ManualTimeProvider(DateTimeOffset.UnixEpoch);
        await using var keepAlive = new StreamKeepAlive(context, StreamSignals.Anthropic, Interval, clock);
        var work = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);

        var waiting = keepAlive.WhileAsync(work.Task, CancellationToken.None);
        clock.Advance(Interval / 2);
        work.SetResult(1);
        await waiting;

        Assert.Equal("", body.Text);
        Assert.False(context.Response.HasStarted);
        Assert.Equal(0, clock.PendingTimers); // The wait's timer is gone with it.
    }

    [Fact]
    public async Task ContentResetsTheSilenceAndCountsAsTheAnswerStarting()
    {
        var (context, body) = NewContext();
        var clock = new ManualTimeProvider(DateTimeOffset.UnixEpoch);
        await using var keepAlive = new StreamKeepAlive(context, StreamSignals.Anthropic, Interval, clock);

        clock.Advance(Interval - TimeSpan.FromSeconds(2));
        await context.Response.Body.WriteAsync("event: message_start\n\n"u8.ToArray()); // What a relay writes.
        Assert.True(keepAlive.ContentWritten);

        var work = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var waiting = keepAlive.WhileAsync(work.Task, CancellationToken.None);
        clock.Advance(TimeSpan.FromSeconds(2)); // An interval since the start, but not since the content.
        Assert.Equal(0, keepAlive.KeepAlivesWritten);

        clock.Advance(Interval);
        await Until(() => keepAlive.KeepAlivesWritten == 1);
        Assert.EndsWith("event: ping\ndata: {\"type\":\"ping\"}\n\n", body.Text);
        Assert.False(keepAlive.OnlyKeepAlivesWritten);
        work.SetResult(0);
        await waiting;
    }

    [Fact]
    public async Task AFailureAfterKeepAlivesIsTheProtocolsErrorEventWithItsMessage()
    {
        var (context, body) = NewContext();
        var clock = new ManualTimeProvider(DateTimeOffset.UnixEpoch);
        await using var keepAlive = new StreamKeepAlive(context, StreamSignals.Anthropic, Interval, clock);

        var never = new TaskCompletionSource<int>();
        var waiting = keepAlive.WhileAsync(never.Task, CancellationToken.None);
        clock.Advance(Interval);
        await Until(() => keepAlive.KeepAlivesWritten == 1);
        await keepAlive.WriteFailureAsync(new ErrorResult(ApiProtocol.Anthropic, 529, "Overloaded everywhere."));

        var error = body.Text["event: ping\ndata: {\"type\":\"ping\"}\n\n".Length..];
        Assert.StartsWith("event: error\ndata: ", error);
        Assert.EndsWith("\n\n", error);
        using var data = JsonDocument.Parse(error["event: error\ndata: ".Length..]);
        Assert.Equal("overloaded_error", data.RootElement.GetProperty("error").GetProperty("type").GetString());
        Assert.Equal("Overloaded everywhere.", data.RootElement.GetProperty("error").GetProperty("message").GetString());
        Assert.False(waiting.IsCompleted);
    }

    [Fact]
    public void GooglesPrettyPrintedErrorBecomesOneSseDataLine()
    {
        var body = "{\n  \"error\": {\n    \"code\": 429,\n    \"message\": \"Quota exceeded.\",\n    \"status\": \"RESOURCE_EXHAUSTED\"\n  }\n}\n"u8;

        var sse = Encoding.UTF8.GetString(StreamSignals.GeminiSse.ErrorEvent(body));

        Assert.Equal("data: {\"error\":{\"code\":429,\"message\":\"Quota exceeded.\",\"status\":\"RESOURCE_EXHAUSTED\"}}\r\n\r\n", sse);
    }

    [Fact]
    public void JsonArrayKeepAlivesAndErrorStayOneValidJsonDocument()
    {
        var signals = StreamSignals.GeminiJsonArray;
        var keepAlive = Encoding.UTF8.GetString(signals.KeepAlive.Span);
        var error = Encoding.UTF8.GetString(signals.ErrorEvent("""{"error":{"code":503,"message":"x","status":"UNAVAILABLE"}}"""u8));

        Assert.True(string.IsNullOrWhiteSpace(keepAlive));
        using var beforeContent = JsonDocument.Parse(keepAlive + keepAlive + error);
        Assert.Equal(503, beforeContent.RootElement[0].GetProperty("error").GetProperty("code").GetInt32());
        using var betweenElements = JsonDocument.Parse($"{keepAlive}[{{\"a\":1}}{keepAlive},{keepAlive}{{\"b\":2}}{keepAlive}]");
        Assert.Equal(2, betweenElements.RootElement.GetArrayLength());
    }

    [Fact]
    public void ResponsesErrorEventCarriesOpenAisCodeAndMessage()
    {
        var text = Encoding.UTF8.GetString(StreamSignals.Responses.ErrorEvent(
            """{"error":{"message":"No key is usable.","type":"server_error","param":null,"code":"service_unavailable"}}"""u8));

        Assert.StartsWith("event: error\ndata: ", text);
        using var data = JsonDocument.Parse(text["event: error\ndata: ".Length..]);
        Assert.Equal("error", data.RootElement.GetProperty("type").GetString());
        Assert.Equal("service_unavailable", data.RootElement.GetProperty("code").GetString());
        Assert.Equal("No key is usable.", data.RootElement.GetProperty("message").GetString());
    }

    private static (HttpContext Context, RecordingBody Body) NewContext()
    {
        var context = new DefaultHttpContext();
        var started = new StartsOnFirstWrite();
        var body = new RecordingBody(started);
        context.Features.Set<IHttpResponseFeature>(started);
        context.Features.Set<IHttpResponseBodyFeature>(new StreamResponseBodyFeature(body));
        return (context, body);
    }

    private static async Task Until(Func<bool> condition)
    {
        for (var waited = 0; !condition(); waited += 10)
        {
            Assert.True(waited < 5000, "The condition did not come true within 5 s.");
            await Task.Delay(10);
        }
    }

    /// <summary>A response that has started once a byte went out, as Kestrel's does.</summary>
    private sealed class StartsOnFirstWrite : HttpResponseFeature
    {
        public bool Started { get; set; }

        public override bool HasStarted => Started;
    }

    private sealed class RecordingBody(StartsOnFirstWrite response) : MemoryStream
    {
        public string Text
        {
            get
            {
                lock (this)
                {
                    return Encoding.UTF8.GetString(GetBuffer(), 0, (int)Length);
                }
            }
        }

        public override void Write(byte[] buffer, int offset, int count)
        {
            lock (this)
            {
                response.Started = true;
                base.Write(buffer, offset, count);
            }
        }

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Write(buffer.ToArray(), 0, buffer.Length);
            return ValueTask.CompletedTask;
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            Write(buffer, offset, count);
            return Task.CompletedTask;
        }
    }
}
