namespace GeminiBalance.Settings;

/// <summary>Other saves kept changing the same overrides while this one retried; the caller may simply try again.</summary>
internal sealed class SettingsConflictException() : Exception("The settings were changed by someone else meanwhile; try again.");
