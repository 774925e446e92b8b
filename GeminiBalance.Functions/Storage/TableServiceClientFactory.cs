using Azure.Identity;
using GeminiBalance.Hosting;

namespace GeminiBalance.Storage;

/// <summary>Chooses the credential the settings describe: a connection string's Shared Key, else managed identity.</summary>
internal static class TableServiceClientFactory
{
    /// <summary>The audience of Azure Storage data-plane tokens.</summary>
    public const string StorageScope = "https://storage.azure.com/.default";

    public static ITableServiceClient Create(StorageOptions options, TableClientOptions? clientOptions = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.ConnectionString is { } connectionString)
        {
            var parsed = StorageConnectionString.Parse(connectionString);
            return new TableServiceClient(parsed.TableEndpoint, new TableSharedKeyCredential(parsed.AccountName, parsed.AccountKey), clientOptions);
        }

        if (options.AccountName is { } accountName)
        {
            // AzureWebJobsStorage__accountName: the Functions convention for identity-based storage; the same
            // DefaultAzureCredential chain works on Azure (managed identity) and on a developer machine (az login).
            return new TableServiceClient(
                new Uri($"https://{accountName}.table.core.windows.net"), new DefaultAzureCredential(), clientOptions);
        }

        throw new SettingException("AzureWebJobsStorage", "is not set (give a connection string, or AzureWebJobsStorage__accountName for managed identity)");
    }
}
