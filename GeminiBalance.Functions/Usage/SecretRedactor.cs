using System.Buffers;
using System.Text;
using System.Text.RegularExpressions;
using GeminiBalance.Hosting;

namespace GeminiBalance.Usage;

/// <summary>
/// Makes text safe to store: whatever a client sent or an upstream answered may quote a pool key or a client token,
/// so every occurrence of one is masked before a log row keeps it.
/// </summary>
internal sealed partial class SecretRedactor
{
    // Keys an admin adds at run time are not in the settings; anything shaped like a Gemini key is masked too.
    private const int GeminiKeyLength = 39;

    public const string Mask = "[redacted]";

    private readonly ICurrentOptions _options;
    private volatile Secrets _known;

    public SecretRedactor(ICurrentOptions options)
    {
        _options = options;
        _known = Secrets.Of(options.Current);
    }

    // Rebuilt when the keys or tokens change from the console, so a secret added later is masked too.
    private Secrets Known
    {
        get
        {
            var known = _known;
            return ReferenceEquals(known.Source, _options.Current) ? known : _known = Secrets.Of(_options.Current);
        }
    }

    /// <summary>The first <paramref name="maxChars"/> characters of UTF-8 text, secrets masked.</summary>
    /// <param name="alsoMask">One more secret: the key an attempt used, which may have been added after start-up.</param>
    public string Excerpt(ReadOnlySpan<byte> utf8, int maxChars, string? alsoMask = null)
    {
        // Decode more than is kept, so a secret that the cut would halve is still whole when it is masked.
        var longestFirst = Known.LongestFirst;
        var longest = Math.Max(Math.Max(longestFirst.Length > 0 ? longestFirst[0].Length : 0, alsoMask?.Length ?? 0), GeminiKeyLength);
        var decoded = Encoding.UTF8.GetString(utf8[..Math.Min(utf8.Length, (maxChars + longest) * 4)]);
        var masked = Redact(decoded);
        if (!string.IsNullOrEmpty(alsoMask))
        {
            masked = masked.Replace(alsoMask, Mask, StringComparison.Ordinal);
        }

        if (masked.Length <= maxChars)
        {
            return masked;
        }

        // Never end on half a surrogate pair.
        var cut = char.IsHighSurrogate(masked[maxChars - 1]) ? maxChars - 1 : maxChars;
        return masked[..cut];
    }

    public string Redact(string text) => GeminiKey().Replace(RedactKnown(text), Mask);

    private string RedactKnown(string text)
    {
        var known = Known;
        if (known.Search is not { } secrets || text.AsSpan().IndexOfAny(secrets) < 0)
        {
            return text;
        }

        var result = new StringBuilder(text.Length);
        var rest = text.AsSpan();
        int at;
        while ((at = rest.IndexOfAny(secrets)) >= 0)
        {
            result.Append(rest[..at]).Append(Mask);
            rest = rest[(at + LengthOfSecretAt(known.LongestFirst, rest[at..]))..];
        }

        return result.Append(rest).ToString();
    }

    private static int LengthOfSecretAt(string[] longestFirst, ReadOnlySpan<char> text)
    {
        foreach (var secret in longestFirst)
        {
            if (text.StartsWith(secret, StringComparison.Ordinal))
            {
                return secret.Length;
            }
        }

        return 1;
    }

    private sealed record Secrets(ProxyOptions Source, string[] LongestFirst, SearchValues<string>? Search)
    {
        public static Secrets Of(ProxyOptions options)
        {
            string[] longestFirst = [.. options.ApiKeys.Concat(options.AllowedTokens).Append(options.AuthToken ?? "")
                .Where(secret => secret.Length > 0).Distinct(StringComparer.Ordinal)
                .OrderByDescending(secret => secret.Length)];
            return new Secrets(options, longestFirst, longestFirst.Length > 0 ? SearchValues.Create(longestFirst, StringComparison.Ordinal) : null);
        }
    }

    [GeneratedRegex("AIza[0-9A-Za-z_-]{35}", RegexOptions.CultureInvariant)]
    private static partial Regex GeminiKey();
}
