using System.Text;
using System.Text.Json;
using GeminiBalance.Translation;

namespace GeminiBalance.OpenAi;

/// <summary>A whole Gemini <c>GenerateContentResponse</c> → an OpenAI <c>chat.completion</c> (docs/protocols.md#openai-chat-response, #chat-to-gemini).</summary>
internal static class ChatResponseWriter
{
    public static GeminiUsage? Write(Utf8JsonWriter writer, JsonElement response, ChatReply reply)
    {
        writer.WriteStartObject();
        ChatJson.WriteHeader(writer, reply, "chat.completion");
        writer.WriteStartArray("choices");
        var candidates = GeminiResponse.Candidates(response).OrderBy(c => c.Index).ToList();
        foreach (var (index, candidate) in candidates)
        {
            WriteChoice(writer, index, candidate, reply);
        }

        if (candidates.Count == 0)
        {
            // A blocked prompt comes back as HTTP 200 without candidates (docs/protocols.md#gemini-response).
            writer.WriteStartObject();
            writer.WriteNumber("index", 0);
            writer.WriteStartObject("message");
            writer.WriteString("role", "assistant");
            writer.WriteNull("content");
            writer.WriteNull("refusal");
            writer.WriteEndObject();
            writer.WriteNull("logprobs");
            writer.WriteString("finish_reason", GeminiResponse.PromptBlocked(response) ? "content_filter" : "stop");
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        var usage = GeminiUsage.Read(response);
        if (usage is not null)
        {
            ChatJson.WriteUsage(writer, usage);
        }

        writer.WriteEndObject();
        return usage;
    }

    private static void WriteChoice(Utf8JsonWriter writer, int index, JsonElement candidate, ChatReply reply)
    {
        var content = new StringBuilder();
        var reasoning = new StringBuilder();
        var calls = new List<ReplyPart.FunctionCall>();
        foreach (var part in ReplyPart.ReadAll(candidate))
        {
            switch (part)
            {
                case ReplyPart.Text text:
                    content.Append(text.Value);
                    break;
                case ReplyPart.Thought thought when reply.ShowThinking:
                    reasoning.Append(thought.Value);
                    break;
                case ReplyPart.InlineData image:
                    content.Append(ChatJson.Markdown(image));
                    break;
                case ReplyPart.FunctionCall call:
                    calls.Add(call);
                    break;
            }
        }

        if (reply.ShowSearchLink && GroundingSources.Markdown(candidate) is { } sources)
        {
            content.Append(sources);
        }

        writer.WriteStartObject();
        writer.WriteNumber("index", index);
        writer.WriteStartObject("message");
        writer.WriteString("role", "assistant");
        writer.WriteString("content", content.Length == 0 ? null : content.ToString());
        writer.WriteNull("refusal");
        if (reasoning.Length > 0)
        {
            writer.WriteString("reasoning_content", reasoning.ToString());
        }

        if (calls.Count > 0 && reply.LegacyFunctions)
        {
            // The legacy shape holds one call; Gemini rarely makes more for a single-function client.
            ChatJson.WriteFunction(writer, "function_call", calls[0]);
        }
        else if (calls.Count > 0)
        {
            writer.WriteStartArray("tool_calls");
            foreach (var call in calls)
            {
                ChatJson.WriteToolCall(writer, call, reply.Ids.ToolCall(call.Name), index: null);
            }

            writer.WriteEndArray();
        }

        writer.WriteEndObject();
        writer.WriteNull("logprobs");
        writer.WriteString("finish_reason", ChatJson.FinishReason(candidate, calls.Count > 0, reply.LegacyFunctions));
        writer.WriteEndObject();
    }
}
