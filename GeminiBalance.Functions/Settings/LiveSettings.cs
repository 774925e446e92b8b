using GeminiBalance.Hosting;
using GeminiBalance.Keys;

namespace GeminiBalance.Settings;

/// <summary>
/// Console overrides over the app settings over the defaults. Resolving runs the start-up reader
/// (<see cref="ProxyOptionsReader"/>) on the app's configuration with the overrides layered on top, so a value is
/// checked by the same rules either way; the result is swapped into <see cref="LiveOptions"/> whole.
/// Only <see cref="SettingsSync"/> (every KEY_STATE_REFRESH_SECONDS) and a save on this instance change it.
/// </summary>
internal sealed partial class LiveSettings(IConfiguration configuration, LiveOptions options, ISettingsStore store, KeyPool pool, ILogger<LiveSettings> logger)
{
    // Two admins saving the same setting at once: the loser re-reads and re-validates, a few times at most.
    private const int MaxSaveAttempts = 3;

    private IReadOnlyDictionary<string, string> _applied = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>The overrides in force on this instance (as of its last sync or save).</summary>
    public IReadOnlyDictionary<string, string> Overrides => Volatile.Read(ref _applied);

    /// <summary>Where the value in force comes from: "console", "app setting" or "default".</summary>
    public string SourceOf(string name) =>
        Overrides.ContainsKey(name) ? "console" : string.IsNullOrWhiteSpace(configuration[name]) ? "default" : "app setting";

    /// <summary>Reads the stored overrides and puts them in force; one round of the sync.</summary>
    public async Task RefreshAsync(CancellationToken cancellationToken) => Apply((await store.LoadAsync(cancellationToken)).Values);

    /// <summary>Validates every change before storing any, stores them in one write with their audit entry, and applies them here.</summary>
    /// <param name="changes">Name → new text; null drops the override.</param>
    /// <param name="who">"console" or "api".</param>
    /// <returns>Null when saved; otherwise each refused setting with the reason.</returns>
    public async Task<IReadOnlyDictionary<string, string>?> SaveAsync(IReadOnlyDictionary<string, string?> changes, string who, DateTimeOffset at, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var stored = await store.LoadAsync(cancellationToken);
            var errors = Validate(stored.Values, changes);
            if (errors.Count > 0)
            {
                return errors;
            }

            var before = Resolve(stored.Values);
            var after = Resolve(Merge(stored.Values, changes));
            var audit = new SettingAudit(at, who, [.. changes.Keys.Order(StringComparer.Ordinal).Select(name => Describe(name, before, after))]);
            if (await store.TrySaveAsync(stored, changes, audit, cancellationToken))
            {
                Apply(Merge(stored.Values, changes));
                SettingsSaved(logger, who, string.Join(", ", changes.Keys));
                return null;
            }

            if (attempt == MaxSaveAttempts)
            {
                throw new SettingsConflictException();
            }
        }
    }

    /// <summary>Every refused setting with why: unknown, read-only, or a value the start-up rules refuse.</summary>
    public IReadOnlyDictionary<string, string> Validate(IReadOnlyDictionary<string, string> stored, IReadOnlyDictionary<string, string?> changes)
    {
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in changes.Keys)
        {
            if (SettingCatalog.Find(name) is not { } info)
            {
                errors[name] = $"Setting {name} is not one this app reads.";
            }
            else if (!info.Live)
            {
                errors[name] = $"Setting {name} cannot change while the app runs: {info.ReadOnlyBecause}";
            }
        }

        if (errors.Count > 0)
        {
            return errors;
        }

        // One change at a time first, so that every bad setting is named, not only the first the reader meets.
        foreach (var (name, value) in changes)
        {
            try
            {
                Resolve(Merge(stored, new Dictionary<string, string?> { [name] = value }));
            }
            catch (SettingException problem) when (problem.Setting == name)
            {
                errors[name] = problem.Message;
            }
        }

        if (errors.Count == 0)
        {
            try
            {
                Resolve(Merge(stored, changes));
            }
            catch (SettingException problem)
            {
                errors[problem.Setting] = problem.Message;
            }
        }

        return errors;
    }

    /// <summary>The options the app settings and these overrides make (read-only settings always from the app settings).</summary>
    /// <exception cref="SettingException">An override the start-up rules refuse.</exception>
    public ProxyOptions Resolve(IReadOnlyDictionary<string, string> overrides) =>
        ProxyOptionsReader.Read(new ConfigurationBuilder()
            .AddConfiguration(configuration, shouldDisposeConfiguration: false)
            .AddInMemoryCollection(overrides.Where(pair => SettingCatalog.Find(pair.Key) is { Live: true }).Select(pair => KeyValuePair.Create(pair.Key, (string?)pair.Value)))
            .Build());

    private void Apply(IReadOnlyDictionary<string, string> overrides)
    {
        var applied = Overrides;
        if (applied.Count == overrides.Count && applied.All(pair => overrides.TryGetValue(pair.Key, out var value) && value == pair.Value))
        {
            return;
        }

        ProxyOptions next;
        try
        {
            next = Resolve(overrides);
        }
        catch (SettingException problem)
        {
            // Stored by a newer version of the app, or by hand: keep what is in force rather than stop serving.
            OverrideRefused(logger, problem.Setting);
            return;
        }

        Volatile.Write(ref _applied, overrides);
        var before = options.Swap(next);
        if (!before.ApiKeys.SequenceEqual(next.ApiKeys, StringComparer.Ordinal))
        {
            pool.UseSettingsKeys(next.ApiKeys);
        }
    }

    private static Dictionary<string, string> Merge(IReadOnlyDictionary<string, string> stored, IReadOnlyDictionary<string, string?> changes)
    {
        var merged = new Dictionary<string, string>(stored, StringComparer.Ordinal);
        foreach (var (name, value) in changes)
        {
            if (value is null)
            {
                merged.Remove(name);
            }
            else
            {
                merged[name] = value;
            }
        }

        return merged;
    }

    private static SettingChange Describe(string name, ProxyOptions before, ProxyOptions after)
    {
        var info = SettingCatalog.Find(name) ?? throw new InvalidOperationException($"{name} was validated against the catalog, which has no such setting.");
        return new SettingChange(name, info.Show(before)?.ToJsonString(), info.Show(after)?.ToJsonString());
    }

    [LoggerMessage(70, LogLevel.Information, "Settings changed by {Who}: {Names}")]
    private static partial void SettingsSaved(ILogger logger, string who, string names);

    [LoggerMessage(71, LogLevel.Warning, "A stored override of {Setting} is not valid here; the settings in force stay as they are")]
    private static partial void OverrideRefused(ILogger logger, string setting);
}
