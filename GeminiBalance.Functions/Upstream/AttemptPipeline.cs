using GeminiBalance.Hosting;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace GeminiBalance.Upstream;

/// <summary>What one attempt tells the retry strategy.</summary>
internal enum AttemptResult
{
    /// <summary>The client has its answer, or no other key may try (none left, the client's own error, a body sent once).</summary>
    Done,

    /// <summary>The attempt failed before any byte reached the client, in a way another key may not share.</summary>
    TryAnother,
}

/// <summary>
/// The Polly pipelines every Gemini call's attempts run on, built once per forwarder: MAX_RETRIES and TIME_OUT are read
/// here and nowhere else. Their callbacks are static and find the call's state in the <see cref="ResilienceContext"/>.
/// </summary>
internal static class AttemptPipeline
{
    /// <summary>Where a call's <see cref="CallAttempts"/> sits in its (pooled) resilience context.</summary>
    public static readonly ResiliencePropertyKey<CallAttempts> CallKey = new("GeminiBalance.CallAttempts");

    // Polly's ceiling for a timeout; TIME_OUT beyond a day means "no limit" in practice.
    private static readonly TimeSpan LongestTimeout = TimeSpan.FromDays(1);

    /// <summary>
    /// Runs an attempt, then up to MAX_RETRIES more while the last one says <see cref="AttemptResult.TryAnother"/>; each
    /// attempt takes the next usable key itself. MAX_RETRIES counts the attempts after the first, as gemini-balance counts them.
    /// </summary>
    public static ResiliencePipeline<AttemptResult> RetryOnAnotherKey(ProxyOptions options, TimeProvider time)
    {
        var builder = new ResiliencePipelineBuilder<AttemptResult> { TimeProvider = time };

        // Polly's retry takes at least one retry; MAX_RETRIES=0 is a pipeline without one.
        if (options.MaxRetries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions<AttemptResult>
            {
                MaxRetryAttempts = options.MaxRetries,
                // The next key is another project with its own quota: no reason to wait before asking it.
                Delay = TimeSpan.Zero,
                BackoffType = DelayBackoffType.Constant,
                UseJitter = false,
                // Only the attempt's own verdict decides; an exception (the client went away) ends the call.
                ShouldHandle = static arguments => new ValueTask<bool>(arguments.Outcome is { Exception: null, Result: AttemptResult.TryAnother }),
            });
        }

        return builder.Build();
    }

    /// <summary>
    /// TIME_OUT for one attempt, around the request until its response headers (and an error's small body): a relayed
    /// answer's body is outside it, so a long stream is never cut by it.
    /// </summary>
    public static ResiliencePipeline UntilHeaders(ProxyOptions options, TimeProvider time) =>
        new ResiliencePipelineBuilder { TimeProvider = time }
            .AddTimeout(new TimeoutStrategyOptions { Timeout = options.Timeout < LongestTimeout ? options.Timeout : LongestTimeout })
            .Build();
}
