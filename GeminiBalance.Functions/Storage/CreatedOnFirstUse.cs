namespace GeminiBalance.Storage;

/// <summary>
/// A storage resource (a table, a blob container) created on first use, not at start-up, so a storage outage never
/// stops the app from starting; a creation that failed is tried again on the next use.
/// </summary>
internal abstract class CreatedOnFirstUse<TClient>(TClient client)
{
    private Task? _created;

    public async Task<TClient> GetAsync(CancellationToken cancellationToken)
    {
        var created = _created;
        if (created is null || created.IsFaulted || created.IsCanceled)
        {
            _created = created = CreateAsync(client, cancellationToken);
        }

        await created;
        return client;
    }

    /// <summary>Creates the resource unless it exists.</summary>
    protected abstract Task CreateAsync(TClient client, CancellationToken cancellationToken);
}
