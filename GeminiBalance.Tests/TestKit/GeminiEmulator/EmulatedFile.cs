namespace GeminiBalance.Tests.TestKit.GeminiEmulator;

/// <summary>A file the emulator holds; like Google, only the key that uploaded it (its "project") can see or use it.</summary>
/// <param name="Id">The id after <c>files/</c>.</param>
/// <param name="OwnerKey">The API key whose project owns the file.</param>
public sealed record EmulatedFile(string Id, string OwnerKey, string MimeType, long SizeBytes, DateTimeOffset ExpiresAt)
{
    public string Name => "files/" + Id;

    /// <summary>The <c>displayName</c> the uploader gave, if any.</summary>
    public string? DisplayName { get; init; }

    /// <summary>The base64 SHA-256 of the uploaded bytes, as Google reports it in <c>sha256Hash</c>.</summary>
    public string Sha256Hash { get; init; } = "";
}
