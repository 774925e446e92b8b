namespace GeminiBalance.Quotas;

/// <summary>
/// What Google lets one key (one project) send to one model: requests per minute, requests per day and, optionally,
/// input tokens per minute. A null figure is no limit.
/// </summary>
internal sealed record ModelLimit(int? Rpm, int? Rpd, int? Tpm)
{
    public bool IsUnlimited => Rpm is null && Rpd is null && Tpm is null;
}
