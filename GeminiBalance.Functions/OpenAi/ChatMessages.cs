using System.Text.Json;
using System.Text.Json.Nodes;
using GeminiBalance.Translation;

namespace GeminiBalance.OpenAi;

/// <summary>
/// OpenAI <c>messages</c> → Gemini <c>systemInstruction</c> and <c>contents</c> (protocols.md E.1): system and developer text
/// becomes the system instruction; user/assistant become user/model turns, merged when consecutive; tool results become one
/// user turn of <c>functionResponse</c> parts in the order of the calls they answer. Empty text is dropped (Gemini rejects it).
/// </summary>
internal sealed class ChatMessages(IReadOnlyDictionary<string, InlineMedia> downloadedImages, bool signReplayedCalls)
{
    private readonly JsonArray _system = [];
    private readonly GeminiContents _contents = new();

    /// <summary>Results for the latest tool calls, each with the position of the call it answers.</summary>
    private readonly List<(int Position, JsonObject Part)> _results = [];

    /// <summary>The calls of the latest model turn still waiting for results: id → (name, position).</summary>
    private Dictionary<string, (string Name, int Position)> _openCalls = new(StringComparer.Ordinal);

    public static (JsonObject? SystemInstruction, JsonArray Contents) Translate(
        JsonElement messages, IReadOnlyDictionary<string, InlineMedia> downloadedImages, bool signReplayedCalls)
    {
        var translator = new ChatMessages(downloadedImages, signReplayedCalls);
        var i = 0;
        foreach (var message in messages.EnumerateArray())
        {
            translator.Add(message, $"messages[{i++}]");
        }

        return translator.Finish();
    }

    private void Add(JsonElement message, string param)
    {
        if (message.ValueKind != JsonValueKind.Object)
        {
            throw new TranslationException(param, $"'{param}' must be an object.");
        }

        var role = RequestJson.RequiredString(message, "role", $"{param}.role");
        if (role is not ("tool" or "function"))
        {
            CloseCalls(param);
        }

        switch (role)
        {
            case "system" or "developer":
                foreach (var text in Texts(message, param, allowRefusal: false))
                {
                    _system.Add(new JsonObject { ["text"] = text });
                }

                break;
            case "user":
                _contents.Append("user", UserParts(message, param));
                break;
            case "assistant":
                _contents.Append("model", AssistantParts(message, param));
                break;
            case "tool":
                AddToolResult(RequestJson.RequiredString(message, "tool_call_id", $"{param}.tool_call_id"), message, param);
                break;
            case "function":
                AddFunctionResult(RequestJson.RequiredString(message, "name", $"{param}.name"), message, param);
                break;
            default:
                throw new TranslationException($"{param}.role", $"'{role}' is not a valid role: use system, developer, user, assistant or tool.");
        }
    }

    private (JsonObject?, JsonArray) Finish()
    {
        CloseCalls("messages");
        if (_contents.IsEmpty)
        {
            throw new TranslationException("messages", "At least one user or assistant message with content is required.");
        }

        return (_system.Count == 0 ? null : new JsonObject { ["parts"] = _system }, _contents.ToJson());
    }

    private JsonArray UserParts(JsonElement message, string param)
    {
        var parts = new JsonArray();
        if (!message.TryGetProperty("content", out var content) || content.ValueKind == JsonValueKind.String)
        {
            AddText(parts, RequestJson.RequiredString(message, "content", $"{param}.content"));
            return parts;
        }

        foreach (var (part, partParam, type) in ContentParts(content, param))
        {
            switch (type)
            {
                case "text":
                    AddText(parts, RequestJson.RequiredString(part, "text", $"{partParam}.text"));
                    break;
                case "image_url":
                    parts.Add(Image(part, partParam).ToPart());
                    break;
                case "input_audio":
                    parts.Add(Audio(part, partParam).ToPart());
                    break;
                case "file":
                    parts.Add(File(part, partParam).ToPart());
                    break;
                default:
                    throw new TranslationException($"{partParam}.type", $"Content parts of type '{type}' are not supported here: use text, image_url, input_audio or file.");
            }
        }

        return parts;
    }

    private InlineMedia Image(JsonElement part, string param)
    {
        // The spec nests the URL in an object; some clients send the URL string itself.
        var url = part.TryGetProperty("image_url", out var image) && image.ValueKind == JsonValueKind.String
            ? image.GetString()!
            : RequestJson.RequiredString(RequestJson.Object(part, "image_url", $"{param}.image_url") ?? part, "url", $"{param}.image_url.url");
        var urlParam = $"{param}.image_url.url";
        if (DataUrl.IsDataUrl(url))
        {
            return DataUrl.Parse(url, urlParam);
        }

        return downloadedImages.TryGetValue(url, out var downloaded)
            ? downloaded
            : throw new TranslationException(urlParam, "An image URL must be an http(s) URL or a base64 data URL.");
    }

