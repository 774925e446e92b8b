using GeminiBalance.Hosting;
using Microsoft.Extensions.Configuration;

namespace GeminiBalance.Tests.Hosting;

public sealed class ProxyOptionsReaderTests
{
    private static readonly Dictionary<string, string?> Minimal = new()
    {
        ["ALLOWED_TOKENS"] = "client-token",
        ["AzureWebJobsStorage"] = "UseDevelopmentStorage=true",
    };

    [Fact]
    public void Read_MinimalSettings_UsesGeminiBalanceDefaults()
    {
        var options = Read(Minimal);

        Assert.Equal(new Uri("https://generativelanguage.googleapis.com/"), options.BaseUrl);
        Assert.Equal(3, options.MaxFailures);
        // MAX_RETRIES 3 is three attempts in all, as in gemini-balance: two after the first.
        Assert.Equal(2, options.MaxRetries);
        Assert.Equal(TimeSpan.FromSeconds(300), options.Timeout);
        Assert.Equal("gemini-2.5-flash-lite", options.TestModel);
        Assert.Empty(options.ApiKeys);
        Assert.Equal(["client-token"], options.AllowedTokens);
        Assert.False(options.Storage.UsesManagedIdentity);
    }

    [Fact]
    public void Read_UsageLogSettings_DefaultAsGeminiBalance_RequestLogKeptErrorLogSevenDaysUsageThirtyWithoutRequestBodies()
    {
        Assert.Equal(new UsageLogOptions(RecordRequestBody: false, RequestLogDays: 0, ErrorLogDays: 7, UsageDays: 30), Read(Minimal).UsageLogs);
        Assert.Equal(30, Read(With("AUTO_DELETE_REQUEST_LOGS_ENABLED", "true")).UsageLogs.RequestLogDays);
        Assert.Equal(0, Read(With("AUTO_DELETE_ERROR_LOGS_ENABLED", "false")).UsageLogs.ErrorLogDays);
        var set = new Dictionary<string, string?>(Minimal)
        {
            ["ERROR_LOG_RECORD_REQUEST_BODY"] = "TRUE",
            ["AUTO_DELETE_REQUEST_LOGS_ENABLED"] = "true",
            ["AUTO_DELETE_REQUEST_LOGS_DAYS"] = "0",
            ["AUTO_DELETE_ERROR_LOGS_DAYS"] = "14",
            ["USAGE_RETENTION_DAYS"] = "90",
        };
        Assert.Equal(new UsageLogOptions(RecordRequestBody: true, RequestLogDays: 0, ErrorLogDays: 14, UsageDays: 90), Read(set).UsageLogs);
    }

    [Theory]
    [InlineData("ERROR_LOG_RECORD_REQUEST_BODY", "yes")]
    [InlineData("AUTO_DELETE_REQUEST_LOGS_DAYS", "-1")]
    [InlineData("AUTO_DELETE_ERROR_LOGS_DAYS", "seven")]
    [InlineData("USAGE_RETENTION_DAYS", "1.5")]
    public void Read_BadUsageLogSetting_NamesTheSetting(string name, string value) =>
        Assert.Equal(name, Assert.Throws<SettingException>(() => Read(With(name, value))).Setting);

    [Fact]
    public void Read_CorsAllowedOrigins_DefaultsToAnyOriginAndTakesAListOrNone()
    {
        Assert.Equal(["*"], Read(Minimal).CorsAllowedOrigins);
        Assert.Equal(["https://app.example.com", "http://localhost:3000"], Read(With("CORS_ALLOWED_ORIGINS", "https://app.example.com/, http://localhost:3000")).CorsAllowedOrigins);
        Assert.Empty(Read(With("CORS_ALLOWED_ORIGINS", "[]")).CorsAllowedOrigins);
    }

    [Theory]
    [InlineData("app.example.com")]
    [InlineData("https://app.example.com/path")]
    [InlineData("ftp://app.example.com")]
    [InlineData("https://app.example.com?x=1")]
    public void Read_CorsOriginThatIsNotAnOrigin_NamesTheSetting(string value) =>
        Assert.Equal("CORS_ALLOWED_ORIGINS", Assert.Throws<SettingException>(() => Read(With("CORS_ALLOWED_ORIGINS", value))).Setting);

