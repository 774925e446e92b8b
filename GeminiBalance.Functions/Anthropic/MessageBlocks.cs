using GeminiBalance.Translation;

namespace GeminiBalance.Anthropic;

/// <summary>
/// Gemini reply parts → Anthropic content blocks (docs/protocols.md#messages-to-gemini): consecutive thoughts make one thinking block,
/// consecutive texts one text block, each call a tool_use block whose input arrives whole. A thought signature closes the
/// thinking block it follows, or else travels in a thinking block of its own just before the part it rode on, so a client
/// that sends the blocks back returns it to that same part (see <see cref="AnthropicMessages"/>).
/// </summary>
internal sealed class MessageBlocks(MessageReply reply)
{
    private string? _open;
    private int _count;
    private string? _signature;

    public bool MadeCalls { get; private set; }

    public IEnumerable<BlockEvent> Add(ReplyPart part)
    {
        switch (part)
        {
            case ReplyPart.Thought thought when reply.ShowThinking:
                foreach (var e in Open("thinking"))
                {
                    yield return e;
                }

                yield return new BlockEvent.Delta(_count - 1, "thinking_delta", "thinking", thought.Value);
                break;
            case ReplyPart.ThoughtSignature signature when _open == "thinking":
                yield return new BlockEvent.Delta(_count - 1, "signature_delta", "signature", signature.Value);
                if (Close() is { } thinkingStop)
                {
                    yield return thinkingStop;
                }
                break;
            case ReplyPart.ThoughtSignature signature:
                _signature = signature.Value;
                break;
            case ReplyPart.Text text:
                // Gemini signs text only when thinking; without thinking blocks, a client expects none.
                foreach (var e in Signed(carry: reply.ShowThinking).Concat(Open("text")))
                {
                    yield return e;
                }

                yield return new BlockEvent.Delta(_count - 1, "text_delta", "text", text.Value);
                break;
            case ReplyPart.FunctionCall call:
                // A call's signature is always carried: Gemini 3 refuses a replayed call without it.
                foreach (var e in Signed(carry: true).Concat(Open("tool_use", reply.Ids.ToolCall(call.Name), call.Name)))
                {
                    yield return e;
                }

                yield return new BlockEvent.Delta(_count - 1, "input_json_delta", "partial_json", call.Arguments);
                if (Close() is { } callStop)
                {
                    yield return callStop;
                }
                MadeCalls = true;
                break;
        }
    }

    /// <summary>Appends text as its own block or to the open one (the search sources at the end of a grounded answer).</summary>
    public IEnumerable<BlockEvent> AddText(string text) => Add(new ReplyPart.Text(text));

    /// <summary>Closes the open block, if any; a signature that rode on nothing (an empty last part) is left out.</summary>
    public IEnumerable<BlockEvent> Finish()
    {
        _signature = null;
        return Close() is { } stop ? [stop] : [];
    }

    private IEnumerable<BlockEvent> Signed(bool carry)
    {
        if (_signature is not { } signature)
        {
            yield break;
        }

        _signature = null;
        if (carry)
        {
            foreach (var e in Open("thinking", force: true))
            {
                yield return e;
            }

            yield return new BlockEvent.Delta(_count - 1, "signature_delta", "signature", signature);
            if (Close() is { } stop)
            {
                yield return stop;
            }
        }
    }

    private IEnumerable<BlockEvent> Open(string type, string? id = null, string? name = null, bool force = false)
    {
        if (_open == type && id is null && !force)
        {
            yield break;
        }

        if (Close() is { } stop)
        {
            yield return stop;
        }

        _open = type;
        yield return new BlockEvent.Start(_count++, type, id, name);
    }

    private BlockEvent.Stop? Close()
    {
        if (_open is null)
        {
            return null;
        }

        _open = null;
        return new BlockEvent.Stop(_count - 1);
    }
}
