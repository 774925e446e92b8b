using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using GeminiBalance.Translation;

namespace GeminiBalance.Anthropic;

/// <summary>
/// Anthropic <c>system</c> and <c>messages</c> → Gemini <c>systemInstruction</c> and <c>contents</c> (docs/protocols.md#messages-to-gemini): user and
/// assistant become user and model turns, consecutive ones merged; <c>tool_use</c> becomes <c>functionCall</c>; the
/// <c>tool_result</c> blocks that answer it become one user turn of <c>functionResponse</c> parts in the order of the calls,
/// and the rest of that user message a turn of its own, so a person's words never read as tool output. A thinking block's
/// signature goes back on the part that follows it, which is where Gemini gave it. Empty text is dropped.
/// </summary>
internal sealed class AnthropicMessages(IReadOnlyDictionary<string, InlineMedia> downloadedImages, bool signReplayedCalls)
{
    private readonly GeminiTurns _turns = new(signReplayedCalls);

    /// <summary>
    /// The <c>system</c> text, then that of any <c>role: "system"</c> messages (Claude Code sends them mid-conversation). Gemini
    /// has system text only ahead of the conversation, and text put between a call and its response would break the pairing
    /// Gemini requires, so the later system text joins the system instruction, in order.
    /// </summary>
    public static JsonObject? System(JsonElement request)
    {
        var parts = new JsonArray();
        if (request.TryGetProperty("system", out var system) && system.ValueKind != JsonValueKind.Null)
        {
            AddSystemText(parts, system, "system");
        }

        var i = 0;
        foreach (var message in RequestJson.Array(request, "messages", "messages") is { } messages ? messages.EnumerateArray() : [])
        {
            var param = $"messages[{i++}]";
            if (message.ValueKind == JsonValueKind.Object && message.TryGetProperty("role", out var role) && role.ValueEquals("system"))
            {
                AddSystemText(parts, message.TryGetProperty("content", out var content) ? content : default, $"{param}.content");
            }
        }

        return parts.Count == 0 ? null : new JsonObject { ["parts"] = parts };
    }

    private static void AddSystemText(JsonArray parts, JsonElement system, string param)
    {
        if (system.ValueKind == JsonValueKind.String)
        {
            AddText(parts, system.GetString()!);
        }
        else if (system.ValueKind == JsonValueKind.Array)
        {
            foreach (var (block, blockParam, type) in Blocks(system, param))
            {
                AddText(parts, type == "text"
                    ? RequestJson.RequiredString(block, "text", $"{blockParam}.text")
                    : throw new TranslationException($"{blockParam}.type", $"Only text blocks are allowed in '{param}', not '{type}'."));
            }
        }
        else
        {
            throw new TranslationException(param, $"'{param}' must be a string or an array of text blocks.");
        }
    }

    public static JsonArray Translate(JsonElement messages, IReadOnlyDictionary<string, InlineMedia> downloadedImages, bool signReplayedCalls)
    {
        var translator = new AnthropicMessages(downloadedImages, signReplayedCalls);
        var i = 0;
        foreach (var message in messages.EnumerateArray())
        {
            translator.Add(message, $"messages[{i++}]");
        }

        translator._turns.CloseCalls("messages", UnansweredCalls);
        return translator._turns.Finish("messages", "At least one message with content is required.").Contents;
    }

    /// <summary>The http(s) image URLs anywhere in the messages (tool results included), which must be downloaded before translating.</summary>
    public static IEnumerable<(string Url, string Param)> RemoteImages(JsonElement messages)
    {
        var i = 0;
        foreach (var message in messages.EnumerateArray())
        {
            var param = $"messages[{i++}]";
            if (message.ValueKind == JsonValueKind.Object && message.TryGetProperty("content", out var content) && content.ValueKind == JsonValueKind.Array)
            {
                foreach (var image in RemoteImages(content, $"{param}.content"))
                {
                    yield return image;
                }
            }
        }
    }

    private static IEnumerable<(string Url, string Param)> RemoteImages(JsonElement blocks, string param)
    {
        var j = 0;
        foreach (var block in blocks.EnumerateArray())
        {
            var blockParam = $"{param}[{j++}]";
            if (block.ValueKind != JsonValueKind.Object)
            {
                continue;
            }

            if (block.TryGetProperty("source", out var source) && source.ValueKind == JsonValueKind.Object
                && source.TryGetProperty("type", out var type) && type.ValueEquals("url")
                && block.TryGetProperty("type", out var blockType) && blockType.ValueEquals("image")
                && source.TryGetProperty("url", out var url) && url.ValueKind == JsonValueKind.String)
            {
                yield return (url.GetString()!, $"{blockParam}.source.url");
            }

            if (block.TryGetProperty("content", out var nested) && nested.ValueKind == JsonValueKind.Array)
            {
                foreach (var image in RemoteImages(nested, $"{blockParam}.content"))
                {
                    yield return image;
                }
            }
        }
    }

