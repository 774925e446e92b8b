using System.Runtime.CompilerServices;
using Azure;

namespace GeminiBalance.Storage;

/// <summary>
/// A query as Azure.Core's <see cref="AsyncPageable{T}"/>: iterate entities with <c>await foreach</c>, or pages with
/// <see cref="AsPages"/>. The continuation token is the service's NextPartitionKey and NextRowKey joined by a space
/// (neither contains one: they are opaque base64-like values), as Azure.Data.Tables does.
/// </summary>
internal sealed class TableEntityPageable(TableClient table, string? filter, int? maxPerPage, string? select, CancellationToken cancellationToken)
    : AsyncPageable<TableEntity>(cancellationToken)
{
    public override IAsyncEnumerable<Page<TableEntity>> AsPages(string? continuationToken = null, int? pageSizeHint = null) =>
        Pages(continuationToken, pageSizeHint ?? maxPerPage, CancellationToken);

    public static string? JoinToken(string? nextPartitionKey, string? nextRowKey) =>
        string.IsNullOrEmpty(nextPartitionKey) ? null
        : string.IsNullOrEmpty(nextRowKey) ? nextPartitionKey
        : $"{nextPartitionKey} {nextRowKey}";

    public static (string? NextPartitionKey, string? NextRowKey) SplitToken(string? continuationToken)
    {
        if (string.IsNullOrEmpty(continuationToken))
        {
            return (null, null);
        }

        var separator = continuationToken.IndexOf(' ', StringComparison.Ordinal);
        return separator < 0 ? (continuationToken, null) : (continuationToken[..separator], continuationToken[(separator + 1)..]);
    }

    private async IAsyncEnumerable<Page<TableEntity>> Pages(
        string? continuationToken, int? pageSize, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        do
        {
            var page = await table.QueryPageAsync(filter, pageSize, select, continuationToken, cancellationToken);
            yield return page;
            continuationToken = page.ContinuationToken;
        }
        while (continuationToken is not null);
    }
}
