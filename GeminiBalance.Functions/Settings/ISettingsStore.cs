namespace GeminiBalance.Settings;

/// <summary>
/// Console overrides, shared by every instance (a Table Storage table in production). Writes are all-or-nothing and
/// conditional on what the caller read, so two admins saving at once cannot interleave; each write carries its audit entry.
/// </summary>
internal interface ISettingsStore
{
    Task<StoredSettings> LoadAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Applies <paramref name="changes"/> (name → new text, null to drop the override) and records <paramref name="audit"/>,
    /// provided no override it touches changed since <paramref name="basis"/> was loaded.
    /// </summary>
    /// <returns>False when another writer got there first; nothing was written.</returns>
    Task<bool> TrySaveAsync(StoredSettings basis, IReadOnlyDictionary<string, string?> changes, SettingAudit audit, CancellationToken cancellationToken);

    /// <summary>The newest audit entries first.</summary>
    Task<IReadOnlyList<SettingAudit>> ReadAuditAsync(int max, CancellationToken cancellationToken);
}
