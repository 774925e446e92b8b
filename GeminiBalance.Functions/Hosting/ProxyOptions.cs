using GeminiBalance.Keys;

namespace GeminiBalance.Hosting;

/// <summary>Every setting the app reads, validated once at start-up (see <see cref="ProxyOptionsReader"/>).</summary>
internal sealed record ProxyOptions : ICurrentOptions
{
    /// <summary>A fixed set of options is its own current view.</summary>
    ProxyOptions ICurrentOptions.Current => this;

    public required IReadOnlyList<string> ApiKeys { get; init; }
    public required IReadOnlyList<string> AllowedTokens { get; init; }
    public required string? AuthToken { get; init; }
    public required Uri BaseUrl { get; init; }

    /// <summary>
    /// The upstream URL for a path such as <c>/v1beta/models</c>, kept under BASE_URL's own path (a relay's
    /// <c>/gemini</c>) rather than replacing it, as <c>new Uri(base, "/…")</c> would.
    /// </summary>
    public Uri UpstreamUri(string pathAndQuery) => new(BaseUrl.AbsoluteUri.TrimEnd('/') + pathAndQuery);
    public required int MaxFailures { get; init; }
    /// <summary>Further attempts on other keys after the first: MAX_RETRIES less one, since MAX_RETRIES counts every attempt, as in gemini-balance.</summary>
    public required int MaxRetries { get; init; }
    public required TimeSpan Timeout { get; init; }

    /// <summary>Silence after which a streamed answer gets a keep-alive (docs/streaming.md); zero for none.</summary>
    public TimeSpan StreamKeepAlive { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>Streamed requests are served by one non-streaming upstream call, with keep-alives until its answer.</summary>
    public bool FakeStreamEnabled { get; init; }

    /// <summary>The keep-alive interval while a fake stream waits for its answer.</summary>
    public TimeSpan FakeStreamInterval { get; init; } = TimeSpan.FromSeconds(5);
    public required string TestModel { get; init; }
    public required double CheckIntervalHours { get; init; }
    public required long MaxRequestBodyBytes { get; init; }
    public required StorageOptions Storage { get; init; }

    /// <summary>How often each instance writes its key transitions to storage and reads everyone else's.</summary>
    public required TimeSpan KeyStateRefresh { get; init; }

    /// <summary>Prefixed to every table name, so several deployments (or test runs) can share one account.</summary>
    public required string TablePrefix { get; init; }

    // The chat translation's settings below are not `required`, so options built by hand (in tests) need not name them;
    // ProxyOptionsReader always sets them, with the documented defaults.

    /// <summary>Models that get a <c>-search</c> variant (the Google Search tool) on the translated surfaces.</summary>
    public IReadOnlyList<string> SearchModels { get; init; } = [];

    /// <summary>Models that get an <c>-image</c> variant (text and image output) on the translated surfaces.</summary>
    public IReadOnlyList<string> ImageModels { get; init; } = [];

    /// <summary>Models whose <c>-non-thinking</c> variant the model lists show (the suffix itself works on any model that thinks).</summary>
    public IReadOnlyList<string> ThinkingModels { get; init; } = [];

    /// <summary>Model → thinkingBudget used when the client asks for no reasoning effort of its own (-1 = dynamic).</summary>
    public IReadOnlyDictionary<string, int> ThinkingBudgets { get; init; } = new Dictionary<string, int>();

    /// <summary>Sent with translated requests, which have no way to carry safety settings of their own.</summary>
    public IReadOnlyList<SafetySetting> SafetySettings { get; init; } = [];

    /// <summary>Ask thinking models for thought summaries and show them (OpenAI: <c>reasoning_content</c>).</summary>
    public bool ShowThinkingProcess { get; init; }

    /// <summary>Append the Google Search sources to grounded answers.</summary>
    public bool ShowSearchLink { get; init; }

    /// <summary>Largest image the proxy downloads for an http(s) <c>image_url</c>.</summary>
    public long ImageUrlMaxBytes { get; init; } = 1;

    /// <summary>How long the proxy waits for an http(s) <c>image_url</c> download.</summary>
    public TimeSpan ImageUrlTimeout { get; init; } = TimeSpan.FromSeconds(1);
    /// <summary>What the request and error logs record and how long they, and the usage statistics, are kept.</summary>
    /// <remarks>Not required, so options built by hand (tests) need not spell it out; the reader always sets it.</remarks>
    public UsageLogOptions UsageLogs { get; init; } = UsageLogOptions.Defaults;

    /// <summary>Models hidden from the OpenAI model list.</summary>
    public required IReadOnlyList<string> FilteredModels { get; init; }

    /// <summary>The model images/generations uses when the client names none (or an OpenAI image model).</summary>
    public required string CreateImageModel { get; init; }

    /// <summary>The model audio/speech uses when the client names an OpenAI TTS model.</summary>
    public required string TtsModel { get; init; }

    /// <summary>The blob container that holds generated images served by link.</summary>
    public required string ImageContainer { get; init; }

    /// <summary>How long a generated image's link works.</summary>
    public required TimeSpan ImageUrlExpiry { get; init; }

    /// <summary>How long a stored Responses API response stays readable and continuable.</summary>
    public TimeSpan ResponsesRetention { get; init; } = TimeSpan.FromDays(30);

    /// <summary>The blob container that holds stored responses too large for one table row.</summary>
    public required string ResponsesContainer { get; init; }

    /// <summary>The URL clients reach the proxy on, for links it hands out (upload session URLs, image links); null: taken from each request.</summary>
    public Uri? PublicBaseUrl { get; init; }

    /// <summary>Origins whose pages may call the client API (<c>*</c>: any); empty: none (<see cref="Cors.ApiCors"/>).</summary>
    public IReadOnlyList<string> CorsAllowedOrigins { get; init; } = [];

    /// <summary>How long a console session lasts after logging in.</summary>
    public TimeSpan AdminSessionExpiry { get; init; } = TimeSpan.FromHours(1);

    /// <summary>Headers of the operator's added to every upstream call (CUSTOM_HEADERS), after the client's and before the key.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> CustomHeaders { get; init; } = [];

    /// <summary>The one key of a billed project, for image generation (Imagen and image-output models); null: the pool serves them.</summary>
    public PoolKey? PaidKey { get; init; }

    /// <summary>Outbound proxies (http, https, socks5) upstream calls go through; empty: straight to Google.</summary>
    public IReadOnlyList<Uri> Proxies { get; init; } = [];

    /// <summary>Each key always goes through the same proxy (a hash of the key); false: the proxies take turns.</summary>
    public bool ProxiesConsistentByKey { get; init; } = true;
}
