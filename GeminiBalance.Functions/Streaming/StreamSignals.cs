using System.Buffers;
using System.Text;
using System.Text.Json;

namespace GeminiBalance.Streaming;

/// <summary>
/// What a stream surface writes that is not the answer: the keep-alive its clients skip, the headers that start the
/// stream when a keep-alive goes first, and the in-stream error a client reads when every attempt failed after the
/// stream had started with keep-alives only (the status line is already 200 by then).
/// </summary>
internal sealed class StreamSignals
{
    private readonly Func<JsonElement, byte[]> _errorEvent;

    private StreamSignals(string contentType, byte[] keepAlive, Func<JsonElement, byte[]> errorEvent)
    {
        (ContentType, KeepAlive, _errorEvent) = (contentType, keepAlive, errorEvent);
    }

    /// <summary>Native <c>alt=sse</c>: an SSE comment, which SSE parsers (and Google's SDKs) skip; errors as Google's own error element.</summary>
    public static StreamSignals GeminiSse { get; } = new("text/event-stream", ": keep-alive\n\n"u8.ToArray(), error => Frame("data: ", error, "\r\n\r\n"));

    /// <summary>
    /// Native <c>alt=json</c>: one JSON array, so the keep-alive is whitespace, which JSON allows before the array and
    /// between any two of its tokens; an error before content is an array holding Google's error element.
    /// </summary>
    public static StreamSignals GeminiJsonArray { get; } = new("application/json; charset=UTF-8", "\n"u8.ToArray(), error => Frame("[", error, "]"));

    /// <summary>OpenAI chat completions: an SSE comment; an error as the <c>{"error":…}</c> event OpenAI-compatible servers send, then <c>[DONE]</c>.</summary>
    public static StreamSignals OpenAiChat { get; } = new("text/event-stream; charset=utf-8", ": keep-alive\n\n"u8.ToArray(), error => Frame("data: ", error, "\n\ndata: [DONE]\n\n"));

    /// <summary>Anthropic Messages: its own <c>ping</c> event; an error as its <c>error</c> event.</summary>
    public static StreamSignals Anthropic { get; } = new(
        "text/event-stream; charset=utf-8", "event: ping\ndata: {\"type\":\"ping\"}\n\n"u8.ToArray(), error => Frame("event: error\ndata: ", error, "\n\n"));

    /// <summary>OpenAI Responses: an SSE comment; an error as its <c>error</c> event (code and message from OpenAI's error body).</summary>
    public static StreamSignals Responses { get; } = new("text/event-stream; charset=utf-8", ": keep-alive\n\n"u8.ToArray(), ResponsesError);

    public string ContentType { get; }

    public ReadOnlyMemory<byte> KeepAlive { get; }

    /// <summary>The in-stream error event for an error body written in the surface's protocol (as its status-line answer would be).</summary>
    public byte[] ErrorEvent(ReadOnlySpan<byte> errorBody)
    {
        try
        {
            using var document = JsonDocument.Parse(errorBody.ToArray());
            return _errorEvent(document.RootElement);
        }
        catch (JsonException)
        {
            // Every error this proxy writes is JSON; anything else still ends the stream as an error, without its bytes.
            using var document = JsonDocument.Parse("""{"error":{"code":502,"message":"The upstream Gemini API failed.","status":"UNAVAILABLE"}}""");
            return _errorEvent(document.RootElement);
        }
    }

    // Compact, so a pretty-printed body (Google's are) stays one data line.
    private static byte[] Frame(string prefix, JsonElement error, string suffix)
    {
        var output = new ArrayBufferWriter<byte>(512);
        output.Write(Encoding.UTF8.GetBytes(prefix));
        using (var writer = new Utf8JsonWriter(output))
        {
            error.WriteTo(writer);
        }

        output.Write(Encoding.UTF8.GetBytes(suffix));
        return output.WrittenSpan.ToArray();
    }

    private static byte[] ResponsesError(JsonElement body)
    {
        var error = body.TryGetProperty("error", out var inner) && inner.ValueKind == JsonValueKind.Object ? inner : body;
        var output = new ArrayBufferWriter<byte>(512);
        output.Write("event: error\ndata: "u8);
        using (var writer = new Utf8JsonWriter(output))
        {
            writer.WriteStartObject();
            writer.WriteString("type", "error");
            writer.WriteString("code", Text(error, "code") ?? Text(error, "type") ?? "server_error");
            writer.WriteString("message", Text(error, "message") ?? "The upstream Gemini API failed.");
            writer.WriteNull("param");
            writer.WriteNumber("sequence_number", 0);
            writer.WriteEndObject();
        }

        output.Write("\n\n"u8);
        return output.WrittenSpan.ToArray();
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
