using System.Text.Json;

namespace GeminiBalance.Translation;

/// <summary>One part of a Gemini candidate's content, as the translated surfaces render it.</summary>
internal abstract record ReplyPart
{
    private ReplyPart()
    {
    }

    public sealed record Text(string Value) : ReplyPart;

    public sealed record Thought(string Value) : ReplyPart;

    /// <param name="Arguments">The call's <c>args</c> as JSON text (<c>{}</c> when Gemini sent none).</param>
    public sealed record FunctionCall(string Name, string Arguments) : ReplyPart;

    /// <param name="Data">Base64, as Gemini sent it.</param>
    public sealed record InlineData(string MimeType, string Data) : ReplyPart;

    /// <summary>
    /// A part's <c>thoughtSignature</c>, read just before the part it rode on (just after, for a thought), so a surface
    /// that can carry it (Anthropic's thinking blocks) can hand it back on that same part in a later turn (docs/protocols.md#ids-and-thought-signatures).
    /// </summary>
    public sealed record ThoughtSignature(string Value) : ReplyPart;

    /// <summary>Reads a candidate's parts; parts with nothing to show (an empty text) are skipped, but not their signature.</summary>
    public static IEnumerable<ReplyPart> ReadAll(JsonElement candidate)
    {
        if (!candidate.TryGetProperty("content", out var content) || content.ValueKind != JsonValueKind.Object
            || !content.TryGetProperty("parts", out var parts) || parts.ValueKind != JsonValueKind.Array)
        {
            yield break;
        }

        foreach (var part in parts.EnumerateArray().Where(p => p.ValueKind == JsonValueKind.Object))
        {
            var read = Read(part);
            var signature = part.TryGetProperty("thoughtSignature", out var value) && value.GetString() is { Length: > 0 } text ? new ThoughtSignature(text) : null;
            if (signature is not null && read is not Thought)
            {
                yield return signature;
            }

            if (read is not null)
            {
                yield return read;
            }

            if (signature is not null && read is Thought)
            {
                yield return signature;
            }
        }
    }

    private static ReplyPart? Read(JsonElement part)
    {
        if (part.TryGetProperty("text", out var text) && text.GetString() is { Length: > 0 } value)
        {
            return part.TryGetProperty("thought", out var thought) && thought.ValueKind == JsonValueKind.True ? new Thought(value) : new Text(value);
        }

        if (part.TryGetProperty("functionCall", out var call))
        {
            var arguments = call.TryGetProperty("args", out var args) && args.ValueKind == JsonValueKind.Object ? args.GetRawText() : "{}";
            return new FunctionCall(call.GetProperty("name").GetString() ?? "", arguments);
        }

        if (part.TryGetProperty("inlineData", out var inline))
        {
            return new InlineData(inline.GetProperty("mimeType").GetString() ?? "application/octet-stream", inline.GetProperty("data").GetString() ?? "");
        }

        if (part.TryGetProperty("executableCode", out var code))
        {
            var language = code.TryGetProperty("language", out var l) ? l.GetString()?.ToLowerInvariant() : "";
            return new Text($"\n```{language}\n{code.GetProperty("code").GetString()}\n```\n");
        }

        if (part.TryGetProperty("codeExecutionResult", out var result) && result.TryGetProperty("output", out var output))
        {
            return new Text($"\n```\n{output.GetString()}\n```\n");
        }

        return null;
    }
}
