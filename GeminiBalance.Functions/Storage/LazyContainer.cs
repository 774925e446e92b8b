using Azure.Storage.Blobs;

namespace GeminiBalance.Storage;

/// <summary>
/// A blob container created on first use, not at start-up, as <see cref="LazyTable"/> does for tables; a creation
/// that failed is tried again on the next use.
/// </summary>
internal sealed class LazyContainer(BlobContainerClient container)
{
    private Task? _created;

    public async Task<BlobContainerClient> GetAsync(CancellationToken cancellationToken)
    {
        var created = _created;
        if (created is null || created.IsFaulted || created.IsCanceled)
        {
            _created = created = container.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        }

        await created;
        return container;
    }
}
