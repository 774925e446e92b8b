using Azure;

namespace GeminiBalance.Storage;

// Swap point: Azure.Data.Tables. Names, parameters and semantics follow its TableClient (explicit ETag on every
// conditional write, GetEntityIfExistsAsync instead of a 404 exception, AsyncPageable queries, transactions);
// only the return types are simpler (ETag or the value instead of Response<T>), so an adapter over it is a few lines.

/// <summary>One table. Failures other than the ones each member documents surface as <see cref="RequestFailedException"/>.</summary>
internal interface ITableClient
{
    string Name { get; }

    /// <summary>Creates the table; an existing table is not an error.</summary>
    Task CreateIfNotExistsAsync(CancellationToken cancellationToken);

    /// <summary>The entity with its ETag, or null when there is none (a 404 is an answer here, not a failure).</summary>
    Task<TableEntity?> GetEntityIfExistsAsync(string partitionKey, string rowKey, CancellationToken cancellationToken);

    /// <summary>
    /// Entities matching <paramref name="filter"/> (build it with <see cref="TableFilter.Create"/>), following the
    /// service's continuation headers page by page; <paramref name="maxPerPage"/> caps each page.
    /// </summary>
    AsyncPageable<TableEntity> QueryAsync(
        string? filter = null, int? maxPerPage = null, IEnumerable<string>? select = null, CancellationToken cancellationToken = default);

    /// <summary>Inserts; an existing entity fails with status 409. Returns the new ETag.</summary>
    Task<ETag> AddEntityAsync(TableEntity entity, CancellationToken cancellationToken);

    /// <summary>
    /// Updates an existing entity if its ETag still equals <paramref name="ifMatch"/> (412 otherwise; 404 if it is gone).
    /// <paramref name="ifMatch"/> must be stated: <see cref="ETag.All"/> means unconditional. Returns the new ETag.
    /// </summary>
    Task<ETag> UpdateEntityAsync(TableEntity entity, ETag ifMatch, TableUpdateMode mode, CancellationToken cancellationToken);

    /// <summary>Inserts or overwrites without any concurrency check; for blind writes only. Returns the new ETag.</summary>
    Task<ETag> UpsertEntityAsync(TableEntity entity, TableUpdateMode mode, CancellationToken cancellationToken);

    /// <summary>
    /// Deletes if the ETag still equals <paramref name="ifMatch"/> (412 otherwise; <see cref="ETag.All"/> for unconditional).
    /// An entity that is already gone is not an error.
    /// </summary>
    Task DeleteEntityAsync(string partitionKey, string rowKey, ETag ifMatch, CancellationToken cancellationToken);

    /// <summary>
    /// Applies 1-100 actions on one partition atomically: all or none. A refused transaction throws
    /// <see cref="TableTransactionFailedException"/> carrying the failing action's status and index.
    /// </summary>
    Task SubmitTransactionAsync(IEnumerable<TableTransactionAction> actions, CancellationToken cancellationToken);
}
