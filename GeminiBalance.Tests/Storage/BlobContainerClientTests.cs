using Azure;
using GeminiBalance.Hosting;
using GeminiBalance.Storage;
using GeminiBalance.Tests.Integration;
using GeminiBalance.Tests.TestKit;

namespace GeminiBalance.Tests.Storage;

[Collection(ProxyCollection.Name)]
public sealed class BlobContainerClientTests(AzuriteFixture storage)
{
    [Fact]
    public async Task UploadCreatesTheMissingContainerAndDownloadReturnsTheBytesAndContentType()
    {
        var container = NewContainer();
        var bytes = BinaryData.FromBytes([0x89, 0x50, 0x4E, 0x47, 0, 1, 2, 255]);

        await container.UploadAsync("picture one.png", bytes, "image/png", CancellationToken.None);
        var downloaded = await container.DownloadAsync("picture one.png", CancellationToken.None);

        Assert.NotNull(downloaded);
        Assert.Equal(bytes.ToArray(), downloaded.Content.ToArray());
        Assert.Equal("image/png", downloaded.ContentType);
    }

    [Fact]
    public async Task UploadReplacesAnExistingBlob()
    {
        var container = NewContainer();
        await container.UploadAsync("a.bin", BinaryData.FromString("first"), "text/plain", CancellationToken.None);

        await container.UploadAsync("a.bin", BinaryData.FromString("second"), "application/octet-stream", CancellationToken.None);

        var downloaded = await container.DownloadAsync("a.bin", CancellationToken.None);
        Assert.Equal("second", downloaded!.Content.ToString());
        Assert.Equal("application/octet-stream", downloaded.ContentType);
    }

    [Fact]
    public async Task MissingBlobsAndContainersDownloadAsNullAndDeleteQuietly()
    {
        var container = NewContainer();
        Assert.Null(await container.DownloadAsync("nothing.png", CancellationToken.None));
        await container.DeleteIfExistsAsync("nothing.png", CancellationToken.None);

        await container.CreateIfNotExistsAsync(CancellationToken.None);
        await container.CreateIfNotExistsAsync(CancellationToken.None);
        Assert.Null(await container.DownloadAsync("nothing.png", CancellationToken.None));
    }

    [Fact]
    public async Task DeleteRemovesTheBlob()
    {
        var container = NewContainer();
        await container.UploadAsync("gone.png", BinaryData.FromString("x"), "image/png", CancellationToken.None);

        await container.DeleteIfExistsAsync("gone.png", CancellationToken.None);

        Assert.Null(await container.DownloadAsync("gone.png", CancellationToken.None));
    }

    [Fact]
    public async Task AzuriteRefusesASignatureMadeWithTheWrongKey()
    {
        // Proves the Blob signature (query parameters and x-ms-* headers included) is computed and checked.
        var wrongKey = Convert.ToBase64String(new byte[64]);
        var container = new BlobContainerClient(storage.BlobEndpoint, UniqueName(), new TableSharedKeyCredential(AzuriteFixture.AccountName, wrongKey));

        var failure = await Assert.ThrowsAsync<RequestFailedException>(() => container.CreateIfNotExistsAsync(CancellationToken.None));

        Assert.Equal(403, failure.Status);
        Assert.DoesNotContain(wrongKey, failure.ToString());
    }

    [Fact]
    public void StringToSign_CoversStandardHeadersXmsHeadersAndSortedQuery()
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["Content-Type"] = "image/png",
            ["Content-Length"] = "8",
            ["x-ms-version"] = "2024-08-04",
            ["X-MS-Date"] = "Fri, 21 Nov 2026 12:00:00 GMT",
            ["x-ms-blob-type"] = "  BlockBlob ",
        };

        var text = BlobSharedKeyPolicy.StringToSign("PUT", headers, new Uri("http://127.0.0.1:10000/acct/c/b.png?restype=container&comp=list"), "acct");

        Assert.Equal(
            "PUT\n\n\n8\n\nimage/png\n\n\n\n\n\n\n"
            + "x-ms-blob-type:BlockBlob\nx-ms-date:Fri, 21 Nov 2026 12:00:00 GMT\nx-ms-version:2024-08-04\n"
            + "/acct/acct/c/b.png\ncomp:list\nrestype:container",
            text);
    }

    private BlobContainerClient NewContainer() =>
        BlobContainerClientFactory.Create(new StorageOptions(storage.ConnectionString, null), UniqueName());

    private static string UniqueName() => $"c{Guid.NewGuid():N}";
}
