using System.Globalization;
using System.Text.RegularExpressions;
using GeminiBalance.Hosting;

namespace GeminiBalance.Storage;

/// <summary>
/// Generated images kept in Blob Storage (IMAGE_CONTAINER) and served by signed, expiring links on
/// <c>GET /files/images/{name}</c>, so an OpenAI client asking for <c>response_format: url</c> gets a URL it can fetch.
/// </summary>
internal sealed partial class GeneratedImageStore(BlobContainerClient container, ImageLinkSigner signer, ICurrentOptions options, TimeProvider time)
{
    public const string RoutePrefix = "files/images";

    /// <summary>Stores the image and returns its link under <paramref name="publicBaseUrl"/>.</summary>
    /// <exception cref="Azure.RequestFailedException">Blob Storage refused or failed.</exception>
    public async Task<string> SaveAsync(byte[] image, string mimeType, string publicBaseUrl, CancellationToken cancellationToken)
    {
        var name = $"{Guid.NewGuid():N}.{Extension(mimeType)}";
        await container.UploadAsync(name, BinaryData.FromBytes(image), mimeType, cancellationToken);
        var expires = (time.GetUtcNow() + options.Current.ImageUrlExpiry).ToUnixTimeSeconds();
        return $"{publicBaseUrl.TrimEnd('/')}/{RoutePrefix}/{name}?expires={expires.ToString(CultureInfo.InvariantCulture)}&sig={signer.Sign(name, expires)}";
    }

    /// <summary>Checks a link's name, expiry and signature, in that order, before any storage call.</summary>
    public bool Admits(string name, string? expires, string? signature) =>
        BlobName().IsMatch(name)
        && long.TryParse(expires, NumberStyles.None, CultureInfo.InvariantCulture, out var expiry)
        && time.GetUtcNow().ToUnixTimeSeconds() < expiry
        && signature is not null
        && signer.IsValid(name, expiry, signature);

    public Task<BlobContent?> OpenAsync(string name, CancellationToken cancellationToken) => container.DownloadAsync(name, cancellationToken);

    private static string Extension(string mimeType) => mimeType switch
    {
        "image/jpeg" => "jpg",
        "image/webp" => "webp",
        _ => "png",
    };

    // Only names this store makes, so the route can never read anything else in the container.
    [GeneratedRegex("^[0-9a-f]{32}\\.(png|jpg|webp)$")]
    private static partial Regex BlobName();
}
