using Azure.Storage.Blobs;

namespace GeminiBalance.Storage;

/// <summary>A blob container created on first use (<see cref="CreatedOnFirstUse{TClient}"/>).</summary>
internal sealed class LazyContainer(BlobContainerClient container) : CreatedOnFirstUse<BlobContainerClient>(container)
{
    protected override Task CreateAsync(BlobContainerClient client, CancellationToken cancellationToken) => client.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
}
