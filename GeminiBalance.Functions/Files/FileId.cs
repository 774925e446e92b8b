using System.Text.RegularExpressions;

namespace GeminiBalance.Files;

/// <summary>Google's file ids (protocols.md B): up to 40 lowercase letters, digits and dashes, no dash at either end.</summary>
internal static partial class FileId
{
    public static bool IsValid(string id) => Pattern().IsMatch(id);

    [GeneratedRegex("^[a-z0-9]([a-z0-9-]{0,38}[a-z0-9])?$")]
    private static partial Regex Pattern();
}
