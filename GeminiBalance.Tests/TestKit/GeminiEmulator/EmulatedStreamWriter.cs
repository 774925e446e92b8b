using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace GeminiBalance.Tests.TestKit.GeminiEmulator;

/// <summary>Writes streamGenerateContent elements in Google's two framings (docs/protocols.md#gemini-streaming).</summary>
internal sealed class EmulatedStreamWriter(HttpResponse response, bool sse, CancellationToken cancellationToken)
{
    private int _written;

    public async Task StartAsync()
    {
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = sse ? "text/event-stream" : "application/json; charset=UTF-8";
        await response.StartAsync(cancellationToken);
        await response.Body.FlushAsync(cancellationToken);
    }

    public async Task WriteAsync(JsonObject element)
    {
        if (sse)
        {
            // Google terminates events with CRLF CRLF and never sends [DONE].
            await WriteFlushedAsync(Encoding.UTF8.GetBytes($"data: {element.ToJsonString(EmulatedJson.Compact)}\r\n\r\n"));
        }
        else
        {
            var separator = _written == 0 ? "[" : "\n,\r\n";
            var bytes = Encoding.UTF8.GetBytes(separator + element.ToJsonString(EmulatedJson.Indented));

            // Two flushed writes per element, so HTTP chunks never line up with JSON elements (symfony/ai#1988).
            var half = bytes.Length / 2;
            await WriteFlushedAsync(bytes.AsMemory(0, half));
            await WriteFlushedAsync(bytes.AsMemory(half));
        }

        _written++;
    }

    public async Task CompleteAsync()
    {
        if (!sse)
        {
            await WriteFlushedAsync(Encoding.UTF8.GetBytes(_written == 0 ? "[]" : "\n]"));
        }
    }

    private async Task WriteFlushedAsync(ReadOnlyMemory<byte> bytes)
    {
        await response.Body.WriteAsync(bytes, cancellationToken);
        await response.Body.FlushAsync(cancellationToken);
    }
}
