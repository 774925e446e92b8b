namespace GeminiBalance.Hosting;

/// <summary>
/// gemini-balance's settings this app does not read, each with what to do instead: a migrating user who brings a
/// <c>.env</c> along hears about every one that would otherwise be ignored without a word. One warning per setting that
/// has a value, naming it and never the value (several are secrets). docs/migrating-from-gemini-balance.md lists them
/// all; a test keeps that page and this list in step.
/// </summary>
internal sealed partial class UnreadGeminiBalanceSettings(IConfiguration configuration, ILogger<UnreadGeminiBalanceSettings> logger) : IHostedService
{
    private const string Storage = "state and logs live in Azure Table Storage (AzureWebJobsStorage)";
    private const string ImageHost = "generated images are stored in Blob Storage and served by signed link (IMAGE_CONTAINER)";
    private const string StreamShape = "streams are relayed as Google sends them";

    public static IReadOnlyDictionary<string, string> Names { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["DATABASE_TYPE"] = Storage,
        ["SQLITE_DATABASE"] = Storage,
        ["MYSQL_HOST"] = Storage,
        ["MYSQL_PORT"] = Storage,
        ["MYSQL_USER"] = Storage,
        ["MYSQL_PASSWORD"] = Storage,
        ["MYSQL_DATABASE"] = Storage,
        ["MYSQL_SOCKET"] = Storage,
        ["VERTEX_API_KEYS"] = "there is no Vertex AI Express pool yet",
        ["VERTEX_EXPRESS_BASE_URL"] = "there is no Vertex AI Express pool yet",
        ["URL_NORMALIZATION_ENABLED"] = "paths are matched as written; use the documented routes",
        ["TOOLS_CODE_EXECUTION_ENABLED"] = "tools are only those the client declares",
        ["URL_CONTEXT_ENABLED"] = "tools are only those the client declares",
        ["URL_CONTEXT_MODELS"] = "tools are only those the client declares",
        ["TTS_VOICE_NAME"] = "the voice is the one each request names (OpenAI voices are mapped to Gemini's)",
        ["TTS_SPEED"] = "the speed is the one each request names",
        ["UPLOAD_PROVIDER"] = ImageHost,
        ["SMMS_SECRET_TOKEN"] = ImageHost,
        ["PICGO_API_KEY"] = ImageHost,
        ["PICGO_API_URL"] = ImageHost,
        ["CLOUDFLARE_IMGBED_URL"] = ImageHost,
        ["CLOUDFLARE_IMGBED_AUTH_CODE"] = ImageHost,
        ["CLOUDFLARE_IMGBED_UPLOAD_FOLDER"] = ImageHost,
        ["OSS_ENDPOINT"] = ImageHost,
        ["OSS_ENDPOINT_INNER"] = ImageHost,
        ["OSS_ACCESS_KEY"] = ImageHost,
        ["OSS_ACCESS_KEY_SECRET"] = ImageHost,
        ["OSS_BUCKET_NAME"] = ImageHost,
        ["OSS_REGION"] = ImageHost,
        ["STREAM_OPTIMIZER_ENABLED"] = StreamShape,
        ["STREAM_MIN_DELAY"] = StreamShape,
        ["STREAM_MAX_DELAY"] = StreamShape,
        ["STREAM_SHORT_TEXT_THRESHOLD"] = StreamShape,
        ["STREAM_LONG_TEXT_THRESHOLD"] = StreamShape,
        ["STREAM_CHUNK_SIZE"] = StreamShape,
        ["TIMEZONE"] = "schedules and log days are in UTC",
        ["GITHUB_REPO_OWNER"] = "there is no update check",
        ["GITHUB_REPO_NAME"] = "there is no update check",
        ["LOG_LEVEL"] = "set Logging__LogLevel__Default instead",
        ["FILES_CLEANUP_ENABLED"] = "expired file records are always removed by the hourly log-retention timer",
        ["FILES_CLEANUP_INTERVAL_HOURS"] = "expired file records are always removed by the hourly log-retention timer",
        ["FILES_USER_ISOLATION_ENABLED"] = "each client only ever sees its own files",
        ["ENABLE_TTS"] = "audio/speech is always on",
    };

    public Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var (name, instead) in Names)
        {
            if (!string.IsNullOrWhiteSpace(configuration[name]))
            {
                NotRead(logger, name, instead);
            }
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(1, LogLevel.Warning, "{Setting} is a gemini-balance setting this app does not read ({Instead}); see docs/migrating-from-gemini-balance.md")]
    private static partial void NotRead(ILogger logger, string setting, string instead);
}
