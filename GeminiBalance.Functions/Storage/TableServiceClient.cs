using System.Text.RegularExpressions;
using Azure.Core;
using Azure.Core.Pipeline;

namespace GeminiBalance.Storage;

/// <summary>
/// The account's Table endpoint behind one Azure.Core pipeline (retries, logging, authentication), shared by
/// every <see cref="TableClient"/> it hands out.
/// </summary>
internal sealed partial class TableServiceClient : ITableServiceClient
{
    private readonly HttpPipeline _pipeline;
    private readonly string _endpoint;

    /// <summary>Shared Key: a connection string's account, including Azurite's path-style endpoint.</summary>
    public TableServiceClient(Uri endpoint, TableSharedKeyCredential credential, TableClientOptions? options = null)
        : this(endpoint, options ?? new TableClientOptions(), credential, null)
    {
    }

    /// <summary>Microsoft Entra ID (managed identity on Azure), which needs an RBAC data role on the account.</summary>
    public TableServiceClient(Uri endpoint, TokenCredential credential, TableClientOptions? options = null)
        : this(endpoint, options ?? new TableClientOptions(), null, credential)
    {
    }

    private TableServiceClient(Uri endpoint, TableClientOptions options, TableSharedKeyCredential? sharedKey, TokenCredential? token)
    {
        ArgumentNullException.ThrowIfNull(endpoint);

        // Paths are appended as "/Tables" and "/name(...)", so the base must not end in a slash
        // (a bare host's AbsoluteUri does: https://account.table.core.windows.net/).
        _endpoint = endpoint.AbsoluteUri.TrimEnd('/');
        HttpPipelinePolicy authentication = sharedKey is not null
            ? new TableSharedKeyPolicy(sharedKey, options.TimeProvider)
            : new BearerTokenAuthenticationPolicy(token ?? throw new ArgumentNullException(nameof(token)), TableServiceClientFactory.StorageScope);
        _pipeline = HttpPipelineBuilder.Build(options, authentication);
    }

    public Uri Endpoint => new(_endpoint);

    public ITableClient GetTableClient(string tableName)
    {
        ArgumentNullException.ThrowIfNull(tableName);

        // Checked here so a bad name fails at the call that made it, not as a 400 on first use.
        if (!TableName().IsMatch(tableName) || tableName.Equals("tables", StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException($"'{tableName}' is not a table name: 3-63 letters and digits, starting with a letter.", nameof(tableName));
        }

        return new TableClient(_pipeline, _endpoint, tableName);
    }

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9]{2,62}$")]
    private static partial Regex TableName();
}
