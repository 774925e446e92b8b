using Azure;
using Azure.Core;
using Azure.Core.Pipeline;

namespace GeminiBalance.Storage;

/// <summary>
/// The Blob REST API for one container over an Azure.Core pipeline, as much as the app needs: put, get and delete a
/// block blob, and create the container (https://learn.microsoft.com/rest/api/storageservices/blob-service-rest-api).
/// Answers that mean "already so" (404 on get and delete, 409 on create) are handled here; every other failure is a
/// <see cref="RequestFailedException"/> with the service's status and error code.
/// </summary>
internal sealed class BlobContainerClient
{
    // A version both Azure and Azurite serve; bearer tokens need 2017-11-09 or later.
    private const string ServiceVersion = "2024-08-04";

    private readonly HttpPipeline _pipeline;
    private readonly string _containerUrl;

    /// <summary>Shared Key: a connection string's account, including Azurite's path-style endpoint.</summary>
    public BlobContainerClient(Uri blobEndpoint, string containerName, TableSharedKeyCredential credential, BlobClientOptions? options = null)
        : this(blobEndpoint, containerName, options ??= new BlobClientOptions(), new BlobSharedKeyPolicy(credential, options.TimeProvider))
    {
    }

    /// <summary>Microsoft Entra ID (managed identity on Azure), which needs a Storage Blob Data role on the account.</summary>
    public BlobContainerClient(Uri blobEndpoint, string containerName, TokenCredential credential, BlobClientOptions? options = null)
        : this(blobEndpoint, containerName, options ?? new BlobClientOptions(), new BearerTokenAuthenticationPolicy(credential, TableServiceClientFactory.StorageScope))
    {
    }

    private BlobContainerClient(Uri blobEndpoint, string containerName, BlobClientOptions options, HttpPipelinePolicy authentication)
    {
        ArgumentNullException.ThrowIfNull(blobEndpoint);
        ArgumentException.ThrowIfNullOrEmpty(containerName);
        _containerUrl = blobEndpoint.AbsoluteUri.TrimEnd('/') + "/" + Uri.EscapeDataString(containerName);
        Name = containerName;
        _pipeline = HttpPipelineBuilder.Build(options, authentication);
    }

    public string Name { get; }

    public async Task CreateIfNotExistsAsync(CancellationToken cancellationToken)
    {
        using var message = CreateMessage(RequestMethod.Put, "?restype=container");
        var response = await SendAsync(message, cancellationToken);
        if (response.Status is not (201 or 409))
        {
            throw new RequestFailedException(response);
        }
    }

    /// <summary>Writes a block blob, replacing any blob of that name; creates the container the first time it is missing.</summary>
    public async Task UploadAsync(string blobName, BinaryData content, string contentType, CancellationToken cancellationToken)
    {
        var response = await PutBlobAsync(blobName, content, contentType, cancellationToken);
        if (response.Status == 404 && ErrorCode(response) == "ContainerNotFound")
        {
            await CreateIfNotExistsAsync(cancellationToken);
            response = await PutBlobAsync(blobName, content, contentType, cancellationToken);
        }

        if (response.Status != 201)
        {
            throw new RequestFailedException(response);
        }
    }

    /// <returns>The blob, or null when it (or its container) does not exist.</returns>
    public async Task<BlobContent?> DownloadAsync(string blobName, CancellationToken cancellationToken)
    {
        using var message = CreateMessage(RequestMethod.Get, BlobPath(blobName));
        var response = await SendAsync(message, cancellationToken);
        return response.Status switch
        {
            200 => new BlobContent(response.Content, response.Headers.ContentType ?? "application/octet-stream"),
            404 => null,
            _ => throw new RequestFailedException(response),
        };
    }

    public async Task DeleteIfExistsAsync(string blobName, CancellationToken cancellationToken)
    {
        using var message = CreateMessage(RequestMethod.Delete, BlobPath(blobName));
        var response = await SendAsync(message, cancellationToken);
        if (response.Status is not (202 or 404))
        {
            throw new RequestFailedException(response);
        }
    }

    private async Task<Response> PutBlobAsync(string blobName, BinaryData content, string contentType, CancellationToken cancellationToken)
    {
        using var message = CreateMessage(RequestMethod.Put, BlobPath(blobName));
        message.Request.Headers.SetValue("x-ms-blob-type", "BlockBlob");
        message.Request.Headers.SetValue("Content-Type", contentType);
        message.Request.Content = RequestContent.Create(content);
        return await SendAsync(message, cancellationToken);
    }

    private HttpMessage CreateMessage(RequestMethod method, string pathAndQuery)
    {
        var message = _pipeline.CreateMessage();
        message.Request.Method = method;
        message.Request.Uri.Reset(new Uri(_containerUrl + pathAndQuery));
        message.Request.Headers.SetValue("x-ms-version", ServiceVersion);
        return message;
    }

    private async Task<Response> SendAsync(HttpMessage message, CancellationToken cancellationToken)
    {
        await _pipeline.SendAsync(message, cancellationToken);
        return message.Response;
    }

    private static string ErrorCode(Response response) => response.Headers.TryGetValue("x-ms-error-code", out var code) ? code ?? "" : "";

    private static string BlobPath(string blobName)
    {
        ArgumentException.ThrowIfNullOrEmpty(blobName);
        return "/" + Uri.EscapeDataString(blobName);
    }
}
