namespace GeminiBalance.Clients;

/// <summary>
/// Which models a client key may call: exact names or patterns with <c>*</c> (any run of characters), compared without
/// case and without a leading <c>models/</c>, e.g. <c>gemini-2.5-*</c>. No pattern at all allows every model.
/// </summary>
internal static class ModelPatterns
{
    public static bool Allows(IReadOnlyList<string> patterns, string model)
    {
        if (patterns.Count == 0)
        {
            return true;
        }

        var name = Bare(model);
        foreach (var pattern in patterns)
        {
            if (Matches(Bare(pattern), name))
            {
                return true;
            }
        }

        return false;
    }

    private static ReadOnlySpan<char> Bare(string model) =>
        model.StartsWith("models/", StringComparison.OrdinalIgnoreCase) ? model.AsSpan("models/".Length) : model.AsSpan();

    // Greedy glob match with backtracking to the last '*': linear enough for the short names involved.
    private static bool Matches(ReadOnlySpan<char> pattern, ReadOnlySpan<char> text)
    {
        int p = 0, t = 0, star = -1, mark = 0;
        while (t < text.Length)
        {
            if (p < pattern.Length && pattern[p] != '*' && char.ToLowerInvariant(pattern[p]) == char.ToLowerInvariant(text[t]))
            {
                (p, t) = (p + 1, t + 1);
            }
            else if (p < pattern.Length && pattern[p] == '*')
            {
                (star, mark, p) = (p, t, p + 1);
            }
            else if (star >= 0)
            {
                (p, mark) = (star + 1, mark + 1);
                t = mark;
            }
            else
            {
                return false;
            }
        }

        while (p < pattern.Length && pattern[p] == '*')
        {
            p++;
        }

        return p == pattern.Length;
    }
}