    /// <summary>The http(s) image URLs of the user messages, which must be downloaded before translating.</summary>
    public static IEnumerable<(string Url, string Param)> RemoteImages(JsonElement messages)
    {
        var i = 0;
        foreach (var message in messages.EnumerateArray())
        {
            var param = $"messages[{i++}]";
            if (message.ValueKind != JsonValueKind.Object || !message.TryGetProperty("content", out var content) || content.ValueKind != JsonValueKind.Array)
            {
                continue;
            }

            var j = 0;
            foreach (var part in content.EnumerateArray())
            {
                var partParam = $"{param}.content[{j++}]";
                if (part.ValueKind == JsonValueKind.Object && part.TryGetProperty("image_url", out var image))
                {
                    var url = image.ValueKind == JsonValueKind.String ? image.GetString()
                        : image.ValueKind == JsonValueKind.Object && image.TryGetProperty("url", out var u) && u.ValueKind == JsonValueKind.String ? u.GetString()
                        : null;
                    if (url is not null && !DataUrl.IsDataUrl(url))
                    {
                        yield return (url, $"{partParam}.image_url.url");
                    }
                }
            }
        }
    }

    private static InlineMedia Audio(JsonElement part, string param)
    {
        var audio = RequestJson.Object(part, "input_audio", $"{param}.input_audio")
            ?? throw new TranslationException($"{param}.input_audio", "'input_audio' is required.");
        var data = RequestJson.RequiredString(audio, "data", $"{param}.input_audio.data");
        var format = RequestJson.RequiredString(audio, "format", $"{param}.input_audio.format");
        if (format is not ("wav" or "mp3" or "flac" or "ogg" or "aac" or "aiff"))
        {
            throw new TranslationException($"{param}.input_audio.format", $"Audio format '{format}' is not supported: use wav, mp3, flac, ogg, aac or aiff.");
        }

        return DataUrl.IsBase64(data)
            ? new InlineMedia($"audio/{format}", data)
            : throw new TranslationException($"{param}.input_audio.data", "'data' must be base64.");
    }

    private static InlineMedia File(JsonElement part, string param)
    {
        var file = RequestJson.Object(part, "file", $"{param}.file") ?? throw new TranslationException($"{param}.file", "'file' is required.");
        if (RequestJson.Has(file, "file_id"))
        {
            throw new TranslationException($"{param}.file.file_id", "Files are not stored here: send the file's content as 'file_data'.");
        }

        var data = RequestJson.RequiredString(file, "file_data", $"{param}.file.file_data");
        if (DataUrl.IsDataUrl(data))
        {
            return DataUrl.Parse(data, $"{param}.file.file_data");
        }

        var filename = RequestJson.String(file, "filename", $"{param}.file.filename") ?? "";
        var mimeType = MimeTypeOf(filename)
            ?? throw new TranslationException($"{param}.file.file_data", "Send 'file_data' as a data URL ('data:application/pdf;base64,…') or name a file whose type is known.");
        return DataUrl.IsBase64(data) ? new InlineMedia(mimeType, data) : throw new TranslationException($"{param}.file.file_data", "'file_data' must be base64.");
    }

    private static string? MimeTypeOf(string filename) => Path.GetExtension(filename).ToLowerInvariant() switch
    {
        ".pdf" => "application/pdf",
        ".txt" => "text/plain",
        ".md" => "text/markdown",
        ".html" or ".htm" => "text/html",
        ".csv" => "text/csv",
        ".json" => "application/json",
        ".xml" => "text/xml",
        ".png" => "image/png",
        ".jpg" or ".jpeg" => "image/jpeg",
        ".webp" => "image/webp",
        _ => null,
    };

