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

        var availability = pool.AvailabilityFor(record.OwnerKeyId, FileUpstream.QuotaName);
        return OwnerKeyRefusal.For(availability, ApiProtocol.Gemini, record.Name, "file calls") is { } refusal
            ? (null, refusal)
            : (availability.Key, null);
    }
}
