using GeminiBalance.Errors;
using GeminiBalance.Keys;

namespace GeminiBalance.Files;

/// <summary>
/// The pool key that holds a recorded file, for the Files API calls on it (get, delete). Only that key's project can
/// see the file, so there is no other key to fall back on: a file whose key left the pool, or that expired, is gone;
/// a key that is cooling or set aside is waited for.
/// </summary>
internal static class FileOwnerKey
{
    /// <returns>The key, or the error to answer instead.</returns>
    public static (PoolKey? Key, ErrorResult? Error) Find(KeyPool pool, FileRecord record, DateTimeOffset now)
    {
        if (record.ExpiresAt <= now)
        {
            return (null, FileErrors.Gone(record.FileId, "it expired (Google deletes uploaded files after 48 hours)"));
        }

        if (pool.Set.Find(record.OwnerKeyId) is not { } slot)
        {
            return (null, FileErrors.Gone(record.FileId, "the API key that uploaded it was removed from the pool"));
        }

        var health = slot.Health;
        if (health.Status != KeyStatus.Active)
        {
            return (null, FileErrors.Unavailable($"The API key that holds files/{record.FileId} is {health.Status.ToString().ToLowerInvariant()}; the file cannot be reached until the key is back."));
        }

        if (health.CoolingUntil.TryGetValue(FileUpstream.QuotaName, out var until) && until > now)
        {
            return (null, FileErrors.Unavailable($"The API key that holds files/{record.FileId} is rate-limited for file calls; retry later.", until - now));
        }

        return (slot.Key, null);
    }
}
