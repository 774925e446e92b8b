using System.Net;
using Microsoft.AspNetCore.Http.Features;

namespace GeminiBalance.Benchmarks.Children;

/// <summary>
/// The floor any .NET proxy stands on: Kestrel in, one pooled HttpClient out, the request and the answer copied as
/// they stream, the client's token swapped for one upstream key. No routing, parsing, key choice or retries.
/// </summary>
internal static class BareForwarder
{
    // Hop-by-hop and length headers belong to each connection; the client's credentials are replaced.
    private static readonly HashSet<string> NotCopied = new(StringComparer.OrdinalIgnoreCase)
    {
        "Host", "Connection", "Keep-Alive", "Transfer-Encoding", "Content-Length", "x-goog-api-key", "Authorization",
    };

    public static async Task<int> RunAsync(Uri upstream, string key)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = ["--urls", "http://127.0.0.1:0"], ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.Sources.Clear();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = null);
        var app = builder.Build();
        var http = new HttpClient(new SocketsHttpHandler { UseCookies = false, AllowAutoRedirect = false, AutomaticDecompression = DecompressionMethods.None })
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };
        app.Run(context => ForwardAsync(context, http, upstream, key));
        await ChildControl.RunAsync(app, storage: null, writers: null);
        return 0;
    }

    private static async Task ForwardAsync(HttpContext context, HttpClient http, Uri upstream, string key)
    {
        var incoming = context.Request;
        using var request = new HttpRequestMessage(new HttpMethod(incoming.Method), new Uri(upstream, incoming.Path + incoming.QueryString));
        if (incoming.ContentLength is > 0 || incoming.Headers.TransferEncoding.Count > 0)
        {
            // The client's length goes along, so the body is not re-framed as chunks.
            request.Content = new StreamContent(incoming.Body);
            request.Content.Headers.ContentLength = incoming.ContentLength;
        }

        foreach (var (name, values) in incoming.Headers)
        {
            if (!NotCopied.Contains(name) && !request.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values))
            {
                request.Content?.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values);
            }
        }

        request.Headers.TryAddWithoutValidation("x-goog-api-key", key);
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, context.RequestAborted);
        context.Response.StatusCode = (int)response.StatusCode;
        foreach (var (name, values) in response.Content.Headers.Concat(response.Headers))
        {
            if (!NotCopied.Contains(name))
            {
                context.Response.Headers[name] = values.ToArray();
            }
        }

        // Kestrel sends each write at once, so streamed elements leave as they arrive.
        context.Features.GetRequiredFeature<IHttpResponseBodyFeature>().DisableBuffering();
        await using var body = await response.Content.ReadAsStreamAsync(context.RequestAborted);
        await body.CopyToAsync(context.Response.Body, context.RequestAborted);
    }
}
