using System.Globalization;
using System.Text.RegularExpressions;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using GeminiBalance.Keys;
using GeminiBalance.Storage;
using GeminiBalance.Upstream;

namespace GeminiBalance.Hosting;

/// <summary>
/// The one place that reads settings. Names follow gemini-balance so its users can migrate;
/// every problem is a <see cref="SettingException"/> naming the setting, never its value.
/// </summary>
internal static partial class ProxyOptionsReader
{
    public const string DefaultBaseUrl = "https://generativelanguage.googleapis.com";

    public static ProxyOptions Read(IConfiguration configuration)
    {
        var allowedTokens = ListSetting.Parse(SettingNames.AllowedTokens, configuration[SettingNames.AllowedTokens]);
        if (allowedTokens.Count == 0)
        {
            throw new SettingException(SettingNames.AllowedTokens, "is empty: set at least one client token (JSON array or comma-separated)");
        }

        return new ProxyOptions
        {
            ApiKeys = ListSetting.Parse(SettingNames.ApiKeys, configuration[SettingNames.ApiKeys]),
            AllowedTokens = allowedTokens,
            AuthToken = NullIfBlank(configuration[SettingNames.AuthToken]),
            BaseUrl = ReadBaseUrl(configuration[SettingNames.BaseUrl]),
            MaxFailures = ReadInt(configuration, SettingNames.MaxFailures, 3, min: 1),
            // gemini-balance's MAX_RETRIES counts every attempt, the first included; the pipeline counts the ones after it.
            MaxRetries = ReadInt(configuration, SettingNames.MaxRetries, 3, min: 1) - 1,
            Timeout = TimeSpan.FromSeconds(ReadInt(configuration, SettingNames.TimeOut, 300, min: 1)),
            // Under the 230 s after which Azure's front end cuts a silent response.
            StreamKeepAlive = TimeSpan.FromSeconds(ReadInt(configuration, SettingNames.StreamKeepAliveSeconds, 15, min: 0, max: 220)),
            FakeStreamEnabled = ReadBool(configuration, SettingNames.FakeStreamEnabled, false),
            FakeStreamInterval = TimeSpan.FromSeconds(ReadInt(configuration, SettingNames.FakeStreamEmptyDataIntervalSeconds, 5, min: 1, max: 220)),
            TestModel = NullIfBlank(configuration[SettingNames.TestModel]) ?? "gemini-2.5-flash-lite",
            CheckIntervalHours = ReadDouble(configuration, SettingNames.CheckIntervalHours, 1, min: 0),
            MaxRequestBodyBytes = ReadInt(configuration, SettingNames.MaxRequestBodyMb, 32, min: 1) * 1024L * 1024L,
            KeyStateRefresh = TimeSpan.FromSeconds(ReadInt(configuration, SettingNames.KeyStateRefreshSeconds, 5, min: 1)),
            TablePrefix = ReadTablePrefix(configuration[SettingNames.StorageTablePrefix]),
            Storage = ReadStorage(configuration),
            SearchModels = ListSetting.Parse(SettingNames.SearchModels, configuration[SettingNames.SearchModels] ?? "gemini-2.5-flash,gemini-2.5-pro"),
            ImageModels = ListSetting.Parse(SettingNames.ImageModels, configuration[SettingNames.ImageModels] ?? "gemini-2.0-flash-exp,gemini-2.5-flash-image-preview"),
            ThinkingModels = ListSetting.Parse(SettingNames.ThinkingModels, configuration[SettingNames.ThinkingModels]),
            ThinkingBudgets = ThinkingBudgetMapSetting.Parse(configuration[SettingNames.ThinkingBudgetMap]),
            SafetySettings = SafetySettingsSetting.Parse(configuration[SettingNames.SafetySettings]),
            ShowThinkingProcess = ReadBool(configuration, SettingNames.ShowThinkingProcess, true),
            ShowSearchLink = ReadBool(configuration, SettingNames.ShowSearchLink, true),
            ImageUrlMaxBytes = ReadInt(configuration, SettingNames.ImageUrlMaxMb, 20, min: 1) * 1024L * 1024L,
            ImageUrlTimeout = TimeSpan.FromSeconds(ReadInt(configuration, SettingNames.ImageUrlTimeoutSeconds, 30, min: 1)),
            UsageLogs = new UsageLogOptions(
                RecordRequestBody: ReadBool(configuration, SettingNames.ErrorLogRecordRequestBody, UsageLogOptions.Defaults.RecordRequestBody),
                RequestLogDays: ReadRetention(configuration, SettingNames.AutoDeleteRequestLogsEnabled, false, SettingNames.AutoDeleteRequestLogsDays, UsageLogOptions.RequestLogDaysWhenEnabled),
                ErrorLogDays: ReadRetention(configuration, SettingNames.AutoDeleteErrorLogsEnabled, true, SettingNames.AutoDeleteErrorLogsDays, UsageLogOptions.Defaults.ErrorLogDays),
                UsageDays: ReadInt(configuration, SettingNames.UsageRetentionDays, UsageLogOptions.Defaults.UsageDays, min: 0)),
            FilteredModels = ReadList(
                configuration,
                SettingNames.FilteredModels,
                ["gemini-1.0-pro-vision-latest", "gemini-pro-vision", "chat-bison-001", "text-bison-001", "embedding-gecko-001"]),
            CreateImageModel = ReadModel(configuration, SettingNames.CreateImageModel, "imagen-4.0-generate-001"),
            TtsModel = ReadModel(configuration, SettingNames.TtsModel, "gemini-2.5-flash-preview-tts"),
            ImageContainer = ReadContainer(configuration, SettingNames.ImageContainer, "geminibalance-images"),
            ImageUrlExpiry = TimeSpan.FromMinutes(ReadInt(configuration, SettingNames.ImageUrlExpiryMinutes, 60, min: 1)),
            ResponsesRetention = TimeSpan.FromDays(ReadInt(configuration, SettingNames.ResponsesRetentionDays, 30, min: 1)),
            ResponsesContainer = ReadContainer(configuration, SettingNames.ResponsesContainer, "geminibalance-responses"),
            PublicBaseUrl = ReadPublicBaseUrl(configuration[SettingNames.PublicBaseUrl]),
            CorsAllowedOrigins = ReadOrigins(configuration),
            AdminSessionExpiry = TimeSpan.FromSeconds(ReadInt(configuration, SettingNames.AdminSessionExpire, 3600, min: 60)),
            CustomHeaders = CustomHeadersSetting.Parse(configuration[SettingNames.CustomHeaders]),
            PaidKey = NullIfBlank(configuration[SettingNames.PaidKey]) is { } paidKey ? PoolKey.From(paidKey) : null,
            Proxies = ProxiesSetting.Parse(configuration[SettingNames.Proxies]),
            ProxiesConsistentByKey = ReadBool(configuration, SettingNames.ProxiesUseConsistencyHashByApiKey, true),
        };
    }

