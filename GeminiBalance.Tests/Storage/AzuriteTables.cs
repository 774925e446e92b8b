using GeminiBalance.Hosting;
using GeminiBalance.Storage;
using GeminiBalance.Tests.TestKit;

namespace GeminiBalance.Tests.Storage;

/// <summary>Table clients on the shared Azurite, each test on a table of its own so tests never see each other's rows.</summary>
internal static class AzuriteTables
{
    public static ITableServiceClient Service(AzuriteFixture storage) =>
        TableServiceClientFactory.Create(new StorageOptions(storage.ConnectionString, null));

    public static async Task<ITableClient> CreateAsync(AzuriteFixture storage)
    {
        var table = Service(storage).GetTableClient(UniqueName());
        await table.CreateIfNotExistsAsync(CancellationToken.None);
        return table;
    }

    // Table names are 3-63 letters and digits starting with a letter: "t" + 32 hex digits.
    public static string UniqueName() => $"t{Guid.NewGuid():N}";
}
