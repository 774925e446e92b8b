using System.Collections.Frozen;

namespace GeminiBalance.Quotas;

/// <summary>
/// KEY_MODEL_LIMITS and KEY_TIERS together: which limit applies to a key for a model. Empty (the default) turns
/// quota-aware key choice off, and the pool rotates exactly as it did without it.
/// </summary>
internal sealed class KeyLimits
{
    private readonly FrozenDictionary<string, KeyTier> _tierOfKey;

    public KeyLimits(IReadOnlyDictionary<string, ModelLimit> defaults, IReadOnlyList<KeyTier> tiers)
    {
        Defaults = defaults;
        Tiers = tiers;
        // A key named in two tiers takes the first: the order is the setting's.
        _tierOfKey = tiers.SelectMany(tier => tier.KeyIds.Select(id => KeyValuePair.Create(id, tier)))
            .DistinctBy(pair => pair.Key)
            .ToFrozenDictionary(StringComparer.Ordinal);
    }

    public static KeyLimits None { get; } = new(new Dictionary<string, ModelLimit>(), []);

    /// <summary>The limits of keys in no tier (Google's free tier, as the documented example).</summary>
    public IReadOnlyDictionary<string, ModelLimit> Defaults { get; }

    public IReadOnlyList<KeyTier> Tiers { get; }

    public bool IsEmpty => Defaults.Count == 0 && Tiers.Count == 0;

    /// <summary>The limit for <paramref name="keyId"/> on <paramref name="model"/>, or null when it has none.</summary>
    public ModelLimit? For(string keyId, string model)
    {
        var limits = _tierOfKey.TryGetValue(keyId, out var tier) ? tier.Limits : Defaults;
        return limits.TryGetValue(model, out var limit) && !limit.IsUnlimited ? limit : null;
    }
}
