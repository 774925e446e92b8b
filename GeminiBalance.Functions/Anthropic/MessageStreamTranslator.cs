using System.Buffers;
using System.Text;
using System.Text.Json;
using GeminiBalance.Translation;

namespace GeminiBalance.Anthropic;

/// <summary>
/// Gemini stream elements → Anthropic's event sequence, one element at a time (docs/protocols.md#anthropic-messages, #messages-to-gemini, #conformance-seeds seed 12):
/// <c>message_start</c> with the first element's usage and a <c>ping</c>; per block <c>content_block_start</c>,
/// <c>content_block_delta</c>s and <c>content_block_stop</c>; then <c>message_delta</c> with the stop reason and the
/// cumulative usage, and <c>message_stop</c>. Nothing is written before the first element arrives.
/// </summary>
internal sealed class MessageStreamTranslator(MessageReply reply) : IStreamTranslator
{
    /// <summary>Anthropic's in-stream error event (docs/protocols.md#anthropic-messages), for an upstream that broke off after the first byte.</summary>
    public static readonly byte[] BrokenStreamEnd = Encoding.UTF8.GetBytes(
        "event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"api_error\",\"message\":\"The upstream stream broke off; the answer is incomplete.\"}}\n\n");

    private readonly MessageBlocks _blocks = new(reply);
    private bool _started;
    private FinishCause? _finish;
    private bool _promptBlocked;

    public GeminiUsage? Usage { get; private set; }

    public void Translate(string element, IBufferWriter<byte> output)
    {
        using var document = GeminiResponse.ParseStreamElement(element);
        var response = document.RootElement;
        Usage = GeminiUsage.Read(response) ?? Usage;
        if (!_started)
        {
            _started = true;
            Write(output, "message_start", writer =>
            {
                writer.WriteStartObject("message");
                MessageJson.WriteHeader(writer, reply);
                writer.WriteStartArray("content");
                writer.WriteEndArray();
                writer.WriteNull("stop_reason");
                writer.WriteNull("stop_sequence");
                MessageJson.WriteUsage(writer, Usage);
                writer.WriteEndObject();
            });
            Write(output, "ping", _ => { });
        }

        if (MessageJson.Candidate(response) is not { } candidate)
        {
            _promptBlocked |= GeminiResponse.PromptBlocked(response);
            return;
        }

        foreach (var part in ReplyPart.ReadAll(candidate))
        {
            WriteAll(output, _blocks.Add(part));
        }

        if (GeminiResponse.Finish(candidate) is { } finish)
        {
            _finish = finish;
            if (reply.ShowSearchLink && GroundingSources.Markdown(candidate) is { } sources)
            {
                WriteAll(output, _blocks.AddText(sources));
            }
        }
    }

    public void Complete(IBufferWriter<byte> output)
    {
        if (!_started)
        {
            throw new Upstream.MalformedAnswerException("The upstream stream ended without any answer.");
        }

        WriteAll(output, _blocks.Finish());
        Write(output, "message_delta", writer =>
        {
            writer.WriteStartObject("delta");
            writer.WriteString("stop_reason", MessageJson.StopReason(_finish, _blocks.MadeCalls, _promptBlocked));
            writer.WriteNull("stop_sequence");
            writer.WriteEndObject();
            MessageJson.WriteUsage(writer, Usage);
        });
        Write(output, "message_stop", _ => { });
    }

    private static void WriteAll(IBufferWriter<byte> output, IEnumerable<BlockEvent> events)
    {
        foreach (var e in events)
        {
            switch (e)
            {
                case BlockEvent.Start start:
                    Write(output, "content_block_start", writer =>
                    {
                        writer.WriteNumber("index", start.Index);
                        writer.WritePropertyName("content_block");
                        MessageJson.WriteEmptyBlock(writer, start);
                    });
                    break;
                case BlockEvent.Delta delta:
                    Write(output, "content_block_delta", writer =>
                    {
                        writer.WriteNumber("index", delta.Index);
                        writer.WriteStartObject("delta");
                        writer.WriteString("type", delta.Type);
                        writer.WriteString(delta.Field, delta.Value);
                        writer.WriteEndObject();
                    });
                    break;
                case BlockEvent.Stop stop:
                    Write(output, "content_block_stop", writer => writer.WriteNumber("index", stop.Index));
                    break;
            }
        }
    }

    /// <summary>One named event; its data's <c>type</c> is the event's name, as in Anthropic's stream.</summary>
    private static void Write(IBufferWriter<byte> output, string name, Action<Utf8JsonWriter> body)
    {
        output.Write(Encoding.UTF8.GetBytes($"event: {name}\ndata: "));
        using (var writer = new Utf8JsonWriter(output, JsonOutput.WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteString("type", name);
            body(writer);
            writer.WriteEndObject();
        }

        output.Write("\n\n"u8);
    }
}
