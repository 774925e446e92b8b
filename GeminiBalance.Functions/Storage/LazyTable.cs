using Azure.Data.Tables;

namespace GeminiBalance.Storage;

/// <summary>
/// A table created on first use, not at start-up, so a storage outage never stops the app from starting;
/// a creation that failed is tried again on the next use.
/// </summary>
internal sealed class LazyTable(TableClient table)
{
    private Task? _created;

    public async Task<TableClient> GetAsync(CancellationToken cancellationToken)
    {
        var created = _created;
        if (created is null || created.IsFaulted || created.IsCanceled)
        {
            _created = created = table.CreateIfNotExistsAsync(cancellationToken);
        }

        await created;
        return table;
    }
}