    [Theory]
    [InlineData("https://generativelanguage.googleapis.com/v1beta", "https://generativelanguage.googleapis.com/")]
    [InlineData("https://relay.example/gemini/v1beta/", "https://relay.example/gemini")]
    [InlineData("http://127.0.0.1:9999", "http://127.0.0.1:9999/")]
    public void Read_BaseUrl_DropsTrailingV1Beta(string value, string expected) =>
        Assert.Equal(new Uri(expected), Read(With("BASE_URL", value)).BaseUrl);

    [Theory]
    [InlineData("https://relay.example/gemini/v1beta", "https://relay.example/gemini/v1beta/models/m:generateContent?alt=sse")]
    [InlineData("https://generativelanguage.googleapis.com/", "https://generativelanguage.googleapis.com/v1beta/models/m:generateContent?alt=sse")]
    public void UpstreamUri_KeepsTheBaseUrlsOwnPath(string baseUrl, string expected) =>
        Assert.Equal(new Uri(expected), Read(With("BASE_URL", baseUrl)).UpstreamUri("/v1beta/models/m:generateContent?alt=sse"));

    [Fact]
    public void Read_AccountNameOnly_UsesManagedIdentity()
    {
        var settings = new Dictionary<string, string?>(Minimal) { ["AzureWebJobsStorage"] = null, ["AzureWebJobsStorage:accountName"] = "prodaccount" };
        var storage = Read(settings).Storage;
        Assert.True(storage.UsesManagedIdentity);
        Assert.Equal(new Uri("https://prodaccount.table.core.windows.net"), storage.TableServiceUri);
        Assert.Equal(new Uri("https://prodaccount.blob.core.windows.net"), storage.BlobServiceUri);
    }

    [Fact]
    public void Read_ServiceUris_WinOverTheAccountNameAndStandAlone()
    {
        var settings = new Dictionary<string, string?>(Minimal)
        {
            ["AzureWebJobsStorage"] = null,
            ["AzureWebJobsStorage:accountName"] = "prodaccount",
            ["AzureWebJobsStorage:tableServiceUri"] = "https://tables.privatelink.example/",
        };
        var storage = Read(settings).Storage;
        Assert.Equal(new Uri("https://tables.privatelink.example/"), storage.TableServiceUri);
        Assert.Equal(new Uri("https://prodaccount.blob.core.windows.net"), storage.BlobServiceUri);

        settings["AzureWebJobsStorage:accountName"] = null;
        settings["AzureWebJobsStorage:blobServiceUri"] = "https://blobs.privatelink.example/";
        Assert.Equal(new Uri("https://blobs.privatelink.example/"), Read(settings).Storage.BlobServiceUri);

        settings["AzureWebJobsStorage:blobServiceUri"] = null;
        Assert.Equal("AzureWebJobsStorage:blobServiceUri", Assert.Throws<SettingException>(() => Read(settings)).Setting);
    }

    [Theory]
    [InlineData("AzureWebJobsStorage:tableServiceUri", "http://127.0.0.1:10002/devstoreaccount1")]
    [InlineData("AzureWebJobsStorage:blobServiceUri", "not a url")]
    [InlineData("AzureWebJobsStorage:accountName", "Prod_Account")]
    public void Read_BadIdentityStorageSetting_FailsNamingIt(string name, string value)
    {
        var settings = new Dictionary<string, string?>(Minimal) { ["AzureWebJobsStorage"] = null, ["AzureWebJobsStorage:accountName"] = "prodaccount", [name] = value };
        Assert.Equal(name, Assert.Throws<SettingException>(() => Read(settings)).Setting);
    }

