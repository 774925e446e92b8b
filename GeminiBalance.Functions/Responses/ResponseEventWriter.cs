using System.Buffers;
using System.Text;
using System.Text.Json.Nodes;
using GeminiBalance.Translation;

namespace GeminiBalance.Responses;

/// <summary>Named server-sent events of a Responses stream, numbered in the order written (docs/protocols.md#openai-responses).</summary>
internal sealed class ResponseEventWriter(IBufferWriter<byte> output)
{
    private int _sequence;

    /// <summary>Writes <c>event: type</c> and a payload of <c>type</c>, the fields, and the next <c>sequence_number</c>.</summary>
    public void Write(string type, JsonObject fields)
    {
        var payload = new JsonObject { ["type"] = type };
        foreach (var (name, value) in fields.ToList())
        {
            fields.Remove(name);
            payload[name] = value;
        }

        payload["sequence_number"] = _sequence++;
        output.Write(Encoding.UTF8.GetBytes($"event: {type}\ndata: "));
        output.Write(JsonOutput.ToUtf8(payload));
        output.Write("\n\n"u8);
    }
}
