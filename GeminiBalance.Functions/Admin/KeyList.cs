namespace GeminiBalance.Admin;

/// <summary>The answer to <c>GET /manage/keys</c>: counts over every key, and the keys the filter kept.</summary>
internal sealed record KeyList(KeySummary Summary, IReadOnlyList<KeyView> Keys);
