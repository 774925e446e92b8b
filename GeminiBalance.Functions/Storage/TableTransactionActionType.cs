namespace GeminiBalance.Storage;

/// <summary>What one action in an entity-group transaction does; the names and order follow Azure.Data.Tables.</summary>
internal enum TableTransactionActionType
{
    Add,
    UpdateMerge,
    UpdateReplace,
    Delete,
    UpsertMerge,
    UpsertReplace,
}
