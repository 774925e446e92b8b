using System.Text.Json;
using System.Text.Json.Nodes;
using GeminiBalance.Translation;

namespace GeminiBalance.Responses;

/// <summary>
/// Responses input items → Gemini turns (docs/protocols.md#responses-to-gemini): messages by role, <c>function_call</c> items as model calls,
/// <c>function_call_output</c> items as results, their function name taken from the call with the same <c>call_id</c>
/// earlier in the conversation (the input, or the stored response it continues). Reasoning items are accepted and not
/// sent: Gemini does not take thought summaries back.
/// </summary>
internal sealed class ResponsesInput(GeminiTurns turns, IReadOnlyDictionary<string, InlineMedia> downloadedImages)
{
    private static string Unanswered(string ids) => $"No tool output found for function call {ids}.";

    /// <param name="param">The item's place as the client knows it (<c>input[2]</c>).</param>
    public void Add(JsonElement item, string param)
    {
        if (item.ValueKind != JsonValueKind.Object)
        {
            throw new TranslationException(param, $"'{param}' must be an object.");
        }

        // An "easy" input message ({"role","content"}) may leave out its type.
        var type = RequestJson.String(item, "type", $"{param}.type") ?? (RequestJson.Has(item, "role") ? "message" : throw new TranslationException($"{param}.type", $"'{param}.type' is required."));
        switch (type)
        {
            case "message":
                turns.CloseCalls(param, Unanswered);
                AddMessage(item, param);
                break;
            case "function_call":
                if (turns.AfterResults)
                {
                    turns.CloseCalls(param, Unanswered);
                }

                var callId = RequestJson.RequiredString(item, "call_id", $"{param}.call_id");
                turns.AddCall(callId, RequestJson.RequiredString(item, "name", $"{param}.name"),
                    GeminiTurns.Arguments(RequestJson.String(item, "arguments", $"{param}.arguments"), $"{param}.arguments"));
                break;
            case "function_call_output":
                AddOutput(item, param);
                break;
            case "reasoning":
                break;
            default:
                throw new TranslationException($"{param}.type", $"Input items of type '{type}' are not supported here: use message, function_call, function_call_output or reasoning.");
        }
    }

    public void Finish(string param) => turns.CloseCalls(param, Unanswered);

    /// <summary>The http(s) image URLs of the items, which must be downloaded before translating.</summary>
    public static IEnumerable<(string Url, string Param)> RemoteImages(IEnumerable<(JsonElement Item, string Param)> items)
    {
        foreach (var (item, param) in items)
        {
            if (item.ValueKind != JsonValueKind.Object || !item.TryGetProperty("content", out var content) || content.ValueKind != JsonValueKind.Array)
            {
                continue;
            }

            var j = 0;
            foreach (var part in content.EnumerateArray())
            {
                var partParam = $"{param}.content[{j++}]";
                if (part.ValueKind == JsonValueKind.Object && part.TryGetProperty("image_url", out var url)
                    && url.ValueKind == JsonValueKind.String && !DataUrl.IsDataUrl(url.GetString()!))
                {
                    yield return (url.GetString()!, $"{partParam}.image_url");
                }
            }
        }
    }

    private void AddMessage(JsonElement item, string param)
    {
        var role = RequestJson.RequiredString(item, "role", $"{param}.role");
        if (role is not ("user" or "assistant" or "system" or "developer"))
        {
            throw new TranslationException($"{param}.role", $"'{role}' is not a valid role: use user, assistant, system or developer.");
        }

        var parts = new JsonArray();
        foreach (var (part, partParam, partType) in Parts(item, param))
        {
            switch (role, partType)
            {
                case ("user" or "assistant" or "system" or "developer", "input_text"):
                case ("assistant", "output_text"):
                    AddText(parts, RequestJson.RequiredString(part, "text", $"{partParam}.text"));
                    break;
                case ("assistant", "refusal"):
                    AddText(parts, RequestJson.RequiredString(part, "refusal", $"{partParam}.refusal"));
                    break;
                case ("user", "input_image"):
                    parts.Add(Image(part, partParam));
                    break;
                case ("user", "input_file"):
                    parts.Add(File(part, partParam));
                    break;
                default:
                    throw new TranslationException($"{partParam}.type", $"Content of type '{partType}' is not allowed in a '{role}' message.");
            }
        }

        switch (role)
        {
            case "system" or "developer":
                foreach (var part in parts)
                {
                    turns.AddSystemText(part!["text"]!.GetValue<string>());
                }

                break;
            case "user":
                turns.AddMessage("user", parts);
                break;
            default:
                turns.AddMessage("model", parts);
                break;
        }
    }

