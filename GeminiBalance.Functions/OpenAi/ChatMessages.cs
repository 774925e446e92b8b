using System.Text.Json;
using System.Text.Json.Nodes;
using GeminiBalance.Translation;

namespace GeminiBalance.OpenAi;

/// <summary>
/// OpenAI <c>messages</c> → Gemini <c>systemInstruction</c> and <c>contents</c> (docs/protocols.md#chat-to-gemini): system and developer text
/// becomes the system instruction; user/assistant become user/model turns, merged when consecutive; tool results become one
/// user turn of <c>functionResponse</c> parts in the order of the calls they answer. Empty text is dropped (Gemini rejects it).
/// </summary>
internal sealed class ChatMessages(IReadOnlyDictionary<string, InlineMedia> downloadedImages, bool signReplayedCalls)
{
    private readonly GeminiTurns _turns = new(signReplayedCalls);

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
                    _turns.AddSystemText(text);
                }

                break;
            case "user":
                _turns.AddMessage("user", UserParts(message, param));
                break;
            case "assistant":
                AddAssistant(message, param);
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
        return _turns.Finish("messages", "At least one user or assistant message with content is required.");
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
                    parts.Add(Image(part, partParam));
                    break;
                case "input_audio":
                    parts.Add(Audio(part, partParam).ToPart());
                    break;
                case "file":
                    parts.Add(File(part, partParam));
                    break;
                default:
                    throw new TranslationException($"{partParam}.type", $"Content parts of type '{type}' are not supported here: use text, image_url, input_audio or file.");
            }
        }

        return parts;
    }

    private JsonObject Image(JsonElement part, string param)
    {
        // The spec nests the URL in an object; some clients send the URL string itself.
        var url = part.TryGetProperty("image_url", out var image) && image.ValueKind == JsonValueKind.String
            ? image.GetString()!
            : RequestJson.RequiredString(RequestJson.Object(part, "image_url", $"{param}.image_url") ?? part, "url", $"{param}.image_url.url");
        var urlParam = $"{param}.image_url.url";
        if (DataUrl.IsDataUrl(url))
        {
            return DataUrl.Parse(url, urlParam).ToPart();
        }

        return UploadedFilePart.FromUri(url)
            ?? (downloadedImages.TryGetValue(url, out var downloaded)
                ? downloaded.ToPart()
                : throw new TranslationException(urlParam, "An image URL must be an http(s) URL or a base64 data URL."));
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

    private static JsonObject File(JsonElement part, string param)
    {
        var file = RequestJson.Object(part, "file", $"{param}.file") ?? throw new TranslationException($"{param}.file", "'file' is required.");
        if (RequestJson.String(file, "file_id", $"{param}.file.file_id") is { } fileId)
        {
            return RequestJson.Has(file, "file_data")
                ? throw new TranslationException($"{param}.file", "Send either 'file_id' or 'file_data', not both.")
                : UploadedFilePart.From(fileId, $"{param}.file.file_id");
        }

        var data = RequestJson.RequiredString(file, "file_data", $"{param}.file.file_data");
        return FileData.Parse(data, RequestJson.String(file, "filename", $"{param}.file.filename"), $"{param}.file.file_data").ToPart();
    }

    private void AddAssistant(JsonElement message, string param)
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

        _turns.AddMessage("model", parts);
        foreach (var (id, name, args) in calls)
        {
            _turns.AddCall(id, name, args);
        }
    }

    private static JsonNode Arguments(JsonElement function, string param) =>
        GeminiTurns.Arguments(RequestJson.String(function, "arguments", param), param);

    private void AddToolResult(string callId, JsonElement message, string param)
    {
        if (_turns.OpenCallName(callId) is null)
        {
            throw new TranslationException($"{param}.tool_call_id",
                $"No tool call '{callId}' is waiting for a result: a 'tool' message must answer a tool call of the assistant message just before it.");
        }

        _turns.AddResult(callId, GeminiTurns.ResponseObject(string.Concat(Texts(message, param, allowRefusal: false))));
    }

    private void AddFunctionResult(string name, JsonElement message, string param)
    {
        // Legacy calls have no id; the function name is the key their result comes back under.
        if (_turns.OpenCallName(name) is null)
        {
            throw new TranslationException($"{param}.name", $"No function call '{name}' is waiting for a result.");
        }

        _turns.AddResult(name, GeminiTurns.ResponseObject(string.Concat(Texts(message, param, allowRefusal: false))));
    }

    private void CloseCalls(string param) =>
        _turns.CloseCalls(param, ids => $"An assistant message with 'tool_calls' must be followed by tool messages answering each call; missing: {ids}.");

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
