using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Azure;

namespace GeminiBalance.Storage;

/// <summary>
/// An entity-group transaction as the service wants it: a multipart/mixed $batch holding one changeset of HTTP
/// sub-requests, and a multipart answer in which a refused changeset shows up as a single failing sub-response
/// inside a 202: https://learn.microsoft.com/rest/api/storageservices/performing-entity-group-transactions
/// </summary>
internal static partial class TableTransactionBatch
{
    public const int MaxActions = 100;

    private const string CrLf = "\r\n";

    public sealed record Content(string ContentType, ReadOnlyMemory<byte> Body);

    /// <param name="endpoint">The account's Table endpoint without a trailing slash; sub-requests carry absolute URLs.</param>
    public static Content Create(string endpoint, string tableName, IReadOnlyList<TableTransactionAction> actions)
    {
        Validate(actions);

        // batch_/changeset_ + GUID is the form the service documents; Azurite's parser accepts nothing looser.
        var batch = $"batch_{Guid.NewGuid():D}";
        var changeset = $"changeset_{Guid.NewGuid():D}";
        var body = new StringBuilder();
        body.Append("--").Append(batch).Append(CrLf)
            .Append("Content-Type: multipart/mixed; boundary=").Append(changeset).Append(CrLf)
            .Append(CrLf);
        foreach (var action in actions)
        {
            body.Append("--").Append(changeset).Append(CrLf)
                .Append("Content-Type: application/http").Append(CrLf)
                .Append("Content-Transfer-Encoding: binary").Append(CrLf)
                .Append(CrLf);
            AppendRequest(body, endpoint, tableName, action);
        }

        body.Append("--").Append(changeset).Append("--").Append(CrLf)
            .Append("--").Append(batch).Append("--").Append(CrLf);
        return new Content($"multipart/mixed; boundary={batch}", Encoding.UTF8.GetBytes(body.ToString()));
    }

    /// <summary>Throws unless the service applied the whole changeset.</summary>
    public static void ThrowIfFailed(Response response, IReadOnlyList<TableTransactionAction> actions)
    {
        // A malformed batch as a whole is refused outright (400 and an ordinary error body).
        if (response.Status != 202)
        {
            throw TableErrorParser.Failure(response);
        }

        if (FirstFailure(response.Content.ToString()) is not { } failure)
        {
            return;
        }

        TableErrorParser.TryRead(BinaryData.FromString(failure.Body), out var error);
        var index = ActionIndex(error?.Message);
        var action = index is { } i && i < actions.Count ? $"action {i} ({actions[i].ActionType} of row '{actions[i].Entity.RowKey}')" : "an action";
        throw new TableTransactionFailedException(
            failure.Status,
            $"The transaction was rolled back: {action} failed with {failure.Status} {error?.Code}: {error?.Message}",
            error?.Code,
            index);
    }

    private static void Validate(IReadOnlyList<TableTransactionAction> actions)
    {
        if (actions.Count is 0 or > MaxActions)
        {
            throw new ArgumentException($"A transaction holds 1-{MaxActions} actions, not {actions.Count}.", nameof(actions));
        }

        var partitionKey = actions[0].Entity.PartitionKey;
        for (var i = 0; i < actions.Count; i++)
        {
            var action = actions[i];
            ArgumentNullException.ThrowIfNull(action, nameof(actions));
            ArgumentNullException.ThrowIfNull(action.Entity, nameof(actions));
            if (action.Entity.PartitionKey != partitionKey)
            {
                throw new ArgumentException($"Action {i} is in another partition: a transaction spans one partition only.", nameof(actions));
            }

            // The same rule as the single-entity calls: conditional writes state their ETag.
            if (action.ActionType is TableTransactionActionType.UpdateMerge or TableTransactionActionType.UpdateReplace or TableTransactionActionType.Delete
                && action.ETag == default)
            {
                throw new ArgumentException($"Action {i} ({action.ActionType}) needs an ETag; use ETag.All for unconditional.", nameof(actions));
            }
        }
    }

    private static void AppendRequest(StringBuilder body, string endpoint, string tableName, TableTransactionAction action)
    {
        var entity = action.Entity;
        var entityUrl = endpoint + TableProtocol.EntityPath(tableName, entity.PartitionKey, entity.RowKey);
        (string method, string url, string? ifMatch, bool hasBody) = action.ActionType switch
        {
            TableTransactionActionType.Add => ("POST", $"{endpoint}/{tableName}", null, true),
            TableTransactionActionType.UpdateMerge => ("MERGE", entityUrl, action.ETag.ToString("H"), true),
            TableTransactionActionType.UpdateReplace => ("PUT", entityUrl, action.ETag.ToString("H"), true),
            TableTransactionActionType.UpsertMerge => ("MERGE", entityUrl, null, true),
            TableTransactionActionType.UpsertReplace => ("PUT", entityUrl, null, true),
            TableTransactionActionType.Delete => ("DELETE", entityUrl, action.ETag.ToString("H"), false),
            _ => throw new ArgumentOutOfRangeException(nameof(action), action.ActionType, "Unknown transaction action."),
        };

        body.Append(method).Append(' ').Append(url).Append(" HTTP/1.1").Append(CrLf)
            .Append("Accept: ").Append(TableProtocol.MinimalMetadata).Append(CrLf)
            .Append("DataServiceVersion: ").Append(TableProtocol.DataServiceVersion).Append(CrLf)
            .Append("MaxDataServiceVersion: 3.0;NetFx").Append(CrLf);
        if (ifMatch is not null)
        {
            body.Append("If-Match: ").Append(ifMatch).Append(CrLf);
        }

        if (hasBody)
        {
            // One line of JSON: the default encoder escapes everything outside ASCII, so no byte can look like a boundary.
            body.Append("Content-Type: ").Append(TableProtocol.Json).Append(CrLf);
            if (action.ActionType == TableTransactionActionType.Add)
            {
                body.Append("Prefer: return-no-content").Append(CrLf);
            }

            body.Append(CrLf).Append(Encoding.UTF8.GetString(TableEntityJson.Serialize(entity).Span)).Append(CrLf);
        }
        else
        {
            body.Append(CrLf);
        }
    }

    private sealed record SubResponse(int Status, string Body);

    // Reads the sub-responses' status lines rather than walking MIME boundaries: the service and Azurite differ in
    // blank lines and boundary names, but both write each sub-response as "HTTP/1.1 <status>", headers, blank line, body.
    private static SubResponse? FirstFailure(string multipart)
    {
        var lines = multipart.ReplaceLineEndings("\n").Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var match = StatusLine().Match(lines[i]);
            if (!match.Success)
            {
                continue;
            }

            var status = int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
            if (status < 400)
            {
                continue;
            }

            var line = i + 1;
            while (line < lines.Length && lines[line].Length > 0)
            {
                line++;
            }

            var body = new StringBuilder();
            for (line++; line < lines.Length && !lines[line].StartsWith("--", StringComparison.Ordinal); line++)
            {
                body.Append(lines[line]).Append('\n');
            }

            return new SubResponse(status, body.ToString().Trim());
        }

        return null;
    }

    // The service prefixes the error message with the zero-based index of the failing action: "1:The specified entity already exists."
    private static int? ActionIndex(string? message)
    {
        var match = message is null ? Match.Empty : IndexPrefix().Match(message);
        return match.Success ? int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) : null;
    }

    [GeneratedRegex(@"^HTTP/1\.1 (\d{3})")]
    private static partial Regex StatusLine();

    [GeneratedRegex(@"^(\d+):")]
    private static partial Regex IndexPrefix();
}
