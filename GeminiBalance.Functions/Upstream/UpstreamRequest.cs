using GeminiBalance.Hosting;
using GeminiBalance.Keys;

namespace GeminiBalance.Upstream;

/// <summary>
/// Builds the HTTP request of one attempt: the one place that decides what goes upstream besides the call's own bytes.
/// </summary>
internal static class UpstreamRequest
{
    public static HttpRequestMessage Build(GeminiCall call, PoolKey key, HttpRequest client, ProxyOptions options)
    {
        var request = new HttpRequestMessage(call.Method, call.SessionUrl ?? options.UpstreamUri(call.PathAndQuery));
        if (call.Body is { } body)
        {
            request.Content = new ReadOnlyMemoryContent(body);
        }
        else if (call.StreamsClientBody)
        {
            request.Content = new StreamContent(client.Body, 64 * 1024) { Headers = { ContentLength = client.ContentLength } };
        }

        switch (call.Headers)
        {
            case ClientHeaders.Forwarded:
                UpstreamHeaders.CopyToUpstream(client.Headers, request);
                break;
            case ClientHeaders.UploadProtocol:
                UpstreamHeaders.CopyUploadProtocol(client, request);
                break;
            default:
                // The proxy's own request: a body it wrote is JSON.
                request.Content?.Headers.TryAddWithoutValidation("Content-Type", "application/json");
                break;
        }

        // The operator's headers (CUSTOM_HEADERS) for every call, after the client's and before the key, so that they reach
        // every surface alike and cannot replace the key.
        UpstreamHeaders.AddCustom(request, options);

        // The header, not ?key=, so the key never sits in a URL that could be logged.
        request.Headers.TryAddWithoutValidation("x-goog-api-key", key.Secret);
        return request;
    }
}
