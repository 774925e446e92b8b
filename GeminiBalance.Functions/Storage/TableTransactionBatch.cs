using System.Buffers;
using System.Globalization;
using System.Text.Json;
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

    private const string StatusLinePrefix = "HTTP/1.1 ";

    public sealed record Content(string ContentType, ReadOnlyMemory<byte> Body);

    /// <param name="endpoint">The account's Table endpoint without a trailing slash; sub-requests carry absolute URLs.</param>
    public static Content Create(string endpoint, string tableName, IReadOnlyList<TableTransactionAction> actions)
    {
        Validate(actions);

        // batch_/changeset_ + GUID is the form the service documents; Azurite's parser accepts nothing looser.
        var batch = $"batch_{Guid.NewGuid():D}";
        var changeset = $"changeset_{Guid.NewGuid():D}";

        // Written as UTF-8 straight into one buffer (log rows go out 100 at a time, so a string of the whole body and
        // its copy cost several KB per row); the entities' JSON goes into the same buffer.
        var body = new ArrayBufferWriter<byte>(actions.Count * 1024);
        using var json = new Utf8JsonWriter(body);
        Append(body, $"--{batch}{CrLf}Content-Type: multipart/mixed; boundary={changeset}{CrLf}{CrLf}");
        foreach (var action in actions)
        {
            Append(body, $"--{changeset}{CrLf}Content-Type: application/http{CrLf}Content-Transfer-Encoding: binary{CrLf}{CrLf}");
            AppendRequest(body, json, endpoint, tableName, action);
        }

        Append(body, $"--{changeset}--{CrLf}--{batch}--{CrLf}");
        return new Content($"multipart/mixed; boundary={batch}", body.WrittenMemory);
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

    private static void AppendRequest(ArrayBufferWriter<byte> body, Utf8JsonWriter json, string endpoint, string tableName, TableTransactionAction action)
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

        Append(body, $"{method} {url} HTTP/1.1{CrLf}Accept: {TableProtocol.MinimalMetadata}{CrLf}DataServiceVersion: {TableProtocol.DataServiceVersion}{CrLf}MaxDataServiceVersion: 3.0;NetFx{CrLf}");
        if (ifMatch is not null)
        {
            Append(body, $"If-Match: {ifMatch}{CrLf}");
        }

        if (hasBody)
        {
            // One line of JSON: the default encoder escapes everything outside ASCII, so no byte can look like a boundary.
            Append(body, $"Content-Type: {TableProtocol.Json}{CrLf}");
            if (action.ActionType == TableTransactionActionType.Add)
            {
                Append(body, $"Prefer: return-no-content{CrLf}");
            }

            Append(body, CrLf);
            json.Reset(body);
            TableEntityJson.Write(json, entity);
            json.Flush();
            Append(body, CrLf);
        }
        else
        {
            Append(body, CrLf);
        }
    }

    private static void Append(ArrayBufferWriter<byte> body, string text) => Encoding.UTF8.GetBytes(text, body);

    private sealed record SubResponse(int Status, string Body);

    // Reads the sub-responses' status lines rather than walking MIME boundaries: the service and Azurite differ in
    // blank lines and boundary names, but both write each sub-response as "HTTP/1.1 <status>", headers, blank line, body.
    private static SubResponse? FirstFailure(string multipart)
    {
        // Walked as spans: a successful batch answers 100 sub-responses, and nothing of them needs to become a string.
        var lines = multipart.AsSpan().EnumerateLines();
        while (lines.MoveNext())
        {
            var line = lines.Current;
            if (!line.StartsWith(StatusLinePrefix, StringComparison.Ordinal) || line.Length < StatusLinePrefix.Length + 3
                || !int.TryParse(line.Slice(StatusLinePrefix.Length, 3), NumberStyles.None, CultureInfo.InvariantCulture, out var status)
                || status < 400)
            {
                continue;
            }

            // Past the sub-response's headers, to the blank line before its body.
            while (lines.MoveNext() && lines.Current.Length > 0)
            {
            }

            var body = new StringBuilder();
            while (lines.MoveNext() && !lines.Current.StartsWith("--", StringComparison.Ordinal))
            {
                body.Append(lines.Current).Append('\n');
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

    [GeneratedRegex(@"^(\d+):")]
    private static partial Regex IndexPrefix();
}
