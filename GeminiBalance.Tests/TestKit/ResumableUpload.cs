using System.Net.Http.Headers;
using System.Text;

namespace GeminiBalance.Tests.TestKit;

/// <summary>The resumable upload protocol spoken by hand, as the official curl sample does (docs/protocols.md#files-api).</summary>
internal static class ResumableUpload
{
    /// <summary>The start call; <paramref name="key"/> goes in x-goog-api-key unless <paramref name="keyInQuery"/>.</summary>
    public static HttpRequestMessage Start(string path, string? key, long size, string mimeType, string? displayName = null, bool keyInQuery = false)
    {
        var uri = keyInQuery && key is not null ? $"{path}?key={Uri.EscapeDataString(key)}" : path;
        var metadata = displayName is null ? "{\"file\":{}}" : $"{{\"file\":{{\"displayName\":\"{displayName}\"}}}}";
        var request = new HttpRequestMessage(HttpMethod.Post, uri) { Content = new StringContent(metadata, Encoding.UTF8, "application/json") };
        request.Headers.Add("X-Goog-Upload-Protocol", "resumable");
        request.Headers.Add("X-Goog-Upload-Command", "start");
        request.Headers.Add("X-Goog-Upload-Header-Content-Length", size.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.Add("X-Goog-Upload-Header-Content-Type", mimeType);
        if (key is not null && !keyInQuery)
        {
            request.Headers.Add("x-goog-api-key", key);
        }

        return request;
    }

    /// <summary>A chunk (or, with an empty body, a bare command such as query or cancel) sent to the session URL as is.</summary>
    public static HttpRequestMessage Command(string sessionUrl, string command, long? offset = null, ReadOnlyMemory<byte> bytes = default, string? key = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, sessionUrl) { Content = new ReadOnlyMemoryContent(bytes) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        request.Headers.Add("X-Goog-Upload-Command", command);
        if (offset is { } at)
        {
            request.Headers.Add("X-Goog-Upload-Offset", at.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        if (key is not null)
        {
            request.Headers.Add("x-goog-api-key", key);
        }

        return request;
    }

    /// <summary>A multipart upload: the File metadata, then the bytes.</summary>
    public static HttpRequestMessage Multipart(string path, string? key, byte[] bytes, string mimeType, string displayName)
    {
        var content = new MultipartContent("related", "boundary-" + Guid.NewGuid().ToString("N"))
        {
            new StringContent($"{{\"file\":{{\"display_name\":\"{displayName}\"}}}}", Encoding.UTF8, "application/json"),
            new ByteArrayContent(bytes) { Headers = { ContentType = new MediaTypeHeaderValue(mimeType) } },
        };
        var request = new HttpRequestMessage(HttpMethod.Post, $"{path}?uploadType=multipart") { Content = content };
        request.Headers.Add("X-Goog-Upload-Protocol", "multipart");
        if (key is not null)
        {
            request.Headers.Add("x-goog-api-key", key);
        }

        return request;
    }

    public static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(",", values) : "";

    /// <summary>Deterministic bytes, different at every offset, so a misplaced chunk changes the hash.</summary>
    public static byte[] Bytes(int length)
    {
        var bytes = new byte[length];
        for (var i = 0; i < length; i++)
        {
            bytes[i] = (byte)((i * 31) ^ (i >> 8));
        }

        return bytes;
    }
}
