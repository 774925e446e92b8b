using System.Text;
using Microsoft.AspNetCore.Http;

namespace GeminiBalance.Tests.TestKit.GeminiEmulator;

/// <summary>
/// The answers of <see cref="KeyBehavior.Misbehaving"/>: what a broken front end, a stuck backend or a bug upstream could
/// send instead of a GenerateContentResponse. Each ends when the client goes away.
/// </summary>
internal static class FaultReplies
{
    private const long HugeTextBytes = 1L << 30;

    private static readonly TimeSpan TrickleInterval = TimeSpan.FromMilliseconds(50);

    /// <param name="framing">null for generateContent, else "sse" or "json" (a streamed JSON array).</param>
    public static async Task WriteAsync(HttpContext context, UpstreamFault fault, string? framing, string modelId, CancellationToken clientGone)
    {
        var response = context.Response;
        switch (fault)
        {
            case UpstreamFault.ResetBeforeHeaders:
                context.Abort();
                return;
            case UpstreamFault.HtmlServerError:
                response.StatusCode = StatusCodes.Status500InternalServerError;
                response.ContentType = "text/html; charset=UTF-8";
                await response.WriteAsync("<!DOCTYPE html><html><body><h1>500 Internal Server Error</h1><p>That's an error.</p></body></html>", clientGone);
                return;
        }

        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = framing == "sse" ? "text/event-stream" : "application/json; charset=UTF-8";
        await response.StartAsync(clientGone);
        await response.Body.FlushAsync(clientGone);
        switch (fault)
        {
            case UpstreamFault.HeadersThenSilence:
                await Task.Delay(Timeout.Infinite, clientGone);
                return;
            case UpstreamFault.EndlessBody:
                await WriteAsync(response, Open(framing) + """{"candidates": [{"content": {"parts": [{"text": "endless""", clientGone);
                while (true)
                {
                    await Task.Delay(TrickleInterval, clientGone);
                    await WriteAsync(response, " ", clientGone);
                }

            case UpstreamFault.InvalidJson:
                await WriteAsync(response, Open(framing) + """{"candidates": [{"content": {"parts": [{"text": "cut""" + Close(framing), clientGone);
                return;
            case UpstreamFault.MalformedSseEvent:
                await WriteAsync(response, Open(framing) + Whole("chunk 0 ", modelId) + Between(framing), clientGone);

                // As a model producing tokens would pause: the proxy reads the good event on its own first.
                await Task.Delay(TrickleInterval, clientGone);
                await WriteAsync(response, """{"candidates": [{"content": {"parts": [{"text": "chunk 1 """ + Close(framing), clientGone);
                return;
            case UpstreamFault.NoCandidates:
                await WriteAsync(response, Open(framing) + $$"""{"usageMetadata": {"promptTokenCount": 3, "totalTokenCount": 3}, "modelVersion": "{{modelId}}", "responseId": "no-candidates"}""" + Close(framing), clientGone);
                return;
            case UpstreamFault.HugeAnswer:
                await WriteHugeAsync(response, framing, clientGone);
                return;
        }
    }

    private static async Task WriteHugeAsync(HttpResponse response, string? framing, CancellationToken clientGone)
    {
        await WriteAsync(response, Open(framing) + "{\"candidates\": [{\"content\": {\"parts\": [{\"text\": \"", clientGone);
        var block = new byte[64 * 1024];
        Array.Fill(block, (byte)'a');
        for (long sent = 0; sent < HugeTextBytes; sent += block.Length)
        {
            await response.Body.WriteAsync(block, clientGone);
        }

        await WriteAsync(response, "\"}], \"role\": \"model\"}, \"finishReason\": \"STOP\", \"index\": 0}]}" + Close(framing), clientGone);
    }

    private static string Whole(string text, string modelId) =>
        $$"""{"candidates": [{"content": {"parts": [{"text": "{{text}}"}], "role": "model"}, "index": 0}], "modelVersion": "{{modelId}}"}""";

    private static string Open(string? framing) => framing switch
    {
        "sse" => "data: ",
        "json" => "[",
        _ => "",
    };

    private static string Between(string? framing) => framing switch
    {
        "sse" => "\r\n\r\ndata: ",
        "json" => "\n,\r\n",
        _ => "",
    };

    private static string Close(string? framing) => framing switch
    {
        "sse" => "\r\n\r\n",
        "json" => "\n]",
        _ => "",
    };

    private static async Task WriteAsync(HttpResponse response, string text, CancellationToken clientGone)
    {
        await response.Body.WriteAsync(Encoding.UTF8.GetBytes(text), clientGone);
        await response.Body.FlushAsync(clientGone);
    }
}
