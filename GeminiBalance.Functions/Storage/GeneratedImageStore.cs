using System.Globalization;
using System.Text.RegularExpressions;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using GeminiBalance.Hosting;

namespace GeminiBalance.Storage;

/// <summary>
/// Generated images kept in Blob Storage (IMAGE_CONTAINER) and served by signed, expiring links on
/// <c>GET /files/images/{name}</c>, so an OpenAI client asking for <c>response_format: url</c> gets a URL it can fetch.
/// </summary>
internal sealed partial class GeneratedImageStore(BlobContainerClient container, ImageLinkSigner signer, ICurrentOptions options, TimeProvider time)
{
    public const string RoutePrefix = "files/images";

    // Never overwrite: a name is a new GUID, so an existing blob of that name would be someone else's image.
    private static readonly BlobRequestConditions CreateOnly = new() { IfNoneMatch = ETag.All };

    private readonly LazyContainer _container = new(container);

    /// <summary>Stores the image and returns its link under <paramref name="publicBaseUrl"/>.</summary>
    /// <exception cref="RequestFailedException">Blob Storage refused or failed.</exception>
    public async Task<string> SaveAsync(byte[] image, string mimeType, string publicBaseUrl, CancellationToken cancellationToken)
    {
        var name = $"{Guid.NewGuid():N}.{Extension(mimeType)}";
        var blobs = await _container.GetAsync(cancellationToken);
        await blobs.GetBlobClient(name).UploadAsync(
            BinaryData.FromBytes(image), new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = mimeType }, Conditions = CreateOnly }, cancellationToken);
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

    /// <returns>The image, or null when there is none of that name.</returns>
    public async Task<BlobContent?> OpenAsync(string name, CancellationToken cancellationToken)
    {
        var blobs = await _container.GetAsync(cancellationToken);
        try
        {
            var download = (await blobs.GetBlobClient(name).DownloadContentAsync(cancellationToken)).Value;
            return new BlobContent(download.Content, download.Details.ContentType ?? "application/octet-stream");
        }
        catch (RequestFailedException missing) when (missing.Status == 404)
        {
            return null;
        }
    }

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
