using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using GeminiBalance.OpenAi;
using GeminiBalance.Translation;

namespace GeminiBalance.Responses;

/// <summary>
/// Gemini answer elements → a response's output items (docs/protocols.md#responses-to-gemini): thoughts become a <c>reasoning</c> item (when
/// summaries were asked for), text a <c>message</c> item, each function call a <c>function_call</c> item. With an event
/// writer it also tells the stream as it goes, in the canonical order: an item is opened on its first content and closed
/// before the next one opens; the whole answer (one element) and a stream (many) are built by the same steps.
/// </summary>
internal sealed class ResponseOutput(ResponsesReply reply, ResponseEventWriter? events = null)
{
    private readonly JsonArray _output = [];
    private OpenItem? _open;
    private FinishCause? _finish;

    /// <summary>Whether any element arrived; until then nothing was written and a failure can still be retried.</summary>
    public bool Started { get; private set; }

    /// <summary>The usage reported last (Gemini's counts are cumulative).</summary>
    public GeminiUsage? Usage { get; private set; }

    public void Add(JsonElement response)
    {
        if (!Started)
        {
            Started = true;
            Emit("response.created", new JsonObject { ["response"] = reply.Response("in_progress", [], null) });
            Emit("response.in_progress", new JsonObject { ["response"] = reply.Response("in_progress", [], null) });
        }

        Usage = GeminiUsage.Read(response) ?? Usage;
        // The Responses API has one answer per response; Gemini's first candidate is it.
        var (_, candidate) = GeminiResponse.Candidates(response).FirstOrDefault(c => c.Index == 0);
        if (candidate.ValueKind != JsonValueKind.Object)
        {
            if (GeminiResponse.PromptBlocked(response))
            {
                _finish = FinishCause.ContentFilter;
            }

            return;
        }

        foreach (var part in ReplyPart.ReadAll(candidate))
        {
            switch (part)
            {
                case ReplyPart.Thought thought when reply.ShowReasoning:
                    Append(ItemKind.Reasoning, thought.Value);
                    break;
                case ReplyPart.Text text:
                    Append(ItemKind.Message, text.Value);
                    break;
                case ReplyPart.InlineData image:
                    Append(ItemKind.Message, ChatJson.Markdown(image));
                    break;
                case ReplyPart.FunctionCall call:
                    AddCall(call);
                    break;
            }
        }

        if (candidate.TryGetProperty("finishReason", out var reason) && reason.GetString() is { } finishReason)
        {
            if (reply.ShowSearchLink && GroundingSources.Markdown(candidate) is { } sources)
            {
                Append(ItemKind.Message, sources);
            }

            _finish = GeminiFinishReason.Classify(finishReason);
        }
    }

    /// <summary>Closes the open item and ends the response: <c>response.completed</c>, or <c>response.incomplete</c> with the reason.</summary>
    /// <returns>The final response object.</returns>
    /// <exception cref="IOException">No element arrived at all.</exception>
    public JsonObject Complete()
    {
        if (!Started)
        {
            throw new Upstream.MalformedAnswerException("The upstream stream ended without any answer.");
        }

        var incomplete = _finish switch
        {
            FinishCause.Length => "max_output_tokens",
            FinishCause.ContentFilter => "content_filter",
            _ => null,
        };
        var status = incomplete is null ? "completed" : "incomplete";
        Close(status, emit: true);
        var response = reply.Response(status, (JsonArray)_output.DeepClone(), Usage, incomplete);
        Emit(incomplete is null ? "response.completed" : "response.incomplete", new JsonObject { ["response"] = response.DeepClone() });
        return response;
    }

    /// <summary>Ends a stream the upstream broke off: an <c>error</c> event, then <c>response.failed</c> with what arrived.</summary>
    public void Fail(string message)
    {
        Close("incomplete", emit: false);
        Emit("error", new JsonObject { ["code"] = "server_error", ["message"] = message, ["param"] = null });
        var error = new JsonObject { ["code"] = "server_error", ["message"] = message };
        Emit("response.failed", new JsonObject { ["response"] = reply.Response("failed", (JsonArray)_output.DeepClone(), Usage, error: error) });
    }

    private void Append(ItemKind kind, string text)
    {
        if (_open?.Kind != kind)
        {
            Close("completed", emit: true);
            _open = Open(kind);
        }

        _open.Text.Append(text);
        Emit(kind == ItemKind.Message ? "response.output_text.delta" : "response.reasoning_summary_text.delta", Position(_open, new JsonObject
        {
            ["delta"] = text,
        }, kind == ItemKind.Message ? new JsonObject { ["logprobs"] = new JsonArray() } : null));
    }

