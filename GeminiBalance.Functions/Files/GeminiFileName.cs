using System.Buffers;

namespace GeminiBalance.Files;

/// <summary>
/// The names by which a request points at a Gemini Files API file: <c>files/{id}</c>, or the file's <c>uri</c> under
/// Google's host (<c>https://generativelanguage.googleapis.com/v1beta/files/{id}</c>, v1 and v1alpha too).
/// Other URIs (YouTube, gs://, any other https link) are not Files API files.
/// </summary>
internal static class GeminiFileName
{
    private const string Prefix = "files/";
    private const string GoogleHost = "https://generativelanguage.googleapis.com/";

    private static readonly SearchValues<char> IdCharacters = SearchValues.Create("abcdefghijklmnopqrstuvwxyz0123456789-");

    /// <summary>The <c>uri</c> Google gives the file, which is what a <c>fileData.fileUri</c> carries.</summary>
    public static string Uri(string id) => $"{GoogleHost}v1beta/{Prefix}{id}";

    /// <returns>The id after <c>files/</c>, or null when <paramref name="reference"/> names no Files API file.</returns>
    public static string? IdOf(string reference)
    {
        var name = reference.AsSpan();
        if (name.StartsWith(GoogleHost, StringComparison.OrdinalIgnoreCase))
        {
            name = name[GoogleHost.Length..];
            var slash = name.IndexOf('/');
            if (slash < 0 || name[..slash] is not ("v1beta" or "v1" or "v1alpha"))
            {
                return null;
            }

            name = name[(slash + 1)..];
        }

        return name.StartsWith(Prefix, StringComparison.Ordinal) && IsValidId(name[Prefix.Length..]) ? name[Prefix.Length..].ToString() : null;
    }

    /// <summary>Google's rule (docs/protocols.md#files-api): at most 40 lowercase letters, digits and dashes, not starting or ending with a dash.</summary>
    public static bool IsValidId(ReadOnlySpan<char> id) =>
        id.Length is > 0 and <= 40 && id[0] != '-' && id[^1] != '-' && !id.ContainsAnyExcept(IdCharacters);
}
