using System.Globalization;
using GeminiBalance.Storage;

namespace GeminiBalance.Hosting;

/// <summary>
/// The one place that reads settings. Names follow gemini-balance so its users can migrate;
/// every problem is a <see cref="SettingException"/> naming the setting, never its value.
/// </summary>
internal static class ProxyOptionsReader
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
            MaxRetries = ReadInt(configuration, SettingNames.MaxRetries, 3, min: 0),
            Timeout = TimeSpan.FromSeconds(ReadInt(configuration, SettingNames.TimeOut, 300, min: 1)),
            TestModel = NullIfBlank(configuration[SettingNames.TestModel]) ?? "gemini-2.5-flash-lite",
            CheckIntervalHours = ReadDouble(configuration, SettingNames.CheckIntervalHours, 1, min: 0),
            MaxRequestBodyBytes = ReadInt(configuration, SettingNames.MaxRequestBodyMb, 32, min: 1) * 1024L * 1024L,
            KeyStateRefresh = TimeSpan.FromSeconds(ReadInt(configuration, SettingNames.KeyStateRefreshSeconds, 5, min: 1)),
            TablePrefix = ReadTablePrefix(configuration[SettingNames.StorageTablePrefix]),
            Storage = ReadStorage(configuration),
            SearchModels = ListSetting.Parse(SettingNames.SearchModels, configuration[SettingNames.SearchModels] ?? "gemini-2.5-flash,gemini-2.5-pro"),
            ImageModels = ListSetting.Parse(SettingNames.ImageModels, configuration[SettingNames.ImageModels] ?? "gemini-2.0-flash-exp,gemini-2.5-flash-image-preview"),
            ThinkingBudgets = ThinkingBudgetMapSetting.Parse(configuration[SettingNames.ThinkingBudgetMap]),
            SafetySettings = SafetySettingsSetting.Parse(configuration[SettingNames.SafetySettings]),
            ShowThinkingProcess = ReadBool(configuration, SettingNames.ShowThinkingProcess, true),
            ShowSearchLink = ReadBool(configuration, SettingNames.ShowSearchLink, true),
            ImageUrlMaxBytes = ReadInt(configuration, SettingNames.ImageUrlMaxMb, 20, min: 1) * 1024L * 1024L,
            ImageUrlTimeout = TimeSpan.FromSeconds(ReadInt(configuration, SettingNames.ImageUrlTimeoutSeconds, 30, min: 1)),
            ResponsesRetention = TimeSpan.FromDays(ReadInt(configuration, SettingNames.ResponsesRetentionDays, 30, min: 1)),
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

    // Table names are 3-63 letters and digits starting with a letter; the longest suffix we add is 9 characters.
    private static string ReadTablePrefix(string? value)
    {
        var prefix = NullIfBlank(value) ?? "geminibalance";
        return prefix.Length <= 50 && char.IsAsciiLetter(prefix[0]) && prefix.All(char.IsAsciiLetterOrDigit)
            ? prefix
            : throw new SettingException(SettingNames.StorageTablePrefix, "must be up to 50 letters and digits, starting with a letter");
    }

    private static StorageOptions ReadStorage(IConfiguration configuration)
    {
        var section = configuration.GetSection(SettingNames.AzureWebJobsStorage);
        var accountName = NullIfBlank(configuration[SettingNames.AzureWebJobsStorageAccountName]);
        var connectionString = NullIfBlank(section.Value);
        if (connectionString is not null)
        {
            // Parsing here fails start-up on a malformed string instead of on the first request.
            StorageConnectionString.Parse(connectionString);
            return new StorageOptions(connectionString, null);
        }

        return accountName is not null
            ? new StorageOptions(null, accountName)
            : throw new SettingException(
                SettingNames.AzureWebJobsStorage,
                "is missing: set a connection string (UseDevelopmentStorage=true for Azurite) or AzureWebJobsStorage__accountName for managed identity");
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

    private static bool ReadBool(IConfiguration configuration, string name, bool defaultValue) =>
        NullIfBlank(configuration[name]) is not { } value ? defaultValue
        : bool.TryParse(value, out var parsed) ? parsed
        : throw new SettingException(name, "must be true or false");

    private static string? NullIfBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
