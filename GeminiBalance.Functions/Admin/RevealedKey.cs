namespace GeminiBalance.Admin;

/// <summary>One whole key, for the admin who asked for it by id.</summary>
internal sealed record RevealedKey(string Id, string Key);
