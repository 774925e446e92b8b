namespace GeminiBalance.Clients;

/// <summary>A client key's limits; null means no limit of that kind.</summary>
/// <param name="Rpm">Requests per minute (UTC clock minute).</param>
/// <param name="Rpd">Requests per day (UTC day).</param>
/// <param name="Tpd">Tokens per day (Gemini's totalTokenCount, UTC day).</param>
/// <param name="TpmMonth">Tokens per calendar month (UTC).</param>
internal sealed record ClientLimits(long? Rpm = null, long? Rpd = null, long? Tpd = null, long? TpmMonth = null)
{
    public static readonly ClientLimits None = new();
}
