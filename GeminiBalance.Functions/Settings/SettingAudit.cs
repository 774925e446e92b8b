namespace GeminiBalance.Settings;

/// <summary>One saved change: who made it ("console" or "api"), when, and each setting's old → new value (secrets masked).</summary>
internal sealed record SettingAudit(DateTimeOffset At, string Who, IReadOnlyList<SettingChange> Changes);

/// <param name="Old">The value shown before (masked for a secret), null when it was the app setting or default.</param>
/// <param name="New">The value shown after (masked for a secret), null when the override was dropped.</param>
internal sealed record SettingChange(string Name, string? Old, string? New);
