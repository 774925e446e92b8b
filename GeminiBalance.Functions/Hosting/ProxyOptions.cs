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

    /// <summary>What the request and error logs record and how long they, and the usage statistics, are kept.</summary>
    /// <remarks>Not required, so options built by hand (tests) need not spell it out; the reader always sets it.</remarks>
    public UsageLogOptions UsageLogs { get; init; } = UsageLogOptions.Defaults;
}
