using System.Text.Json;
using GeminiBalance.Translation;

namespace GeminiBalance.Anthropic;

/// <summary>The pieces of Anthropic's message JSON that whole answers and stream events share (docs/protocols.md#anthropic-messages, #messages-to-gemini).</summary>
internal static class MessageJson
{
    /// <summary>The message object up to its content: as a whole answer starts, and as <c>message_start</c> carries it.</summary>
    public static void WriteHeader(Utf8JsonWriter writer, MessageReply reply)
    {
        writer.WriteString("id", reply.Id);
        writer.WriteString("type", "message");
        writer.WriteString("role", "assistant");
        writer.WriteString("model", reply.Model);
    }

    /// <summary>A block as <c>content_block_start</c> opens it, empty, which is also where a whole answer's block starts.</summary>
    public static void WriteEmptyBlock(Utf8JsonWriter writer, BlockEvent.Start start)
    {
        writer.WriteStartObject();
        writer.WriteString("type", start.Type);
        switch (start.Type)
        {
            case "text":
                writer.WriteString("text", "");
                break;
            case "thinking":
                writer.WriteString("thinking", "");
                writer.WriteString("signature", "");
                break;
            case "tool_use":
                writer.WriteString("id", start.Id);
                writer.WriteString("name", start.Name);
                writer.WriteStartObject("input");
                writer.WriteEndObject();
                break;
        }

        writer.WriteEndObject();
    }

    /// <summary>
    /// Anthropic counts cached input apart from <c>input_tokens</c>; Gemini's prompt count includes it. Output counts
    /// thinking, as Anthropic's does (F.4's 83/14/104 → 83 in, 118 out).
    /// </summary>
    public static void WriteUsage(Utf8JsonWriter writer, GeminiUsage? usage)
    {
        writer.WriteStartObject("usage");
        writer.WriteNumber("input_tokens", usage is null ? 0 : Math.Max(0, usage.Prompt - usage.Cached));
        writer.WriteNumber("cache_creation_input_tokens", 0);
        writer.WriteNumber("cache_read_input_tokens", usage?.Cached ?? 0);
        writer.WriteNumber("output_tokens", usage?.Output ?? 0);
        writer.WriteEndObject();
    }

    /// <summary>Calls win over Gemini's STOP (docs/protocols.md#pitfalls item 8); blocked output is a refusal. Gemini never says which stop sequence fired.</summary>
    public static string StopReason(FinishCause? cause, bool madeCalls, bool promptBlocked) =>
        madeCalls ? "tool_use"
        : promptBlocked ? "refusal"
        : cause switch
        {
            FinishCause.Length => "max_tokens",
            FinishCause.ContentFilter => "refusal",
            _ => "end_turn",
        };

    /// <summary>The one candidate a Messages answer has (the request never asks for more).</summary>
    public static JsonElement? Candidate(JsonElement response) =>
        GeminiResponse.Candidates(response).OrderBy(c => c.Index).Select(c => (JsonElement?)c.Candidate).FirstOrDefault();
}
