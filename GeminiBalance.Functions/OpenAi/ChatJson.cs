using System.Text.Json;
using GeminiBalance.Translation;

namespace GeminiBalance.OpenAi;

/// <summary>The pieces of OpenAI's chat JSON that answers and stream chunks share (docs/protocols.md#openai-chat-response, #openai-chat-streaming).</summary>
internal static class ChatJson
{
    public static void WriteHeader(Utf8JsonWriter writer, ChatReply reply, string objectType)
    {
        writer.WriteString("id", reply.Id);
        writer.WriteString("object", objectType);
        writer.WriteNumber("created", reply.Created);
        writer.WriteString("model", reply.Model);
    }

    public static string FinishReason(FinishCause cause) => cause switch
    {
        FinishCause.Length => "length",
        FinishCause.ContentFilter => "content_filter",
        _ => "stop",
    };

    /// <summary>The finish reason of a candidate: calls win over Gemini's STOP (docs/protocols.md#pitfalls item 8).</summary>
    public static string FinishReason(JsonElement candidate, bool madeCalls, bool legacyFunctions) =>
        madeCalls ? (legacyFunctions ? "function_call" : "tool_calls")
        : GeminiResponse.Finish(candidate) is { } cause ? FinishReason(cause)
        : "stop";

    /// <summary>
    /// Prompt and completion counts, thinking included in completion_tokens and shown as reasoning_tokens
    /// (docs/protocols.md#chat-to-gemini; #conformance-seeds seed 4: 83/14/104/201 → 83/118/201 with 104 reasoning).
    /// </summary>
    public static void WriteUsage(Utf8JsonWriter writer, GeminiUsage usage)
    {
        writer.WriteStartObject("usage");
        writer.WriteNumber("prompt_tokens", usage.Prompt);
        writer.WriteNumber("completion_tokens", usage.Output);
        writer.WriteNumber("total_tokens", usage.Total);
        writer.WriteStartObject("prompt_tokens_details");
        writer.WriteNumber("cached_tokens", usage.Cached);
        writer.WriteEndObject();
        writer.WriteStartObject("completion_tokens_details");
        writer.WriteNumber("reasoning_tokens", usage.Thoughts);
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    public static void WriteToolCall(Utf8JsonWriter writer, ReplyPart.FunctionCall call, string id, int? index)
    {
        writer.WriteStartObject();
        if (index is { } i)
        {
            writer.WriteNumber("index", i);
        }

        writer.WriteString("id", id);
        writer.WriteString("type", "function");
        WriteFunction(writer, "function", call);
        writer.WriteEndObject();
    }

    public static void WriteFunction(Utf8JsonWriter writer, string propertyName, ReplyPart.FunctionCall call)
    {
        writer.WriteStartObject(propertyName);
        writer.WriteString("name", call.Name);
        writer.WriteString("arguments", call.Arguments);
        writer.WriteEndObject();
    }

    /// <summary>Generated images reach OpenAI clients as markdown images with a data URL, which chat UIs render.</summary>
    public static string Markdown(ReplyPart.InlineData image) => $"![image](data:{image.MimeType};base64,{image.Data})";
}
