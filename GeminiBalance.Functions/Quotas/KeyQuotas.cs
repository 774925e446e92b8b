using System.Collections.Concurrent;

namespace GeminiBalance.Quotas;

/// <summary>
/// Every key's use of every limited model on this instance, in memory: quota-aware key choice reads and counts here,
/// never in storage, so a fleet of N instances can together send up to N times a limit (docs/models-and-quotas.md).
/// </summary>
internal sealed class KeyQuotas
{
    private readonly ConcurrentDictionary<(string KeyId, string Model), QuotaLog> _logs = new();

    public int Room(string keyId, string model, ModelLimit limit, DateTimeOffset now) => LogOf(keyId, model).Room(limit, now);

    public bool TryTake(string keyId, string model, ModelLimit limit, DateTimeOffset now) => LogOf(keyId, model).TryTake(limit, now);

    public TimeSpan TimeUntilRoom(string keyId, string model, ModelLimit limit, DateTimeOffset now) => LogOf(keyId, model).TimeUntilRoom(limit, now);

    public void AddTokens(string keyId, string model, int tokens, DateTimeOffset now)
    {
        if (_logs.TryGetValue((keyId, model), out var log))
        {
            log.AddTokens(tokens, now);
        }
    }

    private QuotaLog LogOf(string keyId, string model) => _logs.GetOrAdd((keyId, model), static _ => new QuotaLog());
}
