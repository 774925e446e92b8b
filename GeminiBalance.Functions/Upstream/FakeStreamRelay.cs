using System.Buffers;
using System.Net.Http.Headers;
using System.Text.Json;
using GeminiBalance.Errors;
using GeminiBalance.Keys;
using GeminiBalance.Streaming;
using Microsoft.AspNetCore.WebUtilities;

namespace GeminiBalance.Upstream;

/// <summary>
/// gemini-balance's fake stream (FAKE_STREAM_ENABLED): a streamed request is served by one non-streaming
/// <c>generateContent</c> call; the client gets keep-alives every FAKE_STREAM_EMPTY_DATA_INTERVAL_SECONDS while it runs
/// (<see cref="StreamKeepAlive"/>), then the whole answer as one stream element, which the surface's own stream relay
/// turns into its events, usage included. Useful where an upstream or a network path handles streams badly.
/// </summary>
internal sealed class FakeStreamRelay(IAnswerRelay stream) : IAnswerRelay
{
    private const string StreamMethod = ":streamGenerateContent";

    public ApiProtocol Protocol => stream.Protocol;

    public StreamSignals? Stream => stream.Stream;

    /// <summary>A model call streamed through a relay that takes Gemini's stream: what a fake stream can stand in for.</summary>
    public static bool CanServe(GeminiCall call) =>
        call.Answer.Stream is not null && call.Answer is not FakeStreamRelay && call.PathAndQuery.Contains(StreamMethod, StringComparison.Ordinal);

    /// <summary><c>…:streamGenerateContent?alt=sse&amp;x=y</c> → <c>…:generateContent?x=y</c>: the same request, answered in one document.</summary>
    public static string NonStreamingPath(string pathAndQuery)
    {
        var question = pathAndQuery.IndexOf('?', StringComparison.Ordinal);
        var path = (question < 0 ? pathAndQuery : pathAndQuery[..question]).Replace(StreamMethod, ":generateContent", StringComparison.Ordinal);
        if (question < 0)
        {
            return path;
        }

        var query = QueryHelpers.ParseQuery(pathAndQuery[question..]).Where(pair => !string.Equals(pair.Key, "alt", StringComparison.OrdinalIgnoreCase));
        return path + QueryString.Create(query);
    }

    public async Task<TokenUsage?> RelayAsync(HttpResponseMessage upstream, PoolKey key, HttpContext context, CancellationToken cancellationToken)
    {
        using var answer = await WholeAnswer.ReadAsync(upstream, cancellationToken);
        using var element = AsStreamElement(answer.RootElement, stream.Stream == StreamSignals.GeminiJsonArray);
        return await stream.RelayAsync(element, key, context, cancellationToken);
    }

    public Task<TokenUsage?> RelayAsync(HttpResponseMessage upstream, HttpContext context, CancellationToken cancellationToken) =>
        RelayAsync(upstream, null!, context, cancellationToken);

    public Task EndBrokenAnswerAsync(HttpContext context) => stream.EndBrokenAnswerAsync(context);

    public IResult UpstreamError(HttpResponseMessage upstream, byte[] body, UpstreamFailure failure) => stream.UpstreamError(upstream, body, failure);

    // The whole answer as Google would have streamed it in one element: one SSE event, or a one-element JSON array.
    private static HttpResponseMessage AsStreamElement(JsonElement answer, bool jsonArray)
    {
        var output = new ArrayBufferWriter<byte>(4096);
        output.Write(jsonArray ? "["u8 : "data: "u8);
        using (var writer = new Utf8JsonWriter(output))
        {
            answer.WriteTo(writer);
        }

        output.Write(jsonArray ? "]"u8 : "\r\n\r\n"u8);
        var content = new ReadOnlyMemoryContent(output.WrittenMemory);
        content.Headers.ContentType = jsonArray ? new MediaTypeHeaderValue("application/json") { CharSet = "UTF-8" } : new MediaTypeHeaderValue("text/event-stream");
        return new HttpResponseMessage(System.Net.HttpStatusCode.OK) { Content = content };
    }
}
