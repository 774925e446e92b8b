namespace GeminiBalance.Files;

/// <summary>The proxy's record of uploaded files, shared by every instance (a Table Storage table in production).</summary>
internal interface IFileRecords
{
    /// <summary>Stores or replaces the record (a finalize retried on another instance writes the same row again).</summary>
    Task SaveAsync(FileRecord record, CancellationToken cancellationToken);

    /// <summary>The client's record of the file, or null when this client uploaded no such file through the proxy.</summary>
    Task<FileRecord?> FindAsync(string clientId, string fileId, CancellationToken cancellationToken);

    /// <summary>A page of the client's records; <paramref name="pageToken"/> is a token an earlier page returned.</summary>
    /// <exception cref="FormatException">The page token was not one this store issued.</exception>
    Task<FileRecordPage> ListAsync(string clientId, int pageSize, string? pageToken, CancellationToken cancellationToken);

    /// <summary>Forgets the record; one that is already gone is not an error.</summary>
    Task DeleteAsync(string clientId, string fileId, CancellationToken cancellationToken);

    /// <summary>Every record, of every client, that expired before <paramref name="now"/>.</summary>
    IAsyncEnumerable<FileRecord> ExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken);
}
