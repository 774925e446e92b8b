using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using GeminiBalance.Files;
using GeminiBalance.Hosting;

namespace GeminiBalance.Translation;

/// <summary>
/// Downloads images that clients pass by http(s) URL, since Gemini only reads inline data and its own file URIs. Bounded
/// in size (IMAGE_URL_MAX_MB) and time (IMAGE_URL_TIMEOUT_SECONDS), and refused for any host that resolves to a
/// non-public address. The check runs in the connect callback, on the very address the socket connects to, so a DNS
/// answer that changes between a check and the connection (DNS rebinding) cannot slip through, nor can a redirect.
/// </summary>
internal sealed class ImageUrlDownloader : IDisposable
{
    private const int MaxRedirects = 3;

    private readonly HttpClient _http;
    private readonly ICurrentOptions _options;

    /// <param name="allowNonPublicHosts">Only for tests, whose image servers listen on loopback.</param>
    public ImageUrlDownloader(ICurrentOptions options, bool allowNonPublicHosts = false)
    {
        _options = options;
        _http = new HttpClient(new SocketsHttpHandler
        {
            ConnectCallback = (context, cancellationToken) => ConnectAsync(context.DnsEndPoint, allowNonPublicHosts, cancellationToken),
            // A proxy would connect on our behalf, out of the callback's sight.
            UseProxy = false,
            UseCookies = false,
            AllowAutoRedirect = true,
            MaxAutomaticRedirections = MaxRedirects,
            AutomaticDecompression = DecompressionMethods.All,
            PooledConnectionLifetime = TimeSpan.FromMinutes(1),
        })
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };
        _http.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("GeminiBalance", "1.0"));
    }

    // Read at each use: IMAGE_URL_MAX_MB and IMAGE_URL_TIMEOUT_SECONDS can change from the console.
    private long _maxBytes => _options.Current.ImageUrlMaxBytes;

    private TimeSpan _timeout => _options.Current.ImageUrlTimeout;

    /// <exception cref="TranslationException">The image cannot be fetched; the message says why without naming any internal address.</exception>
    public async Task<InlineMedia> DownloadAsync(string url, string param, CancellationToken cancellationToken)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            throw new TranslationException(param, "An image URL must be an http(s) URL or a base64 data URL.");
        }

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(_timeout);
        try
        {
            using var response = await _http.GetAsync(uri, HttpCompletionOption.ResponseHeadersRead, deadline.Token);
            if (!response.IsSuccessStatusCode)
            {
                throw new TranslationException(param, $"Downloading the image failed: the server answered HTTP {(int)response.StatusCode}.");
            }

            var mimeType = response.Content.Headers.ContentType?.MediaType?.ToLowerInvariant() ?? "";
            if (!mimeType.StartsWith("image/", StringComparison.Ordinal))
            {
                throw new TranslationException(param, $"The URL did not return an image (Content-Type '{mimeType}').");
            }

            if (response.Content.Headers.ContentLength > _maxBytes)
            {
                throw TooLarge(param);
            }

            var bytes = await ReadBoundedAsync(response.Content, param, deadline.Token);
            return new InlineMedia(mimeType == "image/jpg" ? "image/jpeg" : mimeType, Convert.ToBase64String(bytes));
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TranslationException(param, $"Downloading the image took longer than {_timeout.TotalSeconds:0} s (IMAGE_URL_TIMEOUT_SECONDS).");
        }
        catch (HttpRequestException exception)
        {
            throw new TranslationException(param, exception.InnerException is NonPublicHostException refused
                ? refused.Message
                : "Downloading the image failed: the host could not be reached.");
        }
    }

    /// <summary>Downloads each distinct URL once, all at a time.</summary>
    /// <returns>URL → media, for a translator that must stay free of I/O.</returns>
    public async Task<IReadOnlyDictionary<string, InlineMedia>> DownloadAllAsync(IEnumerable<(string Url, string Param)> images, CancellationToken cancellationToken)
    {
        // A Files API file's uri is not fetched: the translators send it by reference (UploadedFilePart.FromUri).
        var wanted = images.Where(image => GeminiFileName.IdOf(image.Url) is null).DistinctBy(image => image.Url).ToList();
        var downloaded = await Task.WhenAll(wanted.Select(image => DownloadAsync(image.Url, image.Param, cancellationToken)));
        return wanted.Select((image, i) => (image.Url, Media: downloaded[i])).ToDictionary(pair => pair.Url, pair => pair.Media, StringComparer.Ordinal);
    }

    public void Dispose() => _http.Dispose();

    private async Task<byte[]> ReadBoundedAsync(HttpContent content, string param, CancellationToken cancellationToken)
    {
        await using var stream = await content.ReadAsStreamAsync(cancellationToken);
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > _maxBytes)
            {
                throw TooLarge(param);
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    private TranslationException TooLarge(string param) =>
        new(param, $"The image is larger than IMAGE_URL_MAX_MB ({_maxBytes / (1024 * 1024)} MB).");

    private static async ValueTask<Stream> ConnectAsync(DnsEndPoint endPoint, bool allowNonPublicHosts, CancellationToken cancellationToken)
    {
        var addresses = IPAddress.TryParse(endPoint.Host, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(endPoint.Host, cancellationToken);
        // Every address must be public: a host answering with one public and one private address is refused outright.
        if (addresses.Length == 0 || (!allowNonPublicHosts && !addresses.All(PublicAddress.IsPublic)))
        {
            throw new NonPublicHostException();
        }

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(addresses, endPoint.Port, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
