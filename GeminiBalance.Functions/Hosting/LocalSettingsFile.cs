using System.Text.Json;

namespace GeminiBalance.Hosting;

/// <summary>
/// Reads the <c>Values</c> of a Functions <c>local.settings.json</c>, so a standalone run uses the same file
/// <c>func start</c> would. Environment variables still win, as they do under the Functions host.
/// </summary>
internal static class LocalSettingsFile
{
    public const string FileName = "local.settings.json";

    public static IEnumerable<KeyValuePair<string, string?>> Read(string directory)
    {
        var path = Path.Combine(directory, FileName);
        if (!File.Exists(path))
        {
            return [];
        }

        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(path), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            if (!document.RootElement.TryGetProperty("Values", out var values) || values.ValueKind != JsonValueKind.Object)
            {
                return [];
            }

            // "__" is how app settings spell nested keys (AzureWebJobsStorage__accountName).
            return values.EnumerateObject()
                .Select(value => KeyValuePair.Create(value.Name.Replace("__", ":", StringComparison.Ordinal), (string?)value.Value.ToString()))
                .ToArray();
        }
        catch (JsonException)
        {
            throw new SettingException(FileName, "is not valid JSON");
        }
    }
}