    private static Uri ReadBaseUrl(string? value)
    {
        var text = NullIfBlank(value) ?? DefaultBaseUrl;
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            throw new SettingException(SettingNames.BaseUrl, "must be an absolute http(s) URL");
        }

        // gemini-balance's default carries the API version; we add the client's own version per request.
        var path = uri.AbsolutePath.TrimEnd('/');
        if (path.EndsWith("/v1beta", StringComparison.OrdinalIgnoreCase))
        {
            path = path[..^"/v1beta".Length];
        }

        return new UriBuilder(uri) { Path = path, Query = "" }.Uri;
    }

    private static Uri? ReadPublicBaseUrl(string? value)
    {
        if (NullIfBlank(value) is not { } text)
        {
            return null;
        }

        return Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" && uri.Query.Length == 0 && uri.Fragment.Length == 0
            ? new Uri(uri.AbsoluteUri.TrimEnd('/'))
            : throw new SettingException(SettingNames.PublicBaseUrl, "must be an absolute http(s) URL without query or fragment");
    }

    // "*" or origins as a browser sends them (scheme, host, port; no path), so a typo fails start-up instead of every preflight.
    private static IReadOnlyList<string> ReadOrigins(IConfiguration configuration)
    {
        var origins = ReadList(configuration, SettingNames.CorsAllowedOrigins, ["*"]);
        foreach (var origin in origins)
        {
            if (origin != "*" && !(Uri.TryCreate(origin, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
                                   && origin.TrimEnd('/').Equals(uri.GetLeftPart(UriPartial.Authority), StringComparison.OrdinalIgnoreCase)))
            {
                throw new SettingException(SettingNames.CorsAllowedOrigins, "must be * or a list of origins such as https://app.example.com (scheme, host and port only)");
            }
        }

        return [.. origins.Select(origin => origin.TrimEnd('/'))];
    }

    // Table names are 3-63 letters and digits starting with a letter; the longest suffix we add is 10 characters (requestlog).
    private static string ReadTablePrefix(string? value)
    {
        var prefix = NullIfBlank(value) ?? "geminibalance";
        return prefix.Length <= 50 && char.IsAsciiLetter(prefix[0]) && prefix.All(char.IsAsciiLetterOrDigit)
            ? prefix
            : throw new SettingException(SettingNames.StorageTablePrefix, "must be up to 50 letters and digits, starting with a letter");
    }

    // A list left unset gets gemini-balance's default; set to "[]" it is empty.
    private static IReadOnlyList<string> ReadList(IConfiguration configuration, string name, IReadOnlyList<string> defaultValue) =>
        configuration[name] is { } value && !string.IsNullOrWhiteSpace(value) ? ListSetting.Parse(name, value) : defaultValue;

    // The model becomes part of an upstream path, so it must be a plain model id.
    private static string ReadModel(IConfiguration configuration, string name, string defaultValue)
    {
        var model = NullIfBlank(configuration[name]) ?? defaultValue;
        return ModelId.IsValid(model) ? model : throw new SettingException(name, "must be a model id (letters, digits, '.', '_' and '-')");
    }

    // Blob container names: 3-63 lowercase letters, digits and single hyphens, starting and ending with a letter or digit.
    private static string ReadContainer(IConfiguration configuration, string setting, string defaultValue)
    {
        var name = NullIfBlank(configuration[setting]) ?? defaultValue;
        return ContainerName().IsMatch(name) && !name.Contains("--", StringComparison.Ordinal)
            ? name
            : throw new SettingException(setting, "must be 3-63 lowercase letters, digits and single hyphens, starting and ending with a letter or digit");
    }

    // As the Functions host reads its own storage: a connection string, else the account name and/or the service URIs
    // (a service URI wins over the one the account name implies), reached with managed identity.
    private static StorageOptions ReadStorage(IConfiguration configuration)
    {
        var connectionString = NullIfBlank(configuration.GetSection(SettingNames.AzureWebJobsStorage).Value);
        if (connectionString is not null)
        {
            CheckConnectionString(connectionString);
            return new StorageOptions(connectionString, null, null);
        }

        var accountName = NullIfBlank(configuration[SettingNames.AzureWebJobsStorageAccountName]);
        if (accountName is not null && !AccountName().IsMatch(accountName))
        {
            throw new SettingException(SettingNames.AzureWebJobsStorageAccountName, "must be a storage account name: 3-24 lowercase letters and digits");
        }

        var tables = ReadServiceUri(configuration, SettingNames.AzureWebJobsStorageTableServiceUri, accountName, "table");
        var blobs = ReadServiceUri(configuration, SettingNames.AzureWebJobsStorageBlobServiceUri, accountName, "blob");
        return (tables, blobs) switch
        {
            ({ } table, { } blob) => new StorageOptions(null, table, blob),
            (null, null) => throw new SettingException(
                SettingNames.AzureWebJobsStorage,
                "is missing: set a connection string (UseDevelopmentStorage=true for Azurite), or AzureWebJobsStorage__accountName (or both service URIs) for managed identity"),
            (null, _) => throw new SettingException(SettingNames.AzureWebJobsStorageTableServiceUri, "is missing: the app keeps its state in tables as well as blobs"),
            (_, null) => throw new SettingException(SettingNames.AzureWebJobsStorageBlobServiceUri, "is missing: the app keeps images and large responses in blobs"),
        };
    }

    // Fails start-up on a malformed string instead of on the first storage call. The SDKs' own parsers decide; their
    // messages are not passed on, because they may quote the string, account key and all.
    private static void CheckConnectionString(string connectionString)
    {
        try
        {
            _ = new TableServiceClient(connectionString);
            _ = new BlobServiceClient(connectionString);
        }
        catch (Exception exception) when (exception is FormatException or ArgumentException or InvalidOperationException)
        {
            throw new SettingException(
                SettingNames.AzureWebJobsStorage, "is not a storage connection string: it needs AccountName and AccountKey, or UseDevelopmentStorage=true");
        }
    }

    private static Uri? ReadServiceUri(IConfiguration configuration, string setting, string? accountName, string service)
    {
        if (NullIfBlank(configuration[setting]) is not { } value)
        {
            return accountName is null ? null : new Uri($"https://{accountName}.{service}.core.windows.net");
        }

        // Bearer tokens only travel over HTTPS; the SDK clients refuse to send one over HTTP.
        return Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttps
            ? uri
            : throw new SettingException(setting, "must be an https:// URL");
    }

    private static int ReadInt(IConfiguration configuration, string name, int defaultValue, int min, int max)
    {
        var value = ReadInt(configuration, name, defaultValue, min);
        return value <= max ? value : throw new SettingException(name, $"must be a whole number from {min} to {max}");
    }

    private static int ReadInt(IConfiguration configuration, string name, int defaultValue, int min)
    {
        var value = NullIfBlank(configuration[name]);
        if (value is null)
        {
            return defaultValue;
        }

        return int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed) && parsed >= min
            ? parsed
            : throw new SettingException(name, $"must be a whole number of at least {min}");
    }

    // gemini-balance's pair: a switch and a number of days; off keeps the log forever (0 days). Both are checked either way.
    private static int ReadRetention(IConfiguration configuration, string enabledName, bool enabledByDefault, string daysName, int defaultDays)
    {
        var days = ReadInt(configuration, daysName, defaultDays, min: 0);
        return ReadBool(configuration, enabledName, enabledByDefault) ? days : 0;
    }

    private static bool ReadBool(IConfiguration configuration, string name, bool defaultValue)
    {
        var value = NullIfBlank(configuration[name]);
        if (value is null)
        {
            return defaultValue;
        }

        return bool.TryParse(value, out var parsed) ? parsed : throw new SettingException(name, "must be true or false");
    }

    private static double ReadDouble(IConfiguration configuration, string name, double defaultValue, double min)
    {
        var value = NullIfBlank(configuration[name]);
        if (value is null)
        {
            return defaultValue;
        }

        return double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) && parsed >= min
            ? parsed
            : throw new SettingException(name, $"must be a number of at least {min.ToString(CultureInfo.InvariantCulture)}");
    }

    private static string? NullIfBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$")]
    private static partial Regex ContainerName();

    [GeneratedRegex("^[a-z0-9]{3,24}$")]
    private static partial Regex AccountName();
}
