using System.Security.Cryptography;

namespace GeminiBalance.Tests.TestKit.GeminiEmulator;

/// <summary>
/// A resumable upload session: bound to the key that started it, counting (and hashing) bytes as they arrive rather
/// than keeping them, since only the size and the hash show in the File resource.
/// </summary>
internal sealed class EmulatedUpload(string ownerKey, long? declaredSize, string mimeType, string? displayName, string? requestedId) : IDisposable
{
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

    public string OwnerKey { get; } = ownerKey;

    public long? DeclaredSize { get; } = declaredSize;

    public string MimeType { get; } = mimeType;

    public string? DisplayName { get; } = displayName;

    public string? RequestedId { get; } = requestedId;

    public long Received { get; private set; }

    /// <summary>Serialises the chunks of one session, as Google answers one chunk at a time.</summary>
    public SemaphoreSlim Gate { get; } = new(1, 1);

    public async Task AppendAsync(Stream body, CancellationToken cancellationToken)
    {
        var buffer = new byte[64 * 1024];
        int read;
        while ((read = await body.ReadAsync(buffer, cancellationToken)) > 0)
        {
            _hash.AppendData(buffer, 0, read);
            Received += read;
        }
    }

    public string Sha256Base64() => Convert.ToBase64String(_hash.GetCurrentHash());

    public void Dispose()
    {
        _hash.Dispose();
        Gate.Dispose();
    }
}
