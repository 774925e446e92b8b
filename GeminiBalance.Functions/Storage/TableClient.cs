using System.Globalization;
using System.Text;
using System.Text.Json;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;

namespace GeminiBalance.Storage;

/// <summary>
/// The Table REST API for one table over an Azure.Core pipeline:
/// https://learn.microsoft.com/rest/api/storageservices/table-service-rest-api
/// Status codes that are answers (404 on read and delete, 409 on create-table) are handled here; every other
/// failure is a <see cref="RequestFailedException"/> with the service's status and error code.
/// </summary>
internal sealed class TableClient : ITableClient
{
    private static readonly RequestMethod Merge = new("MERGE");

    private readonly HttpPipeline _pipeline;
    private readonly string _endpoint;

    /// <param name="endpoint">The account's Table endpoint without a trailing slash.</param>
    public TableClient(HttpPipeline pipeline, string endpoint, string name)
    {
        _pipeline = pipeline;
        _endpoint = endpoint;
        Name = name;
    }

    public string Name { get; }

    public async Task CreateIfNotExistsAsync(CancellationToken cancellationToken)
    {
        using var message = CreateMessage(RequestMethod.Post, "/Tables", TableProtocol.NoMetadata);
        message.Request.Headers.SetValue("Prefer", "return-no-content");

        // Safe to interpolate: the name was checked to be letters and digits only.
        SetContent(message.Request, Encoding.UTF8.GetBytes($"{{\"TableName\":\"{Name}\"}}"));
        var response = await SendAsync(message, cancellationToken);

        // TableBeingDeleted is also a 409, but the table will not exist: that one is a real failure.
        if (response.Status is 201 or 204
            || (response.Status == 409 && TableErrorParser.ErrorCode(response) != "TableBeingDeleted"))
        {
            return;
        }

        throw TableErrorParser.Failure(response);
    }

    public async Task<TableEntity?> GetEntityIfExistsAsync(string partitionKey, string rowKey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(partitionKey);
        ArgumentNullException.ThrowIfNull(rowKey);
        using var message = CreateMessage(RequestMethod.Get, TableProtocol.EntityPath(Name, partitionKey, rowKey), TableProtocol.MinimalMetadata);
        var response = await SendAsync(message, cancellationToken);
        switch (response.Status)
        {
            case 200:
                using (var document = JsonDocument.Parse(response.Content.ToMemory()))
                {
                    var entity = TableEntityJson.Read(document.RootElement);
                    if (entity.ETag == default && response.Headers.ETag is { } etag)
                    {
                        entity.ETag = etag;
                    }

                    return entity;
                }

            case 404:
                return null;
            default:
                throw TableErrorParser.Failure(response);
        }
    }

    public AsyncPageable<TableEntity> QueryAsync(
        string? filter = null, int? maxPerPage = null, IEnumerable<string>? select = null, CancellationToken cancellationToken = default)
    {
        if (maxPerPage is <= 0 or > 1000)
        {
            throw new ArgumentOutOfRangeException(nameof(maxPerPage), maxPerPage, "The service returns 1-1000 entities per page.");
        }

        var selection = select is null ? null : string.Join(',', select);
        return new TableEntityPageable(this, filter, maxPerPage, string.IsNullOrEmpty(selection) ? null : selection, cancellationToken);
    }

