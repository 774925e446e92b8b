namespace GeminiBalance.Hosting;

/// <summary>
/// Where shared state lives: a connection string (Shared Key, Azurite included) or, on Azure,
/// an account name reached with managed identity (<c>AzureWebJobsStorage__accountName</c>).
/// </summary>
internal sealed record StorageOptions(string? ConnectionString, string? AccountName)
{
    public bool UsesManagedIdentity => ConnectionString is null;
}
