namespace GeminiBalance.Files;

/// <summary>One page of a client's files, newest storage order; <paramref name="NextPageToken"/> is opaque and null on the last page.</summary>
internal sealed record FileRecordPage(IReadOnlyList<FileRecord> Records, string? NextPageToken);