    private void AddOutput(JsonElement item, string param)
    {
        var callId = RequestJson.RequiredString(item, "call_id", $"{param}.call_id");
        if (turns.OpenCallName(callId) is null)
        {
            throw new TranslationException($"{param}.call_id",
                $"No function call '{callId}' is waiting for this output: send the function_call item before its output, or continue the response that made the call with 'previous_response_id'.");
        }

        if (!item.TryGetProperty("output", out var output) || output.ValueKind is not (JsonValueKind.String or JsonValueKind.Array))
        {
            throw new TranslationException($"{param}.output", "'output' must be a string or an array of input_text parts.");
        }

        var text = output.ValueKind == JsonValueKind.String
            ? output.GetString()!
            : string.Concat(Parts(item, param, "output").Select(p => p.Type == "input_text"
                ? RequestJson.RequiredString(p.Part, "text", $"{p.Param}.text")
                : throw new TranslationException($"{p.Param}.type", "Only input_text parts can be sent as a function call output here.")));
        turns.AddResult(callId, GeminiTurns.ResponseObject(text));
    }

    private JsonObject Image(JsonElement part, string param)
    {
        if (RequestJson.String(part, "file_id", $"{param}.file_id") is { } fileId)
        {
            return RequestJson.Has(part, "image_url")
                ? throw new TranslationException(param, "Send either 'file_id' or 'image_url', not both.")
                : UploadedFilePart.From(fileId, $"{param}.file_id");
        }

        var url = RequestJson.RequiredString(part, "image_url", $"{param}.image_url");
        return UploadedFilePart.FromUri(url) ?? (DataUrl.IsDataUrl(url) ? DataUrl.Parse(url, $"{param}.image_url")
            : downloadedImages.TryGetValue(url, out var downloaded) ? downloaded
            : throw new TranslationException($"{param}.image_url", "An image URL must be an http(s) URL or a base64 data URL.")).ToPart();
    }

    private static JsonObject File(JsonElement part, string param)
    {
        if (RequestJson.Has(part, "file_url"))
        {
            throw new TranslationException($"{param}.file_url", "Files are not fetched from URLs here: send the file's content as 'file_data', or upload it through this proxy's Gemini Files API and send its name as 'file_id'.");
        }

        if (RequestJson.String(part, "file_id", $"{param}.file_id") is { } fileId)
        {
            return RequestJson.Has(part, "file_data")
                ? throw new TranslationException(param, "Send either 'file_id' or 'file_data', not both.")
                : UploadedFilePart.From(fileId, $"{param}.file_id");
        }

        return FileData.Parse(RequestJson.RequiredString(part, "file_data", $"{param}.file_data"), RequestJson.String(part, "filename", $"{param}.filename"), $"{param}.file_data").ToPart();
    }

    /// <summary>The parts of a string or array <c>content</c> (a string is one text part), each with its field path and type.</summary>
    private static IEnumerable<(JsonElement Part, string Param, string Type)> Parts(JsonElement item, string param, string field = "content")
    {
        if (!item.TryGetProperty(field, out var content) || content.ValueKind is not (JsonValueKind.String or JsonValueKind.Array))
        {
            throw new TranslationException($"{param}.{field}", $"'{field}' must be a string or an array of content parts.");
        }

        if (content.ValueKind == JsonValueKind.String)
        {
            // Same shape as a one-part array, so the role rules apply alike.
            using var wrapped = JsonDocument.Parse(new JsonObject { ["type"] = TextType(item), ["text"] = content.GetString() }.ToJsonString());
            yield return (wrapped.RootElement.Clone(), $"{param}.{field}", TextType(item));
            yield break;
        }

        var j = 0;
        foreach (var part in content.EnumerateArray())
        {
            var partParam = $"{param}.{field}[{j++}]";
            if (part.ValueKind != JsonValueKind.Object)
            {
                throw new TranslationException(partParam, $"'{partParam}' must be an object.");
            }

            yield return (part, partParam, RequestJson.RequiredString(part, "type", $"{partParam}.type"));
        }
    }

    private static string TextType(JsonElement item) =>
        item.TryGetProperty("role", out var role) && role.ValueKind == JsonValueKind.String && role.GetString() == "assistant" ? "output_text" : "input_text";

    private static void AddText(JsonArray parts, string text)
    {
        if (text.Length > 0)
        {
            parts.Add(new JsonObject { ["text"] = text });
        }
    }
}
