using System.Text.RegularExpressions;

namespace GeminiBalance.Admin;

/// <summary>
/// Finds Gemini API keys in any pasted text (a list, a CSV, a JSON file, a chat message): <c>AIza</c> and 35 of
/// <c>[0-9A-Za-z_-]</c>, standing alone. A word that contains <c>AIza</c> but is not such a key is counted as a near
/// miss, so a truncated or mangled key is reported instead of silently skipped.
/// </summary>
internal static partial class PastedKeys
{
    private const int KeyLength = 39;

    /// <returns>Each distinct key once, in the order first seen, and how many words only looked like keys.</returns>
    public static (IReadOnlyList<string> Keys, int NearMisses) Extract(string text)
    {
        var keys = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var nearMisses = 0;
        foreach (Match word in WordWithKeyPrefix().Matches(text))
        {
            if (word.Length == KeyLength && word.ValueSpan.StartsWith("AIza", StringComparison.Ordinal))
            {
                if (seen.Add(word.Value))
                {
                    keys.Add(word.Value);
                }
            }
            else
            {
                nearMisses++;
            }
        }

        return (keys, nearMisses);
    }

    // A whole word of key characters with "AIza" somewhere in it; the leftmost match starts where the word starts.
    [GeneratedRegex("[0-9A-Za-z_-]*AIza[0-9A-Za-z_-]*", RegexOptions.CultureInvariant)]
    private static partial Regex WordWithKeyPrefix();
}
