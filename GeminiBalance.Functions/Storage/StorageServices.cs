using GeminiBalance.Clients;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using GeminiBalance.Files;
using GeminiBalance.Hosting;
using GeminiBalance.Keys;

namespace GeminiBalance.Storage;

/// <summary>Table and blob storage behind the stores the rest of the app sees (key state, files, responses, images).</summary>
internal static class StorageServices
{
    public static IServiceCollection AddStorage(this IServiceCollection services, ProxyOptions options)
    {
        services.AddStorageClients(options.Storage);
        services.AddSingleton(new StorageTables(options.TablePrefix));
        services.AddSingleton<IKeyStateStore, TableKeyStateStore>();
        services.AddSingleton<IRecheckSchedule, TableRecheckSchedule>();
        services.AddSingleton<IAdminKeyStore, TableAdminKeyStore>();
        services.AddSingleton<IClientStore, TableClientStore>();
        services.AddSingleton<IFileRecords, TableFileRecords>();
        services.AddSingleton<IUploadSessions, TableUploadSessions>();
        services.AddSingleton(provider => new TableResponseStore(
            provider.GetRequiredService<TableServiceClient>(), provider.GetRequiredService<StorageTables>(),
            provider.GetRequiredService<BlobServiceClient>().GetBlobContainerClient(options.ResponsesContainer), provider.GetRequiredService<ICurrentOptions>(), provider.GetRequiredService<TimeProvider>()));
        services.AddSingleton<ImageLinkSigner>();
        services.AddSingleton(provider => new GeneratedImageStore(
            provider.GetRequiredService<BlobServiceClient>().GetBlobContainerClient(options.ImageContainer), provider.GetRequiredService<ImageLinkSigner>(), provider.GetRequiredService<ICurrentOptions>(), provider.GetRequiredService<TimeProvider>()));
        return services;
    }
}
