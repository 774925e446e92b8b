using System.Buffers;
using System.Text;
using System.Text.Json;
using GeminiBalance.Translation;

namespace GeminiBalance.OpenAi;

/// <summary>
/// Gemini stream elements → OpenAI <c>chat.completion.chunk</c> events, one element at a time (docs/protocols.md#openai-chat-streaming): one id
/// for the whole stream, the role in each choice's first delta, tool calls as whole deltas with their own index, a final
/// chunk per choice with its finish reason, then the usage chunk (<c>choices: []</c>) when asked for, then <c>[DONE]</c>.
/// </summary>
internal sealed class ChatStreamTranslator(ChatReply reply) : IStreamTranslator
{
    // No error shape for a broken chat stream is specified; this is what OpenAI-compatible servers send (docs/protocols.md#openai-chat-streaming).
    public static readonly byte[] BrokenStreamEnd =
        """
        data: {"error":{"message":"The upstream stream broke off; the answer is incomplete.","type":"server_error","param":null,"code":null}}

        data: [DONE]


        """u8.ToArray();

    private static readonly byte[] DataPrefix = "data: "u8.ToArray();
    private static readonly byte[] EventEnd = "\n\n"u8.ToArray();

    private readonly SortedDictionary<int, ChoiceState> _choices = [];
    private GeminiUsage? _usage;

    /// <summary>The usage the stream reported last (Gemini's counts are cumulative).</summary>
    public GeminiUsage? Usage => _usage;

    /// <summary>Whether any chunk has been produced; until then, nothing has reached the client and a failure can still be retried.</summary>
    public bool Started => _choices.Count > 0;

    /// <exception cref="IOException">The element is not JSON or is Google's in-stream error: the upstream failed.</exception>
    public void Translate(string element, IBufferWriter<byte> output)
    {
        using var document = GeminiResponse.ParseStreamElement(element);
        var response = document.RootElement;
        _usage = GeminiUsage.Read(response) ?? _usage;
        var any = false;
        foreach (var (index, candidate) in GeminiResponse.Candidates(response))
        {
            any = true;
            TranslateCandidate(index, candidate, output);
        }

        if (!any && GeminiResponse.PromptBlocked(response))
        {
            var choice = Start(0, output);
            Finish(0, choice, "content_filter", output);
        }
    }

    /// <summary>Ends every choice still open, then writes the usage chunk (if asked for) and <c>[DONE]</c>.</summary>
    /// <exception cref="IOException">The upstream ended without a single element.</exception>
    public void Complete(IBufferWriter<byte> output)
    {
        if (!Started)
        {
            throw new Upstream.MalformedAnswerException("The upstream stream ended without any answer.");
        }

        foreach (var (index, choice) in _choices.Where(c => !c.Value.Finished))
        {
            Finish(index, choice, choice.MadeCalls ? CallsFinishReason : "stop", output);
        }

        if (reply.IncludeUsage)
        {
            WriteChunk(output, writer =>
            {
                writer.WriteStartArray("choices");
                writer.WriteEndArray();
                if (_usage is null)
                {
                    writer.WriteNull("usage");
                }
                else
                {
                    ChatJson.WriteUsage(writer, _usage);
                }
            }, usageNull: false);
        }

        output.Write("data: [DONE]\n\n"u8);
    }

    private string CallsFinishReason => reply.LegacyFunctions ? "function_call" : "tool_calls";

