using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using GeminiBalance.Hosting;

namespace GeminiBalance.Storage;

/// <summary>
/// Signs links to generated images so that anyone holding one may fetch the image until it expires, with no other
/// credential. Not a SAS: a SAS needs the account key or a user-delegation key, and the deployed app has only a
/// managed identity (and no Storage Blob Delegator role). The HMAC key is derived (HKDF-SHA256) from the client
/// tokens, a secret every instance shares, so links work across instances and die when the tokens change.
/// </summary>
internal sealed class ImageLinkSigner
{
    private static readonly byte[] Purpose = "GeminiBalance generated image links v1"u8.ToArray();

    private readonly byte[] _key;

    public ImageLinkSigner(ProxyOptions options)
    {
        var secrets = options.AllowedTokens.Order(StringComparer.Ordinal).Append(options.AuthToken ?? "");
        _key = HKDF.DeriveKey(HashAlgorithmName.SHA256, Encoding.UTF8.GetBytes(string.Join('\n', secrets)), 32, salt: [], info: Purpose);
    }

    /// <summary>URL-safe base64 HMAC-SHA256 over the blob name and the expiry (Unix seconds).</summary>
    public string Sign(string name, long expires) =>
        Base64Url(HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(name + "\n" + expires.ToString(CultureInfo.InvariantCulture))));

    public bool IsValid(string name, long expires, string signature) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Sign(name, expires)), Encoding.ASCII.GetBytes(signature));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
