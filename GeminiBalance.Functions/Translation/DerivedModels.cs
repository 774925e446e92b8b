using GeminiBalance.Hosting;

namespace GeminiBalance.Translation;

/// <summary>
/// The model list every surface shows, made from Google's: nothing FILTERED_MODELS names, and after each model its
/// gemini-balance variants (<c>-search</c> for SEARCH_MODELS, <c>-image</c> for IMAGE_MODELS, <c>-non-thinking</c> for
/// THINKING_MODELS), which <see cref="ModelName"/> resolves back to the base model on every call, then the MODEL_ALIASES.
/// </summary>
internal static class DerivedModels
{
    /// <param name="Id">The id clients see and send.</param>
    /// <param name="BaseId">Google's model it stands for.</param>
    /// <param name="DisplaySuffix">What the variant's display name adds to its base's, as gemini-balance words it; null for Google's own models.</param>
    internal sealed record Entry(string Id, string BaseId, string? DisplaySuffix);

    /// <param name="upstreamIds">Google's model ids or names (<c>models/…</c>) in Google's order.</param>
    public static IReadOnlyList<Entry> Expand(IEnumerable<string> upstreamIds, ProxyOptions options)
    {
        var entries = new List<Entry>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var name in upstreamIds)
        {
            var id = name.StartsWith("models/", StringComparison.Ordinal) ? name["models/".Length..] : name;
            if (options.FilteredModels.Contains(id, StringComparer.Ordinal))
            {
                continue;
            }

            Add(new Entry(id, id, null));
            if (options.SearchModels.Contains(id, StringComparer.Ordinal))
            {
                Add(new Entry(id + "-search", id, "For Search"));
            }

            if (options.ImageModels.Contains(id, StringComparer.Ordinal))
            {
                Add(new Entry(id + "-image", id, "For Image"));
            }

            if (options.ThinkingModels.Contains(id, StringComparer.Ordinal))
            {
                Add(new Entry(id + "-non-thinking", id, "Non Thinking"));
            }
        }

        // MODEL_ALIASES after Google's models, each shown where its target is: an alias of a model not listed would only fail.
        foreach (var (alias, target) in options.ModelAliases)
        {
            if (entries.Find(entry => entry.Id == target) is { } aliased)
            {
                Add(new Entry(alias, aliased.BaseId, aliased.DisplaySuffix is null ? $"as {alias}" : $"{aliased.DisplaySuffix}, as {alias}"));
            }
        }

        return entries;

        void Add(Entry entry)
        {
            if (seen.Add(entry.Id))
            {
                entries.Add(entry);
            }
        }
    }
}
