namespace GeminiBalance.Storage;

/// <summary>
/// A table that is created on first use rather than at start-up, so a storage outage never stops the app from
/// starting; a failed creation is tried again on the next use.
/// </summary>
internal sealed class CreatedTable(ITableClient table)
{
    private Task? _created;

    public async Task<ITableClient> GetAsync(CancellationToken cancellationToken)
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
