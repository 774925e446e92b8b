namespace GeminiBalance.Files;

/// <summary>Open upload sessions, shared by every instance (a Table Storage table in production).</summary>
internal interface IUploadSessions
{
    Task SaveAsync(UploadSession session, CancellationToken cancellationToken);

    /// <summary>The session, or null when there is none with this id (expired ones are returned; the caller decides).</summary>
    Task<UploadSession?> FindAsync(string id, CancellationToken cancellationToken);

    /// <summary>Forgets the session; one that is already gone is not an error.</summary>
    Task DeleteAsync(string id, CancellationToken cancellationToken);

    /// <summary>Deletes every session that expired before <paramref name="now"/>; returns how many.</summary>
    Task<int> DeleteExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken);
}
