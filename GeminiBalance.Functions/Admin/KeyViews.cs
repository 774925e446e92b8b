namespace GeminiBalance.Admin;

/// <summary>The answer to a bulk state change: each key as it is now.</summary>
internal sealed record KeyViews(IReadOnlyList<KeyView> Keys);
