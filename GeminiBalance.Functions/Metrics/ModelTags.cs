using System.Collections.Concurrent;

namespace GeminiBalance.Metrics;

/// <summary>
/// The model names a metric may carry as a tag. A client can send any model name, and each new tag value is a new
/// time series in every backend, so a name becomes a tag only once Google answered a call for it (its own model list
/// bounds them), up to <see cref="Limit"/>; every other name is counted as <c>other</c>.
/// </summary>
internal sealed class ModelTags
{
    public const int Limit = 200;
    public const string Other = "other";

    // Calls tied to no model (listing models).
    private const string None = "none";

    private readonly ConcurrentDictionary<string, string> _known = new(StringComparer.Ordinal);

    /// <summary>The tag for <paramref name="model"/>: its own name once admitted, else <c>other</c>.</summary>
    public string TagFor(string model) =>
        model.Length == 0 ? None : _known.TryGetValue(model, out var tag) ? tag : Other;

    /// <summary>Makes <paramref name="model"/>, which Google just answered for, a tag value while there is room.</summary>
    public string Admit(string model)
    {
        if (model.Length == 0)
        {
            return None;
        }

        if (_known.TryGetValue(model, out var tag))
        {
            return tag;
        }

        return _known.Count < Limit ? _known.GetOrAdd(model, model) : Other;
    }
}
