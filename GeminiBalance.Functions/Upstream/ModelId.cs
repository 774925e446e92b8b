using System.Text.RegularExpressions;

namespace GeminiBalance.Upstream;

/// <summary>Model ids are letters, digits, '.', '_' and '-'; anything else could change the upstream path a model goes into.</summary>
internal static partial class ModelId
{
    public static bool IsValid(string model) => Pattern().IsMatch(model);

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$")]
    private static partial Regex Pattern();
}