    private void TranslateCandidate(int index, JsonElement candidate, IBufferWriter<byte> output)
    {
        var choice = Start(index, output);
        var text = new StringBuilder();
        var thoughts = new StringBuilder();
        foreach (var part in ReplyPart.ReadAll(candidate))
        {
            switch (part)
            {
                case ReplyPart.Thought thought when reply.ShowThinking:
                    Flush(index, "content", text, output);
                    thoughts.Append(thought.Value);
                    break;
                case ReplyPart.Text value:
                    Flush(index, "reasoning_content", thoughts, output);
                    text.Append(value.Value);
                    break;
                case ReplyPart.InlineData image:
                    Flush(index, "reasoning_content", thoughts, output);
                    text.Append(ChatJson.Markdown(image));
                    break;
                case ReplyPart.FunctionCall call:
                    Flush(index, "reasoning_content", thoughts, output);
                    Flush(index, "content", text, output);
                    WriteCall(index, choice, call, output);
                    break;
            }
        }

        Flush(index, "reasoning_content", thoughts, output);
        if (candidate.TryGetProperty("finishReason", out _))
        {
            if (reply.ShowSearchLink && GroundingSources.Markdown(candidate) is { } sources)
            {
                text.Append(sources);
            }

            Flush(index, "content", text, output);
            Finish(index, choice, ChatJson.FinishReason(candidate, choice.MadeCalls, reply.LegacyFunctions), output);
        }
        else
        {
            Flush(index, "content", text, output);
        }
    }

    private ChoiceState Start(int index, IBufferWriter<byte> output)
    {
        if (_choices.TryGetValue(index, out var choice))
        {
            return choice;
        }

        choice = new ChoiceState();
        _choices[index] = choice;
        WriteDelta(output, index, writer =>
        {
            writer.WriteString("role", "assistant");
            writer.WriteString("content", "");
        });
        return choice;
    }

    private void WriteCall(int index, ChoiceState choice, ReplyPart.FunctionCall call, IBufferWriter<byte> output)
    {
        if (reply.LegacyFunctions)
        {
            if (!choice.MadeCalls)
            {
                // The legacy shape holds one call per answer.
                WriteDelta(output, index, writer => ChatJson.WriteFunction(writer, "function_call", call));
            }
        }
        else
        {
            // Gemini sends each call whole, so one delta carries its id, name and complete arguments.
            var callIndex = choice.Calls;
            WriteDelta(output, index, writer =>
            {
                writer.WriteStartArray("tool_calls");
                ChatJson.WriteToolCall(writer, call, reply.Ids.ToolCall(call.Name), callIndex);
                writer.WriteEndArray();
            });
        }

        choice.Calls++;
    }

    private void Finish(int index, ChoiceState choice, string finishReason, IBufferWriter<byte> output)
    {
        if (choice.Finished)
        {
            return;
        }

        choice.Finished = true;
        WriteDelta(output, index, _ => { }, finishReason);
    }

    private void Flush(int index, string field, StringBuilder text, IBufferWriter<byte> output)
    {
        if (text.Length == 0)
        {
            return;
        }

        var value = text.ToString();
        text.Clear();
        WriteDelta(output, index, writer => writer.WriteString(field, value));
    }

    private void WriteDelta(IBufferWriter<byte> output, int index, Action<Utf8JsonWriter> delta, string? finishReason = null) =>
        WriteChunk(output, writer =>
        {
            writer.WriteStartArray("choices");
            writer.WriteStartObject();
            writer.WriteNumber("index", index);
            writer.WriteStartObject("delta");
            delta(writer);
            writer.WriteEndObject();
            writer.WriteNull("logprobs");
            writer.WriteString("finish_reason", finishReason);
            writer.WriteEndObject();
            writer.WriteEndArray();
        }, usageNull: reply.IncludeUsage);

    private void WriteChunk(IBufferWriter<byte> output, Action<Utf8JsonWriter> body, bool usageNull)
    {
        output.Write(DataPrefix);
        using (var writer = new Utf8JsonWriter(output, JsonOutput.WriterOptions))
        {
            writer.WriteStartObject();
            ChatJson.WriteHeader(writer, reply, "chat.completion.chunk");
            body(writer);
            if (usageNull)
            {
                // With include_usage, OpenAI puts "usage": null on every chunk but the last.
                writer.WriteNull("usage");
            }

            writer.WriteEndObject();
        }

        output.Write(EventEnd);
    }

    private sealed class ChoiceState
    {
        public int Calls { get; set; }

        public bool MadeCalls => Calls > 0;

        public bool Finished { get; set; }
    }
}
