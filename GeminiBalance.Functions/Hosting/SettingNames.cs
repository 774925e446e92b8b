namespace GeminiBalance.Hosting;

/// <summary>
/// The name of every setting the app reads. The deployment tests compare <see cref="All"/> with the Bicep app settings
/// and local.settings.sample.json, so a setting added here without being provisioned fails the build instead of
/// failing start-up on Azure. Names follow gemini-balance so its users can migrate.
/// </summary>
/// <remarks>
/// Hierarchical names use ':' as <see cref="IConfiguration"/> does; app settings and environment variables spell it
/// "__" (<c>AzureWebJobsStorage__accountName</c>).
/// </remarks>
internal static class SettingNames
{
    public const string ApiKeys = "API_KEYS";
    public const string AllowedTokens = "ALLOWED_TOKENS";
    public const string AuthToken = "AUTH_TOKEN";
    public const string BaseUrl = "BASE_URL";
    public const string MaxFailures = "MAX_FAILURES";
    public const string MaxRetries = "MAX_RETRIES";
    public const string TimeOut = "TIME_OUT";
    public const string StreamKeepAliveSeconds = "STREAM_KEEPALIVE_SECONDS";
    public const string FakeStreamEnabled = "FAKE_STREAM_ENABLED";
    public const string FakeStreamEmptyDataIntervalSeconds = "FAKE_STREAM_EMPTY_DATA_INTERVAL_SECONDS";
    public const string TestModel = "TEST_MODEL";
    public const string CheckIntervalHours = "CHECK_INTERVAL_HOURS";
    public const string MaxRequestBodyMb = "MAX_REQUEST_BODY_MB";
    public const string KeyStateRefreshSeconds = "KEY_STATE_REFRESH_SECONDS";
    public const string StorageTablePrefix = "STORAGE_TABLE_PREFIX";
    public const string SearchModels = "SEARCH_MODELS";
    public const string ImageModels = "IMAGE_MODELS";
    public const string ThinkingModels = "THINKING_MODELS";
    public const string ThinkingBudgetMap = "THINKING_BUDGET_MAP";
    public const string SafetySettings = "SAFETY_SETTINGS";
    public const string ShowThinkingProcess = "SHOW_THINKING_PROCESS";
    public const string ShowSearchLink = "SHOW_SEARCH_LINK";
    public const string ImageUrlMaxMb = "IMAGE_URL_MAX_MB";
    public const string ImageUrlTimeoutSeconds = "IMAGE_URL_TIMEOUT_SECONDS";
    public const string ErrorLogRecordRequestBody = "ERROR_LOG_RECORD_REQUEST_BODY";
    public const string AutoDeleteRequestLogsEnabled = "AUTO_DELETE_REQUEST_LOGS_ENABLED";
    public const string AutoDeleteRequestLogsDays = "AUTO_DELETE_REQUEST_LOGS_DAYS";
    public const string AutoDeleteErrorLogsEnabled = "AUTO_DELETE_ERROR_LOGS_ENABLED";
    public const string AutoDeleteErrorLogsDays = "AUTO_DELETE_ERROR_LOGS_DAYS";
    public const string UsageRetentionDays = "USAGE_RETENTION_DAYS";
    public const string FilteredModels = "FILTERED_MODELS";
    public const string CreateImageModel = "CREATE_IMAGE_MODEL";
    public const string TtsModel = "TTS_MODEL";
    public const string ImageContainer = "IMAGE_CONTAINER";
    public const string ImageUrlExpiryMinutes = "IMAGE_URL_EXPIRY_MINUTES";
    public const string ResponsesRetentionDays = "RESPONSES_RETENTION_DAYS";
    public const string ResponsesContainer = "RESPONSES_CONTAINER";
    public const string PublicBaseUrl = "PUBLIC_BASE_URL";
    public const string CorsAllowedOrigins = "CORS_ALLOWED_ORIGINS";
    public const string AdminSessionExpire = "ADMIN_SESSION_EXPIRE";
    public const string CustomHeaders = "CUSTOM_HEADERS";
    public const string PaidKey = "PAID_KEY";
    public const string Proxies = "PROXIES";
    public const string ProxiesUseConsistencyHashByApiKey = "PROXIES_USE_CONSISTENCY_HASH_BY_API_KEY";

    /// <summary>A storage connection string (Shared Key or <c>UseDevelopmentStorage=true</c>).</summary>
    public const string AzureWebJobsStorage = "AzureWebJobsStorage";

    /// <summary>Instead of a connection string: the account, reached with managed identity.</summary>
    public const string AzureWebJobsStorageAccountName = "AzureWebJobsStorage:accountName";

    /// <summary>Instead of the account name: the Table endpoint, reached with managed identity (as the Functions host reads it).</summary>
    public const string AzureWebJobsStorageTableServiceUri = "AzureWebJobsStorage:tableServiceUri";

    /// <summary>Instead of the account name: the Blob endpoint, reached with managed identity (as the Functions host reads it).</summary>
    public const string AzureWebJobsStorageBlobServiceUri = "AzureWebJobsStorage:blobServiceUri";

    public static IReadOnlyList<string> All { get; } =
    [
        ApiKeys,
        AllowedTokens,
        AuthToken,
        BaseUrl,
        MaxFailures,
        MaxRetries,
        TimeOut,
        StreamKeepAliveSeconds,
        FakeStreamEnabled,
        FakeStreamEmptyDataIntervalSeconds,
        TestModel,
        CheckIntervalHours,
        MaxRequestBodyMb,
        KeyStateRefreshSeconds,
        StorageTablePrefix,
        SearchModels,
        ImageModels,
        ThinkingModels,
        ThinkingBudgetMap,
        SafetySettings,
        ShowThinkingProcess,
        ShowSearchLink,
        ImageUrlMaxMb,
        ImageUrlTimeoutSeconds,
        ErrorLogRecordRequestBody,
        AutoDeleteRequestLogsEnabled,
        AutoDeleteRequestLogsDays,
        AutoDeleteErrorLogsEnabled,
        AutoDeleteErrorLogsDays,
        UsageRetentionDays,
        FilteredModels,
        CreateImageModel,
        TtsModel,
        ImageContainer,
        ImageUrlExpiryMinutes,
        ResponsesRetentionDays,
        ResponsesContainer,
        PublicBaseUrl,
        CorsAllowedOrigins,
        AdminSessionExpire,
        CustomHeaders,
        PaidKey,
        Proxies,
        ProxiesUseConsistencyHashByApiKey,
        AzureWebJobsStorage,
        AzureWebJobsStorageAccountName,
        AzureWebJobsStorageTableServiceUri,
        AzureWebJobsStorageBlobServiceUri,
    ];
}
