namespace GeminiBalance.Files;

/// <summary>
/// An uploaded file as the proxy recorded it at finalize: which client may use it and which pool key's Google project
/// holds it. A Gemini file is visible only to keys of the project that uploaded it, so every later use goes to that key.
/// </summary>
/// <param name="ClientId">The uploading client token's id (<c>ClientIdentity.TokenId</c>); only it may list, use or delete the file.</param>
/// <param name="FileId">The id after <c>files/</c>, as Google assigned it (≤ 40 lowercase letters, digits and dashes).</param>
/// <param name="OwnerKeyId">The id of the pool key that uploaded it (never the key itself).</param>
/// <param name="ExpiresAt">Google's <c>expirationTime</c>, or 48 h after upload when the answer had none.</param>
/// <param name="Resource">Google's <c>File</c> resource JSON as returned at finalize; it carries no key.</param>
internal sealed record FileRecord(string ClientId, string FileId, string OwnerKeyId, DateTimeOffset ExpiresAt, string Resource)
{
    public string Name => "files/" + FileId;
}
