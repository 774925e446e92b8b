using Azure.Core;
using Azure.Identity;
using GeminiBalance.Hosting;
using Microsoft.Extensions.Azure;

namespace GeminiBalance.Storage;

/// <summary>
/// Registers the storage account's <c>TableServiceClient</c> and <c>BlobServiceClient</c> (Azure.Data.Tables,
/// Azure.Storage.Blobs), one of each for the app, the Azure way (Microsoft.Extensions.Azure). A connection string
/// (Azurite's <c>UseDevelopmentStorage=true</c> included) signs with its Shared Key; otherwise the service URIs are
/// reached with a token from <see cref="DefaultAzureCredential"/>, which takes a user-assigned managed identity from
/// <c>AZURE_CLIENT_ID</c>. Stores take the service clients and ask them for their table or container.
/// </summary>
internal static class StorageClients
{
    /// <param name="credential">The token source for identity-based storage; null for <see cref="DefaultAzureCredential"/>.</param>
    public static IServiceCollection AddStorageClients(this IServiceCollection services, StorageOptions storage, TokenCredential? credential = null)
    {
        ArgumentNullException.ThrowIfNull(storage);
        services.AddAzureClients(clients =>
        {
            if (storage.ConnectionString is { } connectionString)
            {
                clients.AddTableServiceClient(connectionString);
                clients.AddBlobServiceClient(connectionString);
                return;
            }

            clients.AddTableServiceClient(storage.TableServiceUri ?? throw MissingUri(SettingNames.AzureWebJobsStorageTableServiceUri));
            clients.AddBlobServiceClient(storage.BlobServiceUri ?? throw MissingUri(SettingNames.AzureWebJobsStorageBlobServiceUri));
            clients.UseCredential(credential ?? new DefaultAzureCredential());
        });

        // The SDK's event source, forwarded to ILogger by AddAzureClients, writes two Information lines per storage call;
        // the background writers make thousands. Its warnings and errors still come through.
        services.AddLogging(logging => logging.AddFilter("Azure", LogLevel.Warning));
        return services;
    }

    private static SettingException MissingUri(string setting) =>
        new(setting, "is missing: identity-based storage needs the account name or both service URIs");
}
