namespace GeminiBalance.Hosting;

/// <summary>
/// Where shared state lives: a connection string (Shared Key, Azurite included) or, on Azure, the account's Table and
/// Blob endpoints reached with managed identity (from <c>AzureWebJobsStorage__accountName</c>, or
/// <c>__tableServiceUri</c> and <c>__blobServiceUri</c>).
/// </summary>
internal sealed record StorageOptions(string? ConnectionString, Uri? TableServiceUri, Uri? BlobServiceUri)
{
    public bool UsesManagedIdentity => ConnectionString is null;
}
