using System.Globalization;
using System.Text;
using Azure.Core;
using Azure.Core.Pipeline;

namespace GeminiBalance.Storage;

/// <summary>
/// Signs each attempt with the Blob service's SharedKey scheme, which unlike the Table service's covers the standard
/// headers, every x-ms-* header and every query parameter
/// (https://learn.microsoft.com/rest/api/storageservices/authorize-with-shared-key#blob-queue-and-file-services-shared-key-authorization).
/// It runs per retry because the date is part of the signature. The signature lives only in the Authorization
/// header, which Azure.Core's logging redacts.
/// </summary>
internal sealed class BlobSharedKeyPolicy(TableSharedKeyCredential credential, TimeProvider time) : HttpPipelineSynchronousPolicy
{
    private static readonly string[] StandardHeaders =
        ["Content-Encoding", "Content-Language", "Content-Length", "Content-MD5", "Content-Type", "Date",
         "If-Modified-Since", "If-Match", "If-None-Match", "If-Unmodified-Since", "Range"];

    public override void OnSendingRequest(HttpMessage message)
    {
        var request = message.Request;
        request.Headers.SetValue("x-ms-date", time.GetUtcNow().ToString("R", CultureInfo.InvariantCulture));
        var headers = request.Headers.ToDictionary(header => header.Name, header => header.Value, StringComparer.OrdinalIgnoreCase);

        // The transport sets Content-Length from the content, after this policy; since 2015-02-21 zero signs as empty.
        headers.Remove("Content-Length");
        if (request.Content is { } content && content.TryComputeLength(out var length) && length > 0)
        {
            headers["Content-Length"] = length.ToString(CultureInfo.InvariantCulture);
        }

        var stringToSign = StringToSign(request.Method.Method, headers, request.Uri.ToUri(), credential.AccountName);
        request.Headers.SetValue("Authorization", $"SharedKey {credential.AccountName}:{credential.Sign(stringToSign)}");
    }

    /// <summary>
    /// On an emulator's path-style URL (http://127.0.0.1:10000/devstoreaccount1/images/a.png) the account appears twice
    /// in the canonicalized resource, /devstoreaccount1/devstoreaccount1/images/a.png, which is what Azurite computes too.
    /// </summary>
    public static string StringToSign(string method, IReadOnlyDictionary<string, string> headers, Uri uri, string accountName)
    {
        var builder = new StringBuilder(method).Append('\n');
        foreach (var name in StandardHeaders)
        {
            builder.Append(headers.GetValueOrDefault(name, "")).Append('\n');
        }

        foreach (var (name, value) in headers
                     .Where(header => header.Key.StartsWith("x-ms-", StringComparison.OrdinalIgnoreCase))
                     .Select(header => (Name: header.Key.ToLowerInvariant(), Value: CollapseWhitespace(header.Value)))
                     .OrderBy(header => header.Name, StringComparer.Ordinal))
        {
            builder.Append(name).Append(':').Append(value).Append('\n');
        }

        builder.Append('/').Append(accountName).Append(uri.AbsolutePath);
        foreach (var parameter in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries)
                     .Select(pair => pair.Split('=', 2))
                     .GroupBy(pair => Uri.UnescapeDataString(pair[0]).ToLowerInvariant())
                     .OrderBy(group => group.Key, StringComparer.Ordinal))
        {
            var values = parameter.Select(pair => pair.Length > 1 ? Uri.UnescapeDataString(pair[1]) : "").Order(StringComparer.Ordinal);
            builder.Append('\n').Append(parameter.Key).Append(':').Append(string.Join(',', values));
        }

        return builder.ToString();
    }

    private static string CollapseWhitespace(string value) =>
        string.Join(' ', value.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries));
}
