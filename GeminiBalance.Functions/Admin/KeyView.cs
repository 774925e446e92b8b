using GeminiBalance.Keys;
using GeminiBalance.Usage;

namespace GeminiBalance.Admin;

/// <summary>One key as the admin API shows it: by id and masked, never whole.</summary>
/// <param name="CoolingUntil">Per model, until when the key rests after a 429; only cooling that has not ended yet.</param>
/// <param name="Usage24h">Calls and tokens over the last 24 hours, in the key list only (null elsewhere, or when storage could not be read).</param>
internal sealed record KeyView(
    string Id,
    string Masked,
    string Source,
    string Status,
    IReadOnlyDictionary<string, DateTimeOffset> CoolingUntil,
    int ConsecutiveFailures,
    long TotalFailures,
    KeyErrorView? LastError,
    DateTimeOffset? LastSuccess,
    UsageCounts? Usage24h = null)
{
    public static KeyView Of(KeySlot slot, DateTimeOffset now, UsageCounts? usage24h = null)
    {
        var health = slot.Health;
        return new KeyView(
            slot.Key.Id,
            KeyMask.Mask(slot.Key.Secret),
            Name(slot.Source),
            Name(health.Status),
            health.CoolingUntil.Where(entry => entry.Value > now).ToDictionary(StringComparer.OrdinalIgnoreCase),
            health.ConsecutiveFailures,
            health.TotalFailures,
            health.LastError is { } error ? new KeyErrorView(error.StatusCode, error.Reason, error.At) : null,
            health.LastSuccess,
            usage24h);
    }

    public static string Name<TEnum>(TEnum value)
        where TEnum : struct, Enum => value.ToString().ToLowerInvariant();
}
