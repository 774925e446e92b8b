using System.Text.Json;
using System.Text.Unicode;

namespace GeminiBalance.Endpoints;

/// <summary>Why a request body is not a JSON object this proxy can read.</summary>
internal enum JsonBodyRefusal
{
    None,
    NotJson,
    NotText,
    NotObject,
}

/// <summary>
/// The one place a request body becomes a JSON object: valid UTF-8, JSON within the parser's depth (64), every string
/// readable as text and an object at the top. Each check here once stood between a client and an empty 500: a string
/// of invalid UTF-8 or an escaped lone surrogate (<c>"\ud800"</c>) parses, then throws InvalidOperationException at
/// the first <c>GetString</c> deep in a translator; <c>null</c>, <c>[]</c> or <c>42</c> parse, then throw at the first
/// property read. Callers answer the refusal in their own protocol's words.
/// </summary>
internal static class JsonObjectBody
{
    /// <returns>The document (the caller disposes it), or null with the reason in <paramref name="refusal"/>.</returns>
    public static JsonDocument? Parse(ReadOnlyMemory<byte> body, out JsonBodyRefusal refusal)
    {
        refusal = JsonBodyRefusal.None;
        if (!Utf8.IsValid(body.Span))
        {
            refusal = JsonBodyRefusal.NotText;
            return null;
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException)
        {
            refusal = JsonBodyRefusal.NotJson;
            return null;
        }

        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            refusal = JsonBodyRefusal.NotObject;
        }
        else if (MayEscapeASurrogate(body.Span) && !EveryStringIsText(body.Span))
        {
            refusal = JsonBodyRefusal.NotText;
        }

        if (refusal == JsonBodyRefusal.None)
        {
            return document;
        }

        document.Dispose();
        return null;
    }

    /// <summary>The refusal in plain words, for callers with no wording of their own.</summary>
    public static string Describe(JsonBodyRefusal refusal) => refusal switch
    {
        JsonBodyRefusal.NotJson => "The request body is not valid JSON (or nests deeper than 64 levels).",
        JsonBodyRefusal.NotText => "The request body is not valid text: it has bytes that are not UTF-8, or a \\u escape of an unpaired UTF-16 surrogate.",
        _ => "The request body must be a JSON object.",
    };

    /// <summary>A <c>\uD800</c>–<c>\uDFFF</c> escape anywhere; only then are the strings read (clients that escape all
    /// non-ASCII text, as Python's json does, pay for the second pass only when they send surrogate pairs).</summary>
    private static bool MayEscapeASurrogate(ReadOnlySpan<byte> body)
    {
        for (var at = body.IndexOf("\\u"u8); at >= 0 && at + 3 < body.Length; at = body[(at + 2)..].IndexOf("\\u"u8) is var next and >= 0 ? at + 2 + next : -1)
        {
            if ((body[at + 2] | 0x20) == 'd' && body[at + 3] is (>= (byte)'8' and <= (byte)'9') or (>= (byte)'a' and <= (byte)'f') or (>= (byte)'A' and <= (byte)'F'))
            {
                return true;
            }
        }

        return false;
    }

    private static bool EveryStringIsText(ReadOnlySpan<byte> body)
    {
        var reader = new Utf8JsonReader(body);
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType is JsonTokenType.String or JsonTokenType.PropertyName && reader.ValueIsEscaped)
                {
                    _ = reader.GetString();
                }
            }

            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }
}
