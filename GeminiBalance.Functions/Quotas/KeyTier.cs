namespace GeminiBalance.Quotas;

/// <summary>A group of keys (a paid project's, typically) with limits of their own instead of the free tier's.</summary>
/// <param name="KeyIds">The keys' short ids, as the admin API and logs show them; never their secrets.</param>
/// <param name="Limits">Model → limit; a model the tier does not name is unlimited for its keys.</param>
internal sealed record KeyTier(string Name, IReadOnlyList<string> KeyIds, IReadOnlyDictionary<string, ModelLimit> Limits);