    private OpenItem Open(ItemKind kind)
    {
        var item = new OpenItem(kind, kind == ItemKind.Message ? reply.Ids.Message() : reply.Ids.Reasoning(), _output.Count);
        Emit("response.output_item.added", new JsonObject { ["output_index"] = item.OutputIndex, ["item"] = Item(item, "in_progress", "") });
        Emit(kind == ItemKind.Message ? "response.content_part.added" : "response.reasoning_summary_part.added", Position(item, new JsonObject
        {
            ["part"] = Part(kind, ""),
        }));
        return item;
    }

    private void Close(string status, bool emit)
    {
        if (_open is not { } item)
        {
            return;
        }

        _open = null;
        var text = item.Text.ToString();
        if (emit)
        {
            var message = item.Kind == ItemKind.Message;
            Emit(message ? "response.output_text.done" : "response.reasoning_summary_text.done", Position(item, new JsonObject { ["text"] = text },
                message ? new JsonObject { ["logprobs"] = new JsonArray() } : null));
            Emit(message ? "response.content_part.done" : "response.reasoning_summary_part.done", Position(item, new JsonObject { ["part"] = Part(item.Kind, text) }));
            Emit("response.output_item.done", new JsonObject { ["output_index"] = item.OutputIndex, ["item"] = Item(item, status, text) });
        }

        _output.Add(Item(item, status, text));
    }

    /// <summary>Gemini sends each call whole, so its arguments go out in one delta.</summary>
    private void AddCall(ReplyPart.FunctionCall call)
    {
        Close("completed", emit: true);
        var id = reply.Ids.FunctionCall();
        var callId = reply.Ids.CallId(call.Name);
        var outputIndex = _output.Count;
        var space = reply.NamespaceOf(call.Name);
        JsonObject Item(string status, string arguments)
        {
            var item = new JsonObject
            {
                ["id"] = id,
                ["type"] = "function_call",
                ["status"] = status,
                ["arguments"] = arguments,
                ["call_id"] = callId,
                ["name"] = call.Name,
            };
            if (space is not null)
            {
                item["namespace"] = space;
            }

            return item;
        }

        Emit("response.output_item.added", new JsonObject { ["output_index"] = outputIndex, ["item"] = Item("in_progress", "") });
        Emit("response.function_call_arguments.delta", new JsonObject { ["item_id"] = id, ["output_index"] = outputIndex, ["delta"] = call.Arguments });
        Emit("response.function_call_arguments.done", new JsonObject { ["item_id"] = id, ["output_index"] = outputIndex, ["name"] = call.Name, ["arguments"] = call.Arguments });
        Emit("response.output_item.done", new JsonObject { ["output_index"] = outputIndex, ["item"] = Item("completed", call.Arguments) });
        _output.Add(Item("completed", call.Arguments));
    }

    private static JsonObject Item(OpenItem item, string status, string text) => item.Kind == ItemKind.Message
        ? new JsonObject
        {
            ["id"] = item.Id,
            ["type"] = "message",
            ["status"] = status,
            ["role"] = "assistant",
            ["content"] = text.Length == 0 && status == "in_progress" ? new JsonArray() : new JsonArray(Part(ItemKind.Message, text)),
        }
        : new JsonObject
        {
            ["id"] = item.Id,
            ["type"] = "reasoning",
            ["summary"] = text.Length == 0 && status == "in_progress" ? new JsonArray() : new JsonArray(Part(ItemKind.Reasoning, text)),
        };

    private static JsonObject Part(ItemKind kind, string text) => kind == ItemKind.Message
        ? new JsonObject { ["type"] = "output_text", ["annotations"] = new JsonArray(), ["logprobs"] = new JsonArray(), ["text"] = text }
        : new JsonObject { ["type"] = "summary_text", ["text"] = text };

    /// <summary>Where an event's content sits: the item, its place in the output, and the content or summary part (always the first).</summary>
    private static JsonObject Position(OpenItem item, JsonObject fields, JsonObject? after = null)
    {
        var position = new JsonObject
        {
            ["item_id"] = item.Id,
            ["output_index"] = item.OutputIndex,
            [item.Kind == ItemKind.Message ? "content_index" : "summary_index"] = 0,
        };
        foreach (var source in (JsonObject?[])[fields, after])
        {
            foreach (var (name, value) in source?.ToList() ?? [])
            {
                source!.Remove(name);
                position[name] = value;
            }
        }

        return position;
    }

    private void Emit(string type, JsonObject fields) => events?.Write(type, fields);

    private enum ItemKind
    {
        Message,
        Reasoning,
    }

    private sealed class OpenItem(ItemKind kind, string id, int outputIndex)
    {
        public ItemKind Kind => kind;

        public string Id => id;

        public int OutputIndex => outputIndex;

        public StringBuilder Text { get; } = new();
    }
}