    private void Add(JsonElement message, string param)
    {
        if (message.ValueKind != JsonValueKind.Object)
        {
            throw new TranslationException(param, $"'{param}' must be an object.");
        }

        switch (RequestJson.RequiredString(message, "role", $"{param}.role"))
        {
            case "user":
                AddUser(message, param);
                break;
            case "assistant":
                _turns.CloseCalls(param, UnansweredCalls);
                AddAssistant(message, param);
                break;
            case "system":
                // Its text went into the system instruction (see System).
                break;
            case var role:
                throw new TranslationException($"{param}.role", $"'{role}' is not a valid role: use user, assistant or system.");
        }
    }

    private void AddUser(JsonElement message, string param)
    {
        var parts = new JsonArray();
        foreach (var (block, blockParam, type) in Content(message, param, parts))
        {
            switch (type)
            {
                case "text":
                    AddText(parts, RequestJson.RequiredString(block, "text", $"{blockParam}.text"));
                    break;
                case "image":
                    parts.Add(Image(block, blockParam));
                    break;
                case "document":
                    AddDocument(parts, block, blockParam);
                    break;
                case "tool_result":
                    AddToolResult(block, blockParam);
                    break;
                default:
                    throw new TranslationException($"{blockParam}.type", $"Blocks of type '{type}' are not allowed in a user message: use text, image, document or tool_result.");
            }
        }

        // As Anthropic requires, and Gemini too: as many responses as the turn before made calls.
        _turns.CloseCalls(param, UnansweredCalls);
        _turns.AddMessage("user", parts);
    }

    private void AddToolResult(JsonElement block, string param)
    {
        var id = RequestJson.RequiredString(block, "tool_use_id", $"{param}.tool_use_id");
        if (_turns.OpenCallName(id) is null)
        {
            throw new TranslationException($"{param}.tool_use_id",
                $"Unexpected tool_use_id '{id}' in a tool_result: each tool_result must answer a tool_use block of the assistant message just before it.");
        }

        var text = new StringBuilder();
        var media = new JsonArray();
        if (block.TryGetProperty("content", out var content) && content.ValueKind == JsonValueKind.String)
        {
            text.Append(content.GetString());
        }
        else if (content.ValueKind == JsonValueKind.Array)
        {
            foreach (var (inner, innerParam, type) in Blocks(content, $"{param}.content"))
            {
                switch (type)
                {
                    case "text":
                        text.Append(RequestJson.RequiredString(inner, "text", $"{innerParam}.text"));
                        break;
                    case "image":
                        media.Add(Image(inner, innerParam));
                        break;
                    case "document":
                        AddDocument(media, inner, innerParam);
                        break;
                    default:
                        throw new TranslationException($"{innerParam}.type", $"Blocks of type '{type}' are not allowed in a tool_result: use text, image or document.");
                }
            }
        }
        else if (content.ValueKind is not (JsonValueKind.Undefined or JsonValueKind.Null))
        {
            throw new TranslationException($"{param}.content", "'content' must be a string or an array of blocks.");
        }

        // Gemini's own convention for a failed call is an "error" key (docs/protocols.md#messages-to-gemini).
        var response = RequestJson.Bool(block, "is_error", $"{param}.is_error") == true
            ? new JsonObject { ["error"] = text.ToString() }
            : GeminiTurns.ResponseObject(text.ToString());
        var mediaParts = media.Cast<JsonObject>().ToList();
        media.Clear();
        _turns.AddResult(id, response, mediaParts);
    }

    private void AddAssistant(JsonElement message, string param)
    {
        var parts = new JsonArray();
        var blocks = Content(message, param, parts);
        _turns.AddMessage("model", parts);
        string? signature = null;
        foreach (var (block, blockParam, type) in blocks)
        {
            switch (type)
            {
                case "text":
                    var text = RequestJson.RequiredString(block, "text", $"{blockParam}.text");
                    if (text.Length > 0)
                    {
                        var part = new JsonObject { ["text"] = text };
                        if (signature is not null)
                        {
                            part["thoughtSignature"] = signature;
                            signature = null;
                        }

                        _turns.AddMessage("model", [part]);
                    }

                    break;
                case "thinking":
                    // The summary was Gemini's, shown to the client; Gemini needs only the signature back.
                    signature = RequestJson.String(block, "signature", $"{blockParam}.signature") is { Length: > 0 } given ? given : signature;
                    break;
                case "redacted_thinking":
                    // Claude's encrypted reasoning means nothing to Gemini.
                    break;
                case "tool_use":
                    var id = RequestJson.RequiredString(block, "id", $"{blockParam}.id");
                    var name = RequestJson.RequiredString(block, "name", $"{blockParam}.name");
                    var input = RequestJson.Object(block, "input", $"{blockParam}.input") is { } args ? JsonNode.Parse(args.GetRawText())! : new JsonObject();
                    if (_turns.OpenCallName(id) is not null)
                    {
                        throw new TranslationException($"{blockParam}.id", $"The tool_use id '{id}' is used twice.");
                    }

                    _turns.AddCall(id, name, input, signature);
                    signature = null;
                    break;
                default:
                    throw new TranslationException($"{blockParam}.type", $"Blocks of type '{type}' are not allowed in an assistant message: use text, thinking, redacted_thinking or tool_use.");
            }
        }
    }

