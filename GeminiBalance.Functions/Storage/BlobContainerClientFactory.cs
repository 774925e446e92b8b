using Azure.Identity;
using GeminiBalance.Hosting;

namespace GeminiBalance.Storage;

/// <summary>A blob container on the account the settings describe, with the same credential choice as the tables.</summary>
internal static class BlobContainerClientFactory
{
    public static BlobContainerClient Create(StorageOptions options, string containerName, BlobClientOptions? clientOptions = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.ConnectionString is { } connectionString)
        {
            var parsed = StorageConnectionString.Parse(connectionString);
            return new BlobContainerClient(parsed.BlobEndpoint, containerName, new TableSharedKeyCredential(parsed.AccountName, parsed.AccountKey), clientOptions);
        }

        return new BlobContainerClient(
            new Uri($"https://{options.AccountName}.blob.core.windows.net"), containerName, new DefaultAzureCredential(), clientOptions);
    }
}
