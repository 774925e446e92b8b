using Azure.Data.Tables;

namespace GeminiBalance.Storage;

/// <summary>A table created on first use (<see cref="CreatedOnFirstUse{TClient}"/>).</summary>
internal sealed class LazyTable(TableClient table) : CreatedOnFirstUse<TableClient>(table)
{
    protected override Task CreateAsync(TableClient client, CancellationToken cancellationToken) => client.CreateIfNotExistsAsync(cancellationToken);
}