    public async Task<ETag> AddEntityAsync(TableEntity entity, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entity);
        using var message = CreateMessage(RequestMethod.Post, "/" + Name, TableProtocol.NoMetadata);
        message.Request.Headers.SetValue("Prefer", "return-no-content");
        SetContent(message.Request, TableEntityJson.Serialize(entity));
        var response = await SendAsync(message, cancellationToken);
        return response.Status is 201 or 204 ? ETagOf(response) : throw TableErrorParser.Failure(response);
    }

    public Task<ETag> UpdateEntityAsync(TableEntity entity, ETag ifMatch, TableUpdateMode mode, CancellationToken cancellationToken)
    {
        // No default: every conditional write states its intent, so a forgotten ETag cannot silently overwrite.
        if (ifMatch == default)
        {
            throw new ArgumentException("State the concurrency intent: the entity's ETag, or ETag.All for an unconditional update.", nameof(ifMatch));
        }

        return WriteAsync(entity, ifMatch, mode, cancellationToken);
    }

    public Task<ETag> UpsertEntityAsync(TableEntity entity, TableUpdateMode mode, CancellationToken cancellationToken) =>
        WriteAsync(entity, null, mode, cancellationToken);

    public async Task DeleteEntityAsync(string partitionKey, string rowKey, ETag ifMatch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(partitionKey);
        ArgumentNullException.ThrowIfNull(rowKey);
        if (ifMatch == default)
        {
            throw new ArgumentException("State the concurrency intent: the entity's ETag, or ETag.All for an unconditional delete.", nameof(ifMatch));
        }

        using var message = CreateMessage(RequestMethod.Delete, TableProtocol.EntityPath(Name, partitionKey, rowKey), TableProtocol.NoMetadata);
        message.Request.Headers.SetValue("If-Match", ifMatch.ToString("H"));
        var response = await SendAsync(message, cancellationToken);

        // Already gone is the outcome the caller wanted; a stale ETag (412) is not.
        if (response.Status is not (204 or 404))
        {
            throw TableErrorParser.Failure(response);
        }
    }

    public async Task SubmitTransactionAsync(IEnumerable<TableTransactionAction> actions, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actions);
        var list = actions.ToList();
        var batch = TableTransactionBatch.Create(_endpoint, Name, list);
        using var message = CreateMessage(RequestMethod.Post, "/$batch", TableProtocol.MinimalMetadata);
        message.Request.Headers.SetValue("MaxDataServiceVersion", "3.0;NetFx");
        SetContent(message.Request, batch.Body, batch.ContentType);
        var response = await SendAsync(message, cancellationToken);
        TableTransactionBatch.ThrowIfFailed(response, list);
    }

    /// <summary>One page of a query; <see cref="TableEntityPageable"/> drives the continuation.</summary>
    internal async Task<Page<TableEntity>> QueryPageAsync(
        string? filter, int? top, string? select, string? continuationToken, CancellationToken cancellationToken)
    {
        var message = CreateMessage(RequestMethod.Get, $"/{Name}()", TableProtocol.MinimalMetadata);
        var uri = message.Request.Uri;
        AppendQuery(uri, "$filter", filter);
        AppendQuery(uri, "$top", top?.ToString(CultureInfo.InvariantCulture));
        AppendQuery(uri, "$select", select);
        var (nextPartitionKey, nextRowKey) = TableEntityPageable.SplitToken(continuationToken);
        AppendQuery(uri, "NextPartitionKey", nextPartitionKey);
        AppendQuery(uri, "NextRowKey", nextRowKey);

        // Not disposed: the page keeps the buffered response for GetRawResponse(), and nothing else is held open.
        var response = await SendAsync(message, cancellationToken);
        if (response.Status != 200)
        {
            throw TableErrorParser.Failure(response);
        }

        var entities = new List<TableEntity>();
        using (var document = JsonDocument.Parse(response.Content.ToMemory()))
        {
            if (document.RootElement.TryGetProperty("value", out var values))
            {
                foreach (var value in values.EnumerateArray())
                {
                    entities.Add(TableEntityJson.Read(value));
                }
            }
        }

        response.Headers.TryGetValue("x-ms-continuation-NextPartitionKey", out var partitionKey);
        response.Headers.TryGetValue("x-ms-continuation-NextRowKey", out var rowKey);
        return Page<TableEntity>.FromValues(entities, TableEntityPageable.JoinToken(partitionKey, rowKey), response);
    }

    private async Task<ETag> WriteAsync(TableEntity entity, ETag? ifMatch, TableUpdateMode mode, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entity);
        var method = mode == TableUpdateMode.Merge ? Merge : RequestMethod.Put;
        using var message = CreateMessage(method, TableProtocol.EntityPath(Name, entity.PartitionKey, entity.RowKey), TableProtocol.NoMetadata);

        // Without If-Match the service inserts or overwrites (upsert); with it, only an existing entity with that ETag.
        if (ifMatch is { } etag)
        {
            message.Request.Headers.SetValue("If-Match", etag.ToString("H"));
        }

        SetContent(message.Request, TableEntityJson.Serialize(entity));
        var response = await SendAsync(message, cancellationToken);
        return response.Status == 204 ? ETagOf(response) : throw TableErrorParser.Failure(response);
    }

    private HttpMessage CreateMessage(RequestMethod method, string path, string accept)
    {
        var message = _pipeline.CreateMessage();
        var request = message.Request;
        request.Method = method;
        request.Uri.Reset(new Uri(_endpoint + path));
        request.Headers.SetValue("x-ms-version", TableProtocol.Version);
        request.Headers.SetValue("DataServiceVersion", TableProtocol.DataServiceVersion);
        request.Headers.SetValue("Accept", accept);
        return message;
    }

    private async Task<Response> SendAsync(HttpMessage message, CancellationToken cancellationToken)
    {
        await _pipeline.SendAsync(message, cancellationToken);
        return message.Response;
    }

    private static void AppendQuery(RequestUriBuilder uri, string name, string? value)
    {
        if (value is not null)
        {
            uri.AppendQuery(name, value, escapeValue: true);
        }
    }

    private static void SetContent(Request request, ReadOnlyMemory<byte> body, string contentType = TableProtocol.Json)
    {
        request.Headers.SetValue("Content-Type", contentType);
        request.Content = RequestContent.Create(body);
    }

    private static ETag ETagOf(Response response) =>
        response.Headers.ETag ?? throw new RequestFailedException(response.Status, "The Table service answered a write without an ETag header.");
}
