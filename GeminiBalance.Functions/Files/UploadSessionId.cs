using System.Buffers.Text;
using System.Security.Cryptography;

namespace GeminiBalance.Files;

/// <summary>
/// Upload session ids: 256 random bits, base64url. The session URL is used verbatim by curl-style clients, which send
/// no credential with the chunks, so the id alone must be unguessable.
/// </summary>
internal static class UploadSessionId
{
    private const int Bytes = 32;

    public static string New() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(Bytes));

    /// <summary>Rejects anything this proxy cannot have issued before it reaches storage.</summary>
    public static bool IsWellFormed(string? id) =>
        id is { Length: 43 } && Base64Url.IsValid(id, out var length) && length == Bytes;
}