    private JsonObject Image(JsonElement block, string param)
    {
        var source = RequestJson.Object(block, "source", $"{param}.source") ?? throw new TranslationException($"{param}.source", "'source' is required.");
        switch (RequestJson.RequiredString(source, "type", $"{param}.source.type"))
        {
            case "base64":
                return Base64(source, $"{param}.source").ToPart();
            case "url":
                var url = RequestJson.RequiredString(source, "url", $"{param}.source.url");
                return UploadedFilePart.FromUri(url)
                    ?? (downloadedImages.TryGetValue(url, out var downloaded)
                        ? downloaded.ToPart()
                        : throw new TranslationException($"{param}.source.url", "An image URL must be an http(s) URL."));
            case "file":
                return UploadedFile(source, $"{param}.source");
            case var other:
                throw new TranslationException($"{param}.source.type", $"'{other}' is not a valid image source: use base64, url or file.");
        }
    }

    private static JsonObject UploadedFile(JsonElement source, string param) =>
        UploadedFilePart.From(RequestJson.RequiredString(source, "file_id", $"{param}.file_id"), $"{param}.file_id");

    private static void AddDocument(JsonArray parts, JsonElement block, string param)
    {
        // The title and context are the client's words about the document; the model should read them too.
        var about = string.Join("\n", new[] { "title", "context" }.Select(name => RequestJson.String(block, name, $"{param}.{name}")).Where(s => !string.IsNullOrEmpty(s)));
        AddText(parts, about);
        var source = RequestJson.Object(block, "source", $"{param}.source") ?? throw new TranslationException($"{param}.source", "'source' is required.");
        switch (RequestJson.RequiredString(source, "type", $"{param}.source.type"))
        {
            case "base64":
                parts.Add(Base64(source, $"{param}.source").ToPart());
                break;
            case "text":
                AddText(parts, RequestJson.RequiredString(source, "data", $"{param}.source.data"));
                break;
            case "content":
                var content = RequestJson.Array(source, "content", $"{param}.source.content") ?? throw new TranslationException($"{param}.source.content", "'content' is required.");
                foreach (var (inner, innerParam, type) in Blocks(content, $"{param}.source.content"))
                {
                    AddText(parts, type == "text"
                        ? RequestJson.RequiredString(inner, "text", $"{innerParam}.text")
                        : throw new TranslationException($"{innerParam}.type", $"Only text blocks are supported in a document's content, not '{type}'."));
                }

                break;
            case "file":
                parts.Add(UploadedFile(source, $"{param}.source"));
                break;
            case var other:
                throw new TranslationException($"{param}.source.type", $"Document sources of type '{other}' are not supported here: send the document as base64, text, content or file.");
        }
    }

    private static InlineMedia Base64(JsonElement source, string param)
    {
        var mediaType = RequestJson.RequiredString(source, "media_type", $"{param}.media_type");
        var data = RequestJson.RequiredString(source, "data", $"{param}.data");
        return DataUrl.IsBase64(data) ? new InlineMedia(mediaType, data) : throw new TranslationException($"{param}.data", "'data' must be base64.");
    }

    private static string UnansweredCalls(string ids) =>
        $"tool_use ids were found without tool_result blocks immediately after: {ids}. Each tool_use block must have a corresponding tool_result block in the next message.";

    /// <summary>A message's content blocks; a string content, which is one text block, goes straight into <paramref name="parts"/>.</summary>
    private static IEnumerable<(JsonElement Block, string Param, string Type)> Content(JsonElement message, string param, JsonArray parts)
    {
        if (!message.TryGetProperty("content", out var content) || content.ValueKind == JsonValueKind.Null)
        {
            throw new TranslationException($"{param}.content", "'content' is required.");
        }

        if (content.ValueKind == JsonValueKind.String)
        {
            AddText(parts, content.GetString()!);
            return [];
        }

        return Blocks(content, $"{param}.content");
    }

    private static IEnumerable<(JsonElement Block, string Param, string Type)> Blocks(JsonElement blocks, string param)
    {
        if (blocks.ValueKind != JsonValueKind.Array)
        {
            throw new TranslationException(param, $"'{param}' must be a string or an array of content blocks.");
        }

        var j = 0;
        foreach (var block in blocks.EnumerateArray())
        {
            var blockParam = $"{param}[{j++}]";
            if (block.ValueKind != JsonValueKind.Object)
            {
                throw new TranslationException(blockParam, $"'{blockParam}' must be an object.");
            }

            yield return (block, blockParam, RequestJson.RequiredString(block, "type", $"{blockParam}.type"));
        }
    }

    private static void AddText(JsonArray parts, string text)
    {
        if (text.Length > 0)
        {
            parts.Add(new JsonObject { ["text"] = text });
        }
    }
}
