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
        var allowedTokens = ListSetting.Parse("ALLOWED_TOKENS", configuration["ALLOWED_TOKENS"]);
        if (allowedTokens.Count == 0)
        {
            throw new SettingException("ALLOWED_TOKENS", "is empty: set at least one client token (JSON array or comma-separated)");
        }

        return new ProxyOptions
        {
            ApiKeys = ListSetting.Parse("API_KEYS", configuration["API_KEYS"]),
            AllowedTokens = allowedTokens,
            AuthToken = NullIfBlank(configuration["AUTH_TOKEN"]),
            BaseUrl = ReadBaseUrl(configuration["BASE_URL"]),
            MaxFailures = ReadInt(configuration, "MAX_FAILURES", 3, min: 1),
            MaxRetries = ReadInt(configuration, "MAX_RETRIES", 3, min: 0),
            Timeout = TimeSpan.FromSeconds(ReadInt(configuration, "TIME_OUT", 300, min: 1)),
            TestModel = NullIfBlank(configuration["TEST_MODEL"]) ?? "gemini-2.5-flash-lite",
            CheckIntervalHours = ReadDouble(configuration, "CHECK_INTERVAL_HOURS", 1, min: 0),
            MaxRequestBodyBytes = ReadInt(configuration, "MAX_REQUEST_BODY_MB", 32, min: 1) * 1024L * 1024L,
            Storage = ReadStorage(configuration),
        };
    }

    private static Uri ReadBaseUrl(string? value)
    {
        var text = NullIfBlank(value) ?? DefaultBaseUrl;
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            throw new SettingException("BASE_URL", "must be an absolute http(s) URL");
        }

        // gemini-balance's default carries the API version; we add the client's own version per request.
        var path = uri.AbsolutePath.TrimEnd('/');
        if (path.EndsWith("/v1beta", StringComparison.OrdinalIgnoreCase))
        {
            path = path[..^"/v1beta".Length];
        }

        return new UriBuilder(uri) { Path = path, Query = "" }.Uri;
    }

    private static StorageOptions ReadStorage(IConfiguration configuration)
    {
        var section = configuration.GetSection("AzureWebJobsStorage");
        var accountName = NullIfBlank(section["accountName"]);
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
                "AzureWebJobsStorage",
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

    private static string? NullIfBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
