namespace GeminiBalance.Settings;

/// <summary>The overrides as loaded: name → text, with the version each was read at (for the conditional write).</summary>
internal sealed record StoredSettings(IReadOnlyDictionary<string, StoredSetting> Overrides)
{
    public static readonly StoredSettings None = new(new Dictionary<string, StoredSetting>(StringComparer.Ordinal));

    public IReadOnlyDictionary<string, string> Values => Overrides.ToDictionary(pair => pair.Key, pair => pair.Value.Value, StringComparer.Ordinal);
}

/// <param name="Version">The store's concurrency token for this override (a table ETag).</param>
internal sealed record StoredSetting(string Value, string Version);
