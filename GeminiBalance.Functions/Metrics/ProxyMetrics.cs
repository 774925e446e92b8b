using System.Diagnostics;
using System.Diagnostics.Metrics;
using GeminiBalance.Errors;
using GeminiBalance.Keys;
using GeminiBalance.Upstream;

namespace GeminiBalance.Metrics;

/// <summary>
/// The proxy's OpenTelemetry instruments on the <c>GeminiBalance</c> meter, created once; the request path records
/// through the methods here. Tags are few and bounded (surface, model, status class, outcome, kind, reason, writer):
/// never a key, a key id, a client token or a client id, which are secrets or grow without bound. Each record builds
/// its tags as a <see cref="TagList"/> on the stack, so recording allocates nothing.
/// </summary>
/// <remarks>
/// The pool's key states and the log queues' lengths are observed instead (<see cref="ProxyStateGauges"/>).
/// Client keys (<c>Clients/</c>) report a refused request with <see cref="ClientRefused"/>.
/// </remarks>
internal sealed class ProxyMetrics
{
    public const string MeterName = "GeminiBalance";

    // Seconds, as OpenTelemetry's HTTP conventions measure; from a fast cached answer to the host's 230 s limit.
    private static readonly double[] LatencyBuckets = [0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20, 40, 80, 160, 240];

    private readonly Counter<long> _requests;
    private readonly Histogram<double> _duration;
    private readonly Histogram<double> _timeToFirstByte;
    private readonly Counter<long> _attempts;
    private readonly Counter<long> _retries;
    private readonly Counter<long> _tokens;
    private readonly Counter<long> _clientRefusals;
    private readonly Counter<long> _rowsWritten;

    public ProxyMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        var latency = new InstrumentAdvice<double> { HistogramBucketBoundaries = LatencyBuckets };
        _requests = meter.CreateCounter<long>("geminibalance.requests", "{request}", "Requests that reached the upstream path, by surface, model and status class.");
        _duration = meter.CreateHistogram("geminibalance.request.duration", "s", "From the request reaching the forwarder to its last byte.", advice: latency);
        _timeToFirstByte = meter.CreateHistogram("geminibalance.request.time_to_first_byte", "s", "From the request reaching the forwarder to the first byte of its answer.", advice: latency);
        _attempts = meter.CreateCounter<long>("geminibalance.upstream.attempts", "{attempt}", "Upstream attempts, by model and outcome.");
        _retries = meter.CreateCounter<long>("geminibalance.upstream.retries", "{attempt}", "Attempts after a request's first, on another key.");
        _tokens = meter.CreateCounter<long>("geminibalance.tokens", "{token}", "Tokens Gemini reported, by model and kind (prompt, output, thinking, cached).");
        _clientRefusals = meter.CreateCounter<long>("geminibalance.client.refusals", "{request}", "Client-key requests refused before any upstream call, by reason.");
        _rowsWritten = meter.CreateCounter<long>("geminibalance.writer.written", "{row}", "Rows the background writers stored, by writer.");
        Models = new ModelTags();
    }

    /// <summary>The model names tags may carry.</summary>
    public ModelTags Models { get; }

    public void RequestCompleted(ApiProtocol surface, string model, int status, int attempts, TimeSpan duration, TimeSpan? timeToFirstByte)
    {
        var tags = new TagList { { "surface", MetricTags.Surface(surface) }, { "model", Models.TagFor(model) }, { "status_class", MetricTags.StatusClass(status) } };
        _requests.Add(1, tags);
        _duration.Record(duration.TotalSeconds, tags);
        if (timeToFirstByte is { } firstByte)
        {
            _timeToFirstByte.Record(firstByte.TotalSeconds, tags);
        }

        if (attempts > 1)
        {
            _retries.Add(attempts - 1, new KeyValuePair<string, object?>("model", Models.TagFor(model)));
        }
    }

    public void AttemptSucceeded(string model, TokenUsage? tokens)
    {
        // Only a model Google answered for becomes a tag value, so made-up names cannot grow the series (ModelTags).
        var modelTag = Models.Admit(model);
        _attempts.Add(1, new KeyValuePair<string, object?>("model", modelTag), new KeyValuePair<string, object?>("outcome", "success"));
        if (tokens is null)
        {
            return;
        }

        AddTokens(modelTag, "prompt", tokens.Prompt);
        AddTokens(modelTag, "output", tokens.Candidates);
        AddTokens(modelTag, "thinking", tokens.Thoughts);
        AddTokens(modelTag, "cached", tokens.Cached);
    }

    public void AttemptFailed(string model, FailureKind failure)
    {
        // A quota error is Google's answer for that model too (an unknown model gets a 404 before any quota is checked).
        var modelTag = failure == FailureKind.RateLimited ? Models.Admit(model) : Models.TagFor(model);
        _attempts.Add(1, new KeyValuePair<string, object?>("model", modelTag), new KeyValuePair<string, object?>("outcome", MetricTags.Outcome(failure)));
    }

    /// <summary>A client key's request refused from memory (rate limit, spent budget, model not allowed, expired or disabled).</summary>
    /// <param name="reason">A short fixed code such as <c>rate_limit_exceeded</c>, <c>insufficient_quota</c> or <c>model_not_allowed</c>; never the key or its name.</param>
    public void ClientRefused(string reason) => _clientRefusals.Add(1, new KeyValuePair<string, object?>("reason", reason));

    /// <param name="writer">One of the <see cref="MetricTags"/> writer names.</param>
    public void RowsWritten(string writer, int rows) => _rowsWritten.Add(rows, new KeyValuePair<string, object?>("writer", writer));

    private void AddTokens(string model, string kind, int count)
    {
        if (count > 0)
        {
            _tokens.Add(count, new KeyValuePair<string, object?>("model", model), new KeyValuePair<string, object?>("kind", kind));
        }
    }
}
