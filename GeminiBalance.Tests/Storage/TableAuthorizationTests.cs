using Azure;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using GeminiBalance.Hosting;
using GeminiBalance.Storage;
using GeminiBalance.Tests.Integration;
using GeminiBalance.Tests.TestKit;
using Microsoft.Extensions.DependencyInjection;

namespace GeminiBalance.Tests.Storage;

/// <summary>The clients the app registers (<see cref="StorageClients"/>) from a connection string, signing with its Shared Key.</summary>
[Collection(ProxyCollection.Name)]
public sealed class TableAuthorizationTests(AzuriteFixture storage)
{
    [Fact]
    public async Task AzuriteRefusesTablesAndBlobsSignedWithTheWrongKey()
    {
        // Azurite checks SharedKey signatures even with --loose (which only relaxes unsupported headers and
        // parameters), so a 403 here proves the signature is computed and checked, not ignored.
        var wrongKey = Convert.ToBase64String(new byte[64]);
        await using var clients = Registered(storage.ConnectionString.Replace(AzuriteFixture.AccountKey, wrongKey, StringComparison.Ordinal));

        var table = clients.GetRequiredService<TableServiceClient>().GetTableClient(AzuriteTables.UniqueName());
        var tableFailure = await Assert.ThrowsAsync<RequestFailedException>(() => table.CreateIfNotExistsAsync());
        var container = clients.GetRequiredService<BlobServiceClient>().GetBlobContainerClient($"c{Guid.NewGuid():N}");
        var blobFailure = await Assert.ThrowsAsync<RequestFailedException>(() => container.CreateIfNotExistsAsync());

        Assert.Equal(403, tableFailure.Status);
        Assert.Equal(403, blobFailure.Status);
        Assert.DoesNotContain(wrongKey, tableFailure.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(wrongKey, blobFailure.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheRightKeyIsAcceptedByBothServices()
    {
        await using var clients = Registered(storage.ConnectionString);
        var table = clients.GetRequiredService<TableServiceClient>().GetTableClient(AzuriteTables.UniqueName());
        var container = clients.GetRequiredService<BlobServiceClient>().GetBlobContainerClient($"c{Guid.NewGuid():N}");

        await table.CreateIfNotExistsAsync();
        await table.AddEntityAsync(new TableEntity("p", "r"));
        await container.CreateIfNotExistsAsync();
        await container.UploadBlobAsync("b", BinaryData.FromString("x"));

        Assert.NotNull(await table.FindAsync("p", "r", CancellationToken.None));
        Assert.Equal("x", (await container.GetBlobClient("b").DownloadContentAsync()).Value.Content.ToString());
    }

    private static ServiceProvider Registered(string connectionString) =>
        new ServiceCollection().AddStorageClients(new StorageOptions(connectionString, null, null)).BuildServiceProvider();
}
