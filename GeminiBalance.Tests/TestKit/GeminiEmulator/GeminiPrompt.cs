using System.Text.Json.Nodes;

namespace GeminiBalance.Tests.TestKit.GeminiEmulator;

/// <summary>What the emulator needs from validated <c>contents</c>: the text to echo and a word-count "token" total.</summary>
internal sealed record GeminiPrompt(string LastUserText, int TokenCount)
{
    private const string ContentType = "type.googleapis.com/google.ai.generativelanguage.v1beta.Content";
    private const string PartType = "type.googleapis.com/google.ai.generativelanguage.v1beta.Part";

    private static readonly string[] PartDataFields =
        ["text", "inlineData", "fileData", "functionCall", "functionResponse", "executableCode", "codeExecutionResult"];

    public static int CountWords(string text) =>
        text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length;

    /// <summary>Validates like Google does and rejects what it rejects (empty parts, data-less parts, bad roles).</summary>
    public static GeminiPrompt Read(JsonObject request, string requestType, bool contentsRequired)
    {
        var contents = JsonFields.GetArray(request, "contents", "contents", ContentType);
        if (contents is null || contents.Count == 0)
        {
            return contentsRequired
                ? throw new EmulatedErrorException(EmulatedErrors.InvalidArgument($"* {requestType}.contents: contents is not specified"))
                : new("", 0);
        }

        var lastUserText = "";
        var tokens = 0;
        for (var i = 0; i < contents.Count; i++)
        {
            var path = $"contents[{i}]";
            var content = contents[i] as JsonObject ?? throw JsonFields.InvalidValue(path, ContentType, contents[i]);
            var role = JsonFields.GetString(content, "role", $"{path}.role");
            if (role is not (null or "" or "user" or "model"))
            {
                throw new EmulatedErrorException(EmulatedErrors.InvalidArgument("Please use a valid role: user, model."));
            }

            var text = TextOf(content, $"{requestType}.{path}", path);
            tokens += CountWords(text);
            if (role is not "model")
            {
                lastUserText = text;
            }
        }

        var system = JsonFields.GetObject(request, "systemInstruction", "system_instruction", ContentType);
        if (system is not null)
        {
            tokens += CountWords(TextOf(system, $"{requestType}.system_instruction", "system_instruction"));
        }

        return new(lastUserText, tokens);
    }

    /// <summary>Validates a Content's parts and returns its text parts concatenated, as Gemini treats adjacent text parts.</summary>
    public static string TextOf(JsonObject content, string errorPath, string fieldPath)
    {
        var parts = JsonFields.GetArray(content, "parts", $"{fieldPath}.parts", PartType);
        if (parts is null || parts.Count == 0)
        {
            throw new EmulatedErrorException(EmulatedErrors.InvalidArgument($"* {errorPath}.parts: contents.parts must not be empty."));
        }

        var text = "";
        for (var j = 0; j < parts.Count; j++)
        {
            var part = parts[j] as JsonObject ?? throw JsonFields.InvalidValue($"{fieldPath}.parts[{j}]", PartType, parts[j]);
            if (!PartDataFields.Any(f => JsonFields.Has(part, f)))
            {
                throw new EmulatedErrorException(EmulatedErrors.InvalidArgument(
                    $"* {errorPath}.parts[{j}].data: required oneof field 'data' must have one initialized field"));
            }

            text += JsonFields.GetString(part, "text", $"{fieldPath}.parts[{j}].text") ?? "";
        }

        return text;
    }
}
