using System.Text.Json;

namespace GeminiBalance.Upstream;

/// <summary>
/// Finds Gemini's <c>usageMetadata</c> in answer bytes as they pass, without parsing the answer: a vectorized search for
/// the property name, then a reader over just that object. Streams carry cumulative counts on every element, so the
/// last one seen is the answer's total.
/// </summary>
internal static class UsageMetadataReader
{
    private static ReadOnlySpan<byte> PropertyName => "\"usageMetadata\""u8;

    /// <returns>The counts of the last complete <c>usageMetadata</c> object in <paramref name="json"/>, or null when there is none.</returns>
    public static TokenUsage? FindLast(ReadOnlySpan<byte> json)
    {
        var searched = json;
        int at;
        while ((at = searched.LastIndexOf(PropertyName)) >= 0)
        {
            // The same bytes as a string value (or inside a cut-off tail) are followed by something other than ": {".
            if (TryRead(json[(at + PropertyName.Length)..]) is { } usage)
            {
                return usage;
            }

            searched = searched[..at];
        }

        return null;
    }

    private static TokenUsage? TryRead(ReadOnlySpan<byte> afterName)
    {
        var value = afterName.TrimStart(" \t\r\n"u8);
        if (value.IsEmpty || value[0] != (byte)':')
        {
            return null;
        }

        var reader = new Utf8JsonReader(value[1..], isFinalBlock: false, state: default);
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return null;
            }

            int prompt = 0, candidates = 0, thoughts = 0, total = 0, cached = 0;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = reader.ValueSpan;
                if (!reader.Read())
                {
                    return null;
                }

                if (reader.TokenType != JsonTokenType.Number || !reader.TryGetInt32(out var count))
                {
                    // Detail arrays (promptTokensDetails …) and anything Google adds later.
                    if (!reader.TrySkip())
                    {
                        return null;
                    }

                    continue;
                }

                if (name.SequenceEqual("promptTokenCount"u8))
                {
                    prompt = count;
                }
                else if (name.SequenceEqual("candidatesTokenCount"u8))
                {
                    candidates = count;
                }
                else if (name.SequenceEqual("thoughtsTokenCount"u8))
                {
                    thoughts = count;
                }
                else if (name.SequenceEqual("totalTokenCount"u8))
                {
                    total = count;
                }
                else if (name.SequenceEqual("cachedContentTokenCount"u8))
                {
                    cached = count;
                }
            }

            return reader.TokenType == JsonTokenType.EndObject ? new TokenUsage(prompt, candidates, thoughts, total, cached) : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
