using Azure;
using Azure.Data.Tables;

namespace GeminiBalance.Storage;

/// <summary>
/// A read-modify-write of one row under optimistic concurrency, the way every store changes a row it shares with
/// other instances: read the row with its ETag, compute the next row from it, and write only if the ETag still
/// holds (insert only if there was no row). When another writer got in between (412, or 409 when two instances
/// insert the row at once) the row is read again and the change applied to what that writer left, so changes from
/// many instances compose instead of overwriting each other. Bounded: the <see cref="MaxAttempts"/>th conflict is thrown.
/// </summary>
internal static class RowUpdate
{
    public const int MaxAttempts = 10;

    /// <param name="change">The next row given the current one (null when there is none), or null to leave the row as it is.</param>
    /// <returns>Whether this call wrote the row.</returns>
    public static async Task<bool> ApplyAsync(
        TableClient table, string partitionKey, string rowKey, Func<TableEntity?, TableEntity?> change, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var current = await table.FindAsync(partitionKey, rowKey, cancellationToken);
            if (change(current) is not { } next)
            {
                return false;
            }

            try
            {
                if (current is null)
                {
                    await table.AddEntityAsync(next, cancellationToken);
                }
                else
                {
                    await table.UpdateEntityAsync(next, current.ETag, TableUpdateMode.Replace, cancellationToken);
                }

                return true;
            }
            catch (RequestFailedException conflict) when (conflict.Status is 409 or 412 && attempt < MaxAttempts)
            {
                // Another instance wrote first: read its value and apply the change on top of it.
            }
        }
    }
}
