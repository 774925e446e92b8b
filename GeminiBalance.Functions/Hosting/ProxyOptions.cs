namespace GeminiBalance.Hosting;

/// <summary>Every setting the app reads, validated once at start-up (see <see cref="ProxyOptionsReader"/>).</summary>
internal sealed record ProxyOptions
{
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
    public required int MaxRetries { get; init; }
    public required TimeSpan Timeout { get; init; }
    public required string TestModel { get; init; }
    public required double CheckIntervalHours { get; init; }
    public required long MaxRequestBodyBytes { get; init; }
    public required StorageOptions Storage { get; init; }

    /// <summary>How often each instance writes its key transitions to storage and reads everyone else's.</summary>
    public required TimeSpan KeyStateRefresh { get; init; }

    /// <summary>Prefixed to every table name, so several deployments (or test runs) can share one account.</summary>
    public required string TablePrefix { get; init; }

    /// <summary>Models offered with a <c>-search</c> variant (the Google Search tool) in the OpenAI model list.</summary>
    public required IReadOnlyList<string> SearchModels { get; init; }

    /// <summary>Models offered with an <c>-image</c> variant (text and image output) in the OpenAI model list.</summary>
    public required IReadOnlyList<string> ImageModels { get; init; }

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
}
