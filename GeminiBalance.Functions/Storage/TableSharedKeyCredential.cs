using System.Security.Cryptography;
using System.Text;

namespace GeminiBalance.Storage;

/// <summary>
/// An account name and its key. The key is kept only as decoded bytes and never leaves this type except as an
/// HMAC; no member, message or <see cref="ToString"/> contains it, so logging the credential or an exception is safe.
/// </summary>
internal sealed class TableSharedKeyCredential
{
    private readonly byte[] _key;

    public TableSharedKeyCredential(string accountName, string accountKey)
    {
        ArgumentException.ThrowIfNullOrEmpty(accountName);
        ArgumentNullException.ThrowIfNull(accountKey);
        var buffer = new byte[accountKey.Length];

        // No inner exception and no value in the message: FormatException texts are generic today, but that is not a promise.
        if (accountKey.Length == 0 || !Convert.TryFromBase64String(accountKey, buffer, out var written))
        {
            throw new ArgumentException($"The account key for {accountName} is not valid base64.", nameof(accountKey));
        }

        AccountName = accountName;
        _key = buffer[..written];
    }

    public string AccountName { get; }

    /// <summary>Base64 HMAC-SHA256 of <paramref name="stringToSign"/> under the account key.</summary>
    public string Sign(string stringToSign) => Convert.ToBase64String(HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(stringToSign)));

    public override string ToString() => $"SharedKey credential for account {AccountName}";
}