    [Theory]
    [InlineData("ALLOWED_TOKENS", "")]
    [InlineData("ALLOWED_TOKENS", "[\"unterminated")]
    [InlineData("API_KEYS", "[\"AIzaSecret\"")]
    [InlineData("MAX_RETRIES", "-1")]
    [InlineData("MAX_RETRIES", "0")]
    [InlineData("MAX_FAILURES", "0")]
    [InlineData("TIME_OUT", "soon")]
    [InlineData("CHECK_INTERVAL_HOURS", "-2")]
    [InlineData("BASE_URL", "not a url")]
    [InlineData("AzureWebJobsStorage", "AccountName=x")]
    [InlineData("AzureWebJobsStorage", "")]
    [InlineData("IMAGE_CONTAINER", "Images")]
    [InlineData("IMAGE_CONTAINER", "my--images")]
    [InlineData("IMAGE_CONTAINER", "ab")]
    [InlineData("RESPONSES_CONTAINER", "Responses")]
    [InlineData("RESPONSES_CONTAINER", "-responses")]
    [InlineData("CREATE_IMAGE_MODEL", "../imagen")]
    [InlineData("TTS_MODEL", "models/x?alt=1")]
    [InlineData("IMAGE_URL_EXPIRY_MINUTES", "0")]
    [InlineData("SEARCH_MODELS", "[1]")]
    public void Read_BadValue_FailsNamingTheSetting(string name, string value)
    {
        var exception = Assert.Throws<SettingException>(() => Read(With(name, value)));
        Assert.Equal(name, exception.Setting);
    }

    [Fact]
    public void Read_BadStorageConnectionString_DoesNotEchoTheAccountKey()
    {
        var exception = Assert.Throws<SettingException>(() => Read(With("AzureWebJobsStorage", "AccountKey=c2VjcmV0U2VjcmV0;TableEndpoint=http://x")));
        Assert.DoesNotContain("c2VjcmV0U2VjcmV0", exception.Message);
    }

    [Fact]
    public void Read_OpenAiSurfaceSettings_HaveGeminiBalancesDefaultsAndAnEmptyListWhenSetToOne()
    {
        var defaults = Read(Minimal);
        Assert.Equal(["gemini-2.5-flash", "gemini-2.5-pro"], defaults.SearchModels);
        Assert.Contains("gemini-pro-vision", defaults.FilteredModels);
        Assert.Equal("imagen-4.0-generate-001", defaults.CreateImageModel);
        Assert.Equal(TimeSpan.FromHours(1), defaults.ImageUrlExpiry);

        var configured = Read(new Dictionary<string, string?>(Minimal) { ["SEARCH_MODELS"] = "[]", ["IMAGE_MODELS"] = "a, b", ["IMAGE_CONTAINER"] = "pics-01" });
        Assert.Empty(configured.SearchModels);
        Assert.Equal(["a", "b"], configured.ImageModels);
        Assert.Equal("pics-01", configured.ImageContainer);
    }

    [Fact]
    public void Read_ResponsesContainer_DefaultsAndCanBeSet()
    {
        Assert.Equal("geminibalance-responses", Read(Minimal).ResponsesContainer);
        Assert.Equal("chats-2", Read(With("RESPONSES_CONTAINER", "chats-2")).ResponsesContainer);
    }

    [Fact]
    public void Read_PublicBaseUrl_IsOptionalAndMustBeAPlainHttpUrl()
    {
        Assert.Null(Read(Minimal).PublicBaseUrl);
        Assert.Equal("https://gemini.example.com/api", Read(With("PUBLIC_BASE_URL", "https://gemini.example.com/api/")).PublicBaseUrl!.AbsoluteUri);
        foreach (var bad in new[] { "gemini.example.com", "ftp://gemini.example.com", "https://gemini.example.com/?x=1" })
        {
            Assert.Equal("PUBLIC_BASE_URL", Assert.Throws<SettingException>(() => Read(With("PUBLIC_BASE_URL", bad))).Setting);
        }
    }

    private static Dictionary<string, string?> With(string name, string value) => new(Minimal) { [name] = value };

    private static ProxyOptions Read(Dictionary<string, string?> settings) =>
        ProxyOptionsReader.Read(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
}
