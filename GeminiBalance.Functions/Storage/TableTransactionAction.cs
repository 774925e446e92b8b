using Azure;

namespace GeminiBalance.Storage;

/// <summary>
/// One action of <see cref="ITableClient.SubmitTransactionAsync"/>. Update and Delete need an explicit
/// <paramref name="ETag"/> (<see cref="ETag.All"/> for unconditional), as the single-entity calls do;
/// Add and the upserts ignore it. A Delete uses only the entity's keys.
/// </summary>
internal sealed record TableTransactionAction(TableTransactionActionType ActionType, TableEntity Entity, ETag ETag = default);
