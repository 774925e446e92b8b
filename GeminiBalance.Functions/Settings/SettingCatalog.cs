using System.Text.Json.Nodes;
using GeminiBalance.Admin;
using GeminiBalance.Hosting;

namespace GeminiBalance.Settings;

/// <summary>
/// Every setting in <see cref="SettingNames.All"/>, each live (changeable from the console) or read-only with the
/// reason; the deployment tests check that none is left out. Sections follow gemini-balance's config editor.
/// </summary>
internal static class SettingCatalog
{
    private const string Proxies = "One connection pool per proxy is made when the app starts.";
    private const string Storage = "Console overrides are kept in this storage account's tables, so it is read before them.";

    public static IReadOnlyList<SettingInfo> All { get; } =
    [
        Live(SettingNames.ApiKeys, "api", o => Masked(o.ApiKeys), secret: true),
        Live(SettingNames.AllowedTokens, "api", o => Masked(o.AllowedTokens), secret: true),
        ReadOnly(SettingNames.AuthToken, "api", "It unlocks this console and signs its sessions; a session must not be able to replace it. Change it in the app settings.", o => o.AuthToken is { } token ? KeyMask.Mask(token) : null, secret: true),
        Live(SettingNames.BaseUrl, "api", o => o.BaseUrl.AbsoluteUri),
        Live(SettingNames.PublicBaseUrl, "api", o => o.PublicBaseUrl?.AbsoluteUri),
        Live(SettingNames.MaxFailures, "api", o => o.MaxFailures),
        Live(SettingNames.MaxRetries, "api", o => o.MaxRetries + 1), // attempts in all, as gemini-balance counts; the options hold the retries
        Live(SettingNames.TimeOut, "api", o => (int)o.Timeout.TotalSeconds),
        Live(SettingNames.StreamKeepAliveSeconds, "api", o => (int)o.StreamKeepAlive.TotalSeconds),
        Live(SettingNames.FakeStreamEnabled, "api", o => o.FakeStreamEnabled),
        Live(SettingNames.FakeStreamEmptyDataIntervalSeconds, "api", o => (int)o.FakeStreamInterval.TotalSeconds),
        ReadOnly(SettingNames.MaxRequestBodyMb, "api", "The web server's request size limit is fixed when it starts.", o => o.MaxRequestBodyBytes / (1024 * 1024)),
        Live(SettingNames.TestModel, "models", o => o.TestModel),
        Live(SettingNames.SearchModels, "models", o => List(o.SearchModels)),
        Live(SettingNames.ImageModels, "models", o => List(o.ImageModels)),
        Live(SettingNames.FilteredModels, "models", o => List(o.FilteredModels)),
        Live(SettingNames.ThinkingModels, "thinking", o => List(o.ThinkingModels)),
        Live(SettingNames.ThinkingBudgetMap, "thinking", o => new JsonObject(o.ThinkingBudgets.Select(pair => KeyValuePair.Create(pair.Key, (JsonNode?)pair.Value)))),
        Live(SettingNames.SafetySettings, "thinking", o => new JsonArray([.. o.SafetySettings.Select(s => (JsonNode)new JsonObject { ["category"] = s.Category, ["threshold"] = s.Threshold })])),
        Live(SettingNames.ShowThinkingProcess, "thinking", o => o.ShowThinkingProcess),
        Live(SettingNames.ShowSearchLink, "thinking", o => o.ShowSearchLink),
        Live(SettingNames.CreateImageModel, "media", o => o.CreateImageModel),
        Live(SettingNames.TtsModel, "media", o => o.TtsModel),
        Live(SettingNames.ImageUrlMaxMb, "media", o => o.ImageUrlMaxBytes / (1024 * 1024)),
        Live(SettingNames.ImageUrlTimeoutSeconds, "media", o => (int)o.ImageUrlTimeout.TotalSeconds),
        Live(SettingNames.ImageUrlExpiryMinutes, "media", o => (int)o.ImageUrlExpiry.TotalMinutes),
        ReadOnly(SettingNames.ImageContainer, "media", "The blob container is opened once at start-up, and links already handed out point into it.", o => o.ImageContainer),
        Live(SettingNames.CheckIntervalHours, "scheduler", o => o.CheckIntervalHours),
        ReadOnly(SettingNames.KeyStateRefreshSeconds, "scheduler", "It paces the very sync that brings console changes to every instance.", o => (int)o.KeyStateRefresh.TotalSeconds),
        Live(SettingNames.ErrorLogRecordRequestBody, "logs", o => o.UsageLogs.RecordRequestBody),
        Live(SettingNames.AutoDeleteRequestLogsEnabled, "logs", o => o.UsageLogs.RequestLogDays > 0),
        Live(SettingNames.AutoDeleteRequestLogsDays, "logs", o => o.UsageLogs.RequestLogDays),
        Live(SettingNames.AutoDeleteErrorLogsEnabled, "logs", o => o.UsageLogs.ErrorLogDays > 0),
        Live(SettingNames.AutoDeleteErrorLogsDays, "logs", o => o.UsageLogs.ErrorLogDays),
        Live(SettingNames.UsageRetentionDays, "logs", o => o.UsageLogs.UsageDays),
        Live(SettingNames.ResponsesRetentionDays, "logs", o => (int)o.ResponsesRetention.TotalDays),
        ReadOnly(SettingNames.CorsAllowedOrigins, "api", "The CORS policy is built once at start-up.", o => List(o.CorsAllowedOrigins)),
        Live(SettingNames.AdminSessionExpire, "console", o => (int)o.AdminSessionExpiry.TotalSeconds),
        Live(SettingNames.CustomHeaders, "api", o => new JsonObject(o.CustomHeaders.Select(pair => KeyValuePair.Create(pair.Key, (JsonNode?)pair.Value)))),
        Live(SettingNames.PaidKey, "media", o => o.PaidKey is { } key ? KeyMask.Mask(key.Secret) : null, secret: true),
        ReadOnly(SettingNames.Proxies, "api", Proxies, o => List(o.Proxies.Select(ProxiesSetting.Redacted)), secret: true),
        ReadOnly(SettingNames.ProxiesUseConsistencyHashByApiKey, "api", Proxies, o => o.ProxiesConsistentByKey),
        ReadOnly(SettingNames.ResponsesContainer, "storage", "The blob container is opened once at start-up and holds the responses already stored.", o => o.ResponsesContainer),
        ReadOnly(SettingNames.StorageTablePrefix, "storage", "Console overrides are themselves kept in a table under this prefix.", o => o.TablePrefix),
        ReadOnly(SettingNames.AzureWebJobsStorage, "storage", Storage, o => o.Storage.ConnectionString is null ? null : "…", secret: true),
        ReadOnly(SettingNames.AzureWebJobsStorageAccountName, "storage", Storage, o => o.Storage.TableServiceUri is { } uri && o.Storage.UsesManagedIdentity ? uri.Host.Split('.')[0] : null),
        ReadOnly(SettingNames.AzureWebJobsStorageTableServiceUri, "storage", Storage, o => o.Storage.UsesManagedIdentity ? o.Storage.TableServiceUri?.AbsoluteUri : null),
        ReadOnly(SettingNames.AzureWebJobsStorageBlobServiceUri, "storage", Storage, o => o.Storage.UsesManagedIdentity ? o.Storage.BlobServiceUri?.AbsoluteUri : null),
    ];

    private static readonly Dictionary<string, SettingInfo> ByName = All.ToDictionary(info => info.Name, StringComparer.Ordinal);

    public static SettingInfo? Find(string name) => ByName.GetValueOrDefault(name);

    private static SettingInfo Live(string name, string group, Func<ProxyOptions, JsonNode?> show, bool secret = false) => new(name, group, secret, null, show);

    private static SettingInfo ReadOnly(string name, string group, string because, Func<ProxyOptions, JsonNode?> show, bool secret = false) => new(name, group, secret, because, show);

    private static JsonArray List(IEnumerable<string> items) => new([.. items.Select(item => (JsonNode?)item)]);

    private static JsonArray Masked(IEnumerable<string> secrets) => List(secrets.Select(KeyMask.Mask));

    /// <summary>A value as a setting's text, the way an app setting holds it; null drops an override.</summary>
    public static string? TextOf(JsonNode? value) => value switch
    {
        null => null,
        JsonValue text when text.GetValueKind() == System.Text.Json.JsonValueKind.String => text.GetValue<string>(),
        // Numbers and true/false as written; arrays and objects as the JSON the list and map settings read.
        _ => value.ToJsonString(),
    };
}
