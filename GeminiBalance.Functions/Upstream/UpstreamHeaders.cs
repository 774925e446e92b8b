using System.Net.Http.Headers;
using GeminiBalance.Hosting;
using Microsoft.Extensions.Primitives;

namespace GeminiBalance.Upstream;

/// <summary>Which headers cross the proxy, in each direction.</summary>
internal static class UpstreamHeaders
{
    // Credentials are replaced by the pool key; hop-by-hop and transport headers belong to each connection;
    // Accept-Encoding is dropped so the stream framers see plain bytes.
    private static readonly HashSet<string> NotForwarded = new(StringComparer.OrdinalIgnoreCase)
    {
        "Host", "Authorization", "x-goog-api-key", "x-api-key", "Cookie", "Connection", "Keep-Alive",
        "Transfer-Encoding", "TE", "Trailer", "Upgrade", "Proxy-Authorization", "Proxy-Connection",
        "Content-Length", "Expect", "Accept-Encoding", "anthropic-version", "anthropic-beta",
        // Azure's front ends copy the original URL, ?key= token included, into these.
        "X-Original-URL", "X-WAWS-Unencoded-URL", "Disguised-Host", "Was-Default-Hostname", "Client-IP", "Max-Forwards",
    };

    // Headers the Azure platform and the Functions host add to every request they pass on.
    private static readonly string[] NotForwardedPrefixes = ["X-Forwarded-", "X-MS-", "X-ARR-", "X-Azure-", "X-Site-", "X-Client-"];

    private const string UploadHeaderPrefix = "X-Goog-Upload-";

    // The upload URL embeds the upstream key; it is never relayed as is (the files issue rewrites it).
    private static readonly string[] RelayedBack = ["Content-Type", "Retry-After", "Content-Disposition"];

    public static void CopyToUpstream(IHeaderDictionary from, HttpRequestMessage to)
    {
        foreach (var (name, values) in from)
        {
            if (NotForwarded.Contains(name) || HasPlatformPrefix(name))
            {
                continue;
            }

            // One value (the usual case) goes as a string: StringValues cast to IEnumerable<string> is boxed, every header of every request.
            var added = values.Count == 1 ? to.Headers.TryAddWithoutValidation(name, values.ToString()) : to.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values);
            if (!added && to.Content is { } content)
            {
                _ = values.Count == 1 ? content.Headers.TryAddWithoutValidation(name, values.ToString()) : content.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values);
            }
        }
    }

    /// <summary>CUSTOM_HEADERS, each replacing a client header of the same name; the setting refuses framing and credentials.</summary>
    public static void AddCustom(HttpRequestMessage request, ProxyOptions options)
    {
        foreach (var (name, value) in options.CustomHeaders)
        {
            request.Headers.Remove(name);
            if (!request.Headers.TryAddWithoutValidation(name, value))
            {
                // A content header (Content-Language…): it goes with the body when there is one.
                request.Content?.Headers.Remove(name);
                request.Content?.Headers.TryAddWithoutValidation(name, value);
            }
        }
    }

    /// <summary>The upload protocol's own headers and the body's type; credentials and everything else stay behind.</summary>
    public static void CopyUploadProtocol(HttpRequest from, HttpRequestMessage to)
    {
        foreach (var (name, values) in from.Headers)
        {
            if (name.StartsWith(UploadHeaderPrefix, StringComparison.OrdinalIgnoreCase))
            {
                to.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values);
            }
        }

        if (from.ContentType is { } contentType)
        {
            to.Content?.Headers.TryAddWithoutValidation("Content-Type", contentType);
        }
    }

    public static void CopyToClient(HttpResponseMessage from, HttpResponse to)
    {
        foreach (var name in RelayedBack)
        {
            if (TryGet(from.Content.Headers, name, out var values) || TryGet(from.Headers, name, out values))
            {
                to.Headers[name] = values;
            }
        }
    }

    // A loop, not Any(lambda): the lambda would capture the name and allocate a closure for every header of every request.
    private static bool HasPlatformPrefix(string name)
    {
        foreach (var prefix in NotForwardedPrefixes)
        {
            if (name.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    // The raw values, as received: TryGetValues would copy them into a new array (and ToArray once more).
    private static bool TryGet(HttpHeaders headers, string name, out StringValues values)
    {
        if (!headers.NonValidated.TryGetValues(name, out var found) || found.Count == 0)
        {
            values = default;
            return false;
        }

        values = found.Count == 1 ? new StringValues(found.ToString()) : new StringValues([.. found]);
        return true;
    }
}
