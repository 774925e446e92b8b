using System.Globalization;
using Azure.Core;
using Azure.Core.Pipeline;

namespace GeminiBalance.Storage;

/// <summary>
/// Signs each attempt with the Table service's SharedKey scheme:
/// StringToSign = VERB \n Content-MD5 \n Content-Type \n Date \n CanonicalizedResource
/// (https://learn.microsoft.com/rest/api/storageservices/authorize-with-shared-key#table-service-shared-key-authorization).
/// It runs per retry because the date is part of the signature and a retried request must carry a fresh one.
/// Azure.Core's logging redacts the Authorization header (it is not on the allow-list), so the signature never reaches logs.
/// </summary>
internal sealed class TableSharedKeyPolicy(TableSharedKeyCredential credential, TimeProvider time) : HttpPipelineSynchronousPolicy
{
    public override void OnSendingRequest(HttpMessage message)
    {
        var request = message.Request;
        var date = time.GetUtcNow().ToString("R", CultureInfo.InvariantCulture);
        request.Headers.SetValue("x-ms-date", date);
        request.Headers.TryGetValue("Content-MD5", out var contentMd5);
        request.Headers.TryGetValue("Content-Type", out var contentType);
        var stringToSign = StringToSign(request.Method.Method, contentMd5, contentType, date, request.Uri.ToUri(), credential.AccountName);
        request.Headers.SetValue("Authorization", $"SharedKey {credential.AccountName}:{credential.Sign(stringToSign)}");
    }

    /// <summary>
    /// The canonicalized resource is "/account" + the URI's encoded path, plus ?comp= when present and no other
    /// query parameter. On an emulator's path-style URL (http://127.0.0.1:10002/devstoreaccount1/Tables) the account
    /// therefore appears twice: /devstoreaccount1/devstoreaccount1/Tables, which is what Azurite computes too.
    /// </summary>
    public static string StringToSign(string method, string? contentMd5, string? contentType, string date, Uri uri, string accountName)
    {
        var resource = $"/{accountName}{uri.AbsolutePath}";
        var comp = CompParameter(uri.Query);
        if (comp is not null)
        {
            resource += "?comp=" + comp;
        }

        return $"{method}\n{contentMd5}\n{contentType}\n{date}\n{resource}";
    }

    private static string? CompParameter(string query)
    {
        foreach (var pair in query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var separator = pair.IndexOf('=', StringComparison.Ordinal);
            var name = separator < 0 ? pair : pair[..separator];
            if (name.Equals("comp", StringComparison.OrdinalIgnoreCase))
            {
                return separator < 0 ? string.Empty : Uri.UnescapeDataString(pair[(separator + 1)..]);
            }
        }

        return null;
    }
}
