using System.Text;
using GeminiBalance.Hosting;

namespace GeminiBalance.Storage;

/// <summary>
/// The parts of an Azure Storage connection string the app uses. <c>UseDevelopmentStorage=true</c>
/// expands to Azurite's well-known account on its default ports.
/// </summary>
internal sealed record StorageConnectionString(string AccountName, string AccountKey, Uri TableEndpoint, Uri BlobEndpoint)
{
    private const string Setting = "AzureWebJobsStorage";

    // Azurite's published development account; not a secret.
    private const string DevelopmentAccount = "devstoreaccount1";
    private const string DevelopmentKey =
        "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    public static StorageConnectionString Parse(string connectionString)
    {
        var parts = connectionString.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(part => part.Split('=', 2))
            .Where(pair => pair.Length == 2)
            .ToDictionary(pair => pair[0], pair => pair[1], StringComparer.OrdinalIgnoreCase);

        if (parts.TryGetValue("UseDevelopmentStorage", out var development) && development.Equals("true", StringComparison.OrdinalIgnoreCase))
        {
            return new StorageConnectionString(
                DevelopmentAccount,
                DevelopmentKey,
                new Uri($"http://127.0.0.1:10002/{DevelopmentAccount}"),
                new Uri($"http://127.0.0.1:10000/{DevelopmentAccount}"));
        }

        if (!parts.TryGetValue("AccountName", out var account) || !parts.TryGetValue("AccountKey", out var key))
        {
            throw new SettingException(Setting, "must name AccountName and AccountKey (or be UseDevelopmentStorage=true)");
        }

        var protocol = parts.GetValueOrDefault("DefaultEndpointsProtocol", "https");
        var suffix = parts.GetValueOrDefault("EndpointSuffix", "core.windows.net");
        return new StorageConnectionString(
            account,
            key,
            Endpoint(parts, "TableEndpoint", $"{protocol}://{account}.table.{suffix}"),
            Endpoint(parts, "BlobEndpoint", $"{protocol}://{account}.blob.{suffix}"));
    }

    // The synthesized ToString would print AccountKey; a connection string in a log line or exception must not.
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append($"AccountName = {AccountName}, AccountKey = (redacted), TableEndpoint = {TableEndpoint}, BlobEndpoint = {BlobEndpoint}");
        return true;
    }

    private static Uri Endpoint(Dictionary<string, string> parts, string name, string fallback) =>
        Uri.TryCreate(parts.GetValueOrDefault(name, fallback), UriKind.Absolute, out var uri)
            ? uri
            : throw new SettingException(Setting, $"has an invalid {name}");
}
