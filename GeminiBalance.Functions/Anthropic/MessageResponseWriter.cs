using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using GeminiBalance.Translation;

namespace GeminiBalance.Anthropic;

/// <summary>A whole Gemini <c>GenerateContentResponse</c> → an Anthropic <c>message</c> (docs/protocols.md#anthropic-messages, #messages-to-gemini).</summary>
internal static class MessageResponseWriter
{
    public static GeminiUsage? Write(Utf8JsonWriter writer, JsonElement response, MessageReply reply)
    {
        var blocks = new MessageBlocks(reply);
        var events = new List<BlockEvent>();
        var candidate = MessageJson.Candidate(response);
        if (candidate is { } found)
        {
            events.AddRange(ReplyPart.ReadAll(found).SelectMany(blocks.Add));
            if (reply.ShowSearchLink && GroundingSources.Markdown(found) is { } sources)
            {
                events.AddRange(blocks.AddText(sources));
            }
        }

        events.AddRange(blocks.Finish());

        writer.WriteStartObject();
        MessageJson.WriteHeader(writer, reply);
        writer.WriteStartArray("content");
        foreach (var block in Fold(events))
        {
            block.WriteTo(writer);
        }

        writer.WriteEndArray();
        var cause = candidate is { } c ? GeminiResponse.Finish(c) : null;
        writer.WriteString("stop_reason", MessageJson.StopReason(cause, blocks.MadeCalls, candidate is null && GeminiResponse.PromptBlocked(response)));
        writer.WriteNull("stop_sequence");
        var usage = GeminiUsage.Read(response);
        MessageJson.WriteUsage(writer, usage);
        writer.WriteEndObject();
        return usage;
    }

    /// <summary>The blocks the events build, as the stream's client would assemble them.</summary>
    private static IEnumerable<JsonObject> Fold(List<BlockEvent> events)
    {
        var blocks = new List<JsonObject>();
        var input = new StringBuilder();
        foreach (var e in events)
        {
            switch (e)
            {
                case BlockEvent.Start start:
                    var buffer = new System.Buffers.ArrayBufferWriter<byte>();
                    using (var writer = new Utf8JsonWriter(buffer))
                    {
                        MessageJson.WriteEmptyBlock(writer, start);
                    }

                    blocks.Add((JsonObject)JsonNode.Parse(buffer.WrittenSpan)!);
                    input.Clear();
                    break;
                case BlockEvent.Delta { Type: "input_json_delta" } delta:
                    input.Append(delta.Value);
                    break;
                case BlockEvent.Delta delta:
                    blocks[delta.Index][delta.Field] = blocks[delta.Index][delta.Field]!.GetValue<string>() + delta.Value;
                    break;
                case BlockEvent.Stop stop when blocks[stop.Index]["type"]!.GetValue<string>() == "tool_use":
                    blocks[stop.Index]["input"] = JsonNode.Parse(input.ToString());
                    break;
            }
        }

        return blocks;
    }
}
