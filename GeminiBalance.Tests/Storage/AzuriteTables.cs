using Azure.Data.Tables;
using Azure.Storage.Blobs;
using GeminiBalance.Tests.TestKit;

namespace GeminiBalance.Tests.Storage;

/// <summary>SDK clients on the shared Azurite, each test on a table or container of its own so tests never see each other's rows.</summary>
internal static class AzuriteTables
{
    public static TableServiceClient Service(AzuriteFixture storage) => new(storage.ConnectionString);

    public static BlobContainerClient Container(AzuriteFixture storage) =>
        new BlobServiceClient(storage.ConnectionString).GetBlobContainerClient($"c{Guid.NewGuid():N}");

    public static async Task<TableClient> CreateAsync(AzuriteFixture storage)
    {
        var table = Service(storage).GetTableClient(UniqueName());
        await table.CreateIfNotExistsAsync(CancellationToken.None);
        return table;
    }

    /// <summary>Every row of the table, or none when it does not exist.</summary>
    public static async Task<List<TableEntity>> RowsAsync(TableClient table, string? filter = null)
    {
        var rows = new List<TableEntity>();
        try
        {
            await foreach (var row in table.QueryAsync<TableEntity>(filter))
            {
                rows.Add(row);
            }
        }
        catch (Azure.RequestFailedException missing) when (missing.Status == 404)
        {
            // Stores create their tables on first use; a store never used leaves none.
        }

        return rows;
    }

    // Table names are 3-63 letters and digits starting with a letter: "t" + 32 hex digits.
    public static string UniqueName() => $"t{Guid.NewGuid():N}";
}
