using System.Text.RegularExpressions;
using GeminiBalance.Hosting;

namespace GeminiBalance.Translation;

/// <summary>
/// A requested model name and gemini-balance's suffixes: <c>-search</c> (Google Search, for SEARCH_MODELS),
/// <c>-image</c> (text and image output, for IMAGE_MODELS), <c>-non-thinking</c> (no thinking budget).
/// A suffix only counts when its base model is configured for it, so real models such as
/// <c>gemini-2.5-flash-image</c> still reach Google under their own name (gemini-balance issue #386).
/// </summary>
internal sealed partial record ModelName(string Upstream, bool Search, bool Image, bool NonThinking)
{
    private const string SearchSuffix = "-search";
    private const string ImageSuffix = "-image";
    private const string NonThinkingSuffix = "-non-thinking";

    public static ModelName Parse(string requested, ProxyOptions options)
    {
        // Some clients send the Gemini resource name.
        var name = requested.StartsWith("models/", StringComparison.Ordinal) ? requested["models/".Length..] : requested;
        if (!ModelId().IsMatch(name))
        {
            throw new TranslationException("model", $"'{requested}' is not a valid model name.");
        }

        name = Unalias(name, options.ModelAliases);
        var nonThinking = TryStrip(ref name, NonThinkingSuffix, _ => true);
        var search = TryStrip(ref name, SearchSuffix, options.SearchModels.Contains);
        var image = !search && TryStrip(ref name, ImageSuffix, options.ImageModels.Contains);
        return new ModelName(name, search, image, nonThinking);
    }

    /// <summary>Whether Gemini lets this model think (and so accepts a <c>thinkingConfig</c>); sending one to any other model is a 400.</summary>
    public bool Thinks =>
        !Image && (Upstream.StartsWith("gemini-2.5", StringComparison.Ordinal) || Upstream.StartsWith("gemini-3", StringComparison.Ordinal)
                   || Upstream.Contains("thinking", StringComparison.Ordinal))
        && !Upstream.Contains("image", StringComparison.Ordinal) && !Upstream.Contains("tts", StringComparison.Ordinal);

    /// <summary>Gemini 3 sets thinking by level rather than by budget, and requires thought signatures on replayed calls.</summary>
    public bool IsGemini3 => Upstream.StartsWith("gemini-3", StringComparison.Ordinal);

    /// <summary>The smallest budget the model accepts when it cannot turn thinking off (2.5 Pro).</summary>
    public int LeastBudget => Upstream.Contains("pro", StringComparison.Ordinal) ? 128 : 0;

    /// <summary>
    /// The budget the server sets when the client asks for none: the least for <c>-non-thinking</c>, else THINKING_BUDGET_MAP's
    /// (gemini-balance's rule, on every surface). Null: the model's own default.
    /// </summary>
    public int? DefaultThinkingBudget(ProxyOptions options) =>
        NonThinking ? LeastBudget : options.ThinkingBudgets.TryGetValue(Upstream, out var mapped) ? mapped : null;

    public int MostBudget => Upstream.Contains("pro", StringComparison.Ordinal) ? 32768 : 24576;

    /// <summary>
    /// MODEL_ALIASES, before any suffix: an alias is replaced by its model, and an alias with a suffix
    /// (<c>gpt-4o-search</c>) by its model with that suffix, which the suffix rules then read as usual.
    /// </summary>
    private static string Unalias(string name, IReadOnlyDictionary<string, string> aliases)
    {
        if (aliases.Count == 0)
        {
            return name;
        }

        if (aliases.TryGetValue(name, out var model))
        {
            return model;
        }

        foreach (var suffix in (ReadOnlySpan<string>)[NonThinkingSuffix, SearchSuffix, ImageSuffix])
        {
            if (name.Length > suffix.Length && name.EndsWith(suffix, StringComparison.Ordinal) && aliases.TryGetValue(name[..^suffix.Length], out model))
            {
                return model + suffix;
            }
        }

        return name;
    }

    private static bool TryStrip(ref string name, string suffix, Func<string, bool> allowed)
    {
        if (name.Length > suffix.Length && name.EndsWith(suffix, StringComparison.Ordinal) && allowed(name[..^suffix.Length]))
        {
            name = name[..^suffix.Length];
            return true;
        }

        return false;
    }

    // Model ids are letters, digits, '.', '_' and '-'; anything else could change the upstream path.
    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$")]
    private static partial Regex ModelId();
}