    private JsonArray AssistantParts(JsonElement message, string param)
    {
        var parts = new JsonArray();
        if (message.TryGetProperty("content", out var content) && content.ValueKind != JsonValueKind.Null)
        {
            foreach (var text in Texts(message, param, allowRefusal: true))
            {
                parts.Add(new JsonObject { ["text"] = text });
            }
        }

        if (RequestJson.Has(message, "audio"))
        {
            throw new TranslationException($"{param}.audio", "Audio replies are not kept by this service; send the transcript as content instead.");
        }

        var calls = new List<(string Id, string Name, JsonNode Args)>();
        if (RequestJson.Array(message, "tool_calls", $"{param}.tool_calls") is { } toolCalls)
        {
            var k = 0;
            foreach (var call in toolCalls.EnumerateArray())
            {
                var callParam = $"{param}.tool_calls[{k++}]";
                var type = RequestJson.String(call, "type", $"{callParam}.type") ?? "function";
                if (type != "function")
                {
                    throw new TranslationException($"{callParam}.type", $"Tool calls of type '{type}' are not supported: only 'function'.");
                }

                var function = RequestJson.Object(call, "function", $"{callParam}.function") ?? throw new TranslationException($"{callParam}.function", "'function' is required.");
                calls.Add((RequestJson.RequiredString(call, "id", $"{callParam}.id"), RequestJson.RequiredString(function, "name", $"{callParam}.function.name"), Arguments(function, $"{callParam}.function.arguments")));
            }
        }

        if (RequestJson.Object(message, "function_call", $"{param}.function_call") is { } legacy)
        {
            // Legacy calls have no id; the function name is the key their result comes back under.
            var name = RequestJson.RequiredString(legacy, "name", $"{param}.function_call.name");
            calls.Add((name, name, Arguments(legacy, $"{param}.function_call.arguments")));
        }

        var open = new Dictionary<string, (string, int)>(StringComparer.Ordinal);
        foreach (var (id, name, args) in calls)
        {
            var part = new JsonObject { ["functionCall"] = new JsonObject { ["name"] = name, ["args"] = args } };
            if (signReplayedCalls && open.Count == 0)
            {
                part["thoughtSignature"] = FunctionResults.SkippedSignature;
            }

            open[id] = (name, open.Count);
            parts.Add(part);
        }

        _openCalls = open;
        return parts;
    }

    private static JsonNode Arguments(JsonElement function, string param)
    {
        var text = RequestJson.String(function, "arguments", param);
        if (string.IsNullOrWhiteSpace(text))
        {
            return new JsonObject();
        }

        try
        {
            return JsonNode.Parse(text) as JsonObject ?? throw new TranslationException(param, "'arguments' must be a JSON object.");
        }
        catch (JsonException)
        {
            throw new TranslationException(param, "'arguments' is not valid JSON.");
        }
    }

    private void AddToolResult(string callId, JsonElement message, string param)
    {
        if (!_openCalls.TryGetValue(callId, out var call))
        {
            throw new TranslationException($"{param}.tool_call_id",
                $"No tool call '{callId}' is waiting for a result: a 'tool' message must answer a tool call of the assistant message just before it.");
        }

        _openCalls.Remove(callId);
        AppendResult(call.Name, call.Position, message, param);
    }

    private void AddFunctionResult(string name, JsonElement message, string param)
    {
        if (!_openCalls.Remove(name, out var call))
        {
            throw new TranslationException($"{param}.name", $"No function call '{name}' is waiting for a result.");
        }

        AppendResult(name, call.Position, message, param);
    }

    private void AppendResult(string name, int position, JsonElement message, string param)
    {
        var text = string.Concat(Texts(message, param, allowRefusal: false));
        var part = new JsonObject { ["functionResponse"] = new JsonObject { ["name"] = name, ["response"] = FunctionResults.ResponseObject(text) } };
        _results.Add((position, part));
    }

    /// <summary>Checks that the latest tool calls were all answered (Gemini needs as many results as calls), and orders the results like the calls.</summary>
    private void CloseCalls(string param)
    {
        if (_openCalls.Count > 0)
        {
            throw new TranslationException(param,
                $"An assistant message with 'tool_calls' must be followed by tool messages answering each call; missing: {string.Join(", ", _openCalls.Keys)}.");
        }

        _contents.Append("user", [.. _results.OrderBy(r => r.Position).Select(r => r.Part)], toolResults: true);
        _results.Clear();
    }

    private static IEnumerable<string> Texts(JsonElement message, string param, bool allowRefusal)
    {
        if (!message.TryGetProperty("content", out var content) || content.ValueKind == JsonValueKind.Null)
        {
            yield break;
        }

        if (content.ValueKind == JsonValueKind.String)
        {
            if (content.GetString() is { Length: > 0 } text)
            {
                yield return text;
            }

            yield break;
        }

        foreach (var (part, partParam, type) in ContentParts(content, param))
        {
            var text = type switch
            {
                "text" => RequestJson.RequiredString(part, "text", $"{partParam}.text"),
                "refusal" when allowRefusal => RequestJson.RequiredString(part, "refusal", $"{partParam}.refusal"),
                _ => throw new TranslationException($"{partParam}.type", $"Only text parts are allowed in this message, not '{type}'."),
            };
            if (text.Length > 0)
            {
                yield return text;
            }
        }
    }

    /// <summary>The parts of an array <c>content</c>, each with its field path and its <c>type</c>.</summary>
    private static IEnumerable<(JsonElement Part, string Param, string Type)> ContentParts(JsonElement content, string param)
    {
        if (content.ValueKind != JsonValueKind.Array)
        {
            throw new TranslationException($"{param}.content", "'content' must be a string or an array of content parts.");
        }

        var j = 0;
        foreach (var part in content.EnumerateArray())
        {
            var partParam = $"{param}.content[{j++}]";
            yield return (part, partParam, part.ValueKind == JsonValueKind.Object ? RequestJson.RequiredString(part, "type", $"{partParam}.type") : "");
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
