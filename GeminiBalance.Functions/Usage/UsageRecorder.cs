using GeminiBalance.Auth;
using GeminiBalance.Hosting;
using GeminiBalance.Keys;
using GeminiBalance.Metrics;
using GeminiBalance.Upstream;

namespace GeminiBalance.Usage;

/// <summary>
/// What the forwarder tells about each attempt and each request, taken in memory: counters for the statistics and
/// queued rows for the logs, and the same events as metrics. Nothing here waits or calls storage; the flusher and the log
/// writer do that later, and the metrics' exporters read the instruments on their own schedule.
/// </summary>
internal sealed class UsageRecorder(
    UsageAggregator usage, LogQueue<RequestLogEntry> requests, LogQueue<ErrorLogEntry> errors, SecretRedactor redactor, ProxyMetrics metrics, ICurrentOptions options, TimeProvider time)
{
    private const int MaxErrorBodyChars = 2_000;
    private const int MaxRequestBodyChars = 8_000;

    public void AttemptSucceeded(PoolKey key, string model, TokenUsage? tokens)
    {
        usage.RecordSuccess(key.Id, model, tokens);
        metrics.AttemptSucceeded(model, tokens);
    }

    public void AttemptFailed(PoolKey key, GeminiCall call, HttpContext context, UpstreamFailure failure, ReadOnlySpan<byte> errorBody)
    {
        usage.RecordFailure(key.Id, call.Model, failure.Kind == FailureKind.ClientError);
        metrics.AttemptFailed(call.Model, failure.Kind);
        errors.Add(new ErrorLogEntry(
            time.GetUtcNow(),
            ClientIdOf(context),
            key.Id,
            call.Model,
            failure.StatusCode,
            failure.Kind,
            failure.Reason,
            redactor.Excerpt(errorBody, MaxErrorBodyChars, key.Secret),
            options.Current.UsageLogs.RecordRequestBody && call.Body is { } body ? redactor.Excerpt(body.Span, MaxRequestBodyChars, key.Secret) : null));
    }

    /// <param name="timeToFirstByte">Until the answer's headers went out; null when none did (the client left first).</param>
    public void RequestCompleted(GeminiCall call, HttpContext context, int attempts, PoolKey? lastKey, TokenUsage? tokens, TimeSpan latency, TimeSpan? timeToFirstByte)
    {
        // 499 (nginx's "client closed request"): the client left before it was answered.
        var status = context.RequestAborted.IsCancellationRequested && !context.Response.HasStarted ? 499 : context.Response.StatusCode;
        requests.Add(new RequestLogEntry(
            time.GetUtcNow(),
            ClientIdOf(context),
            call.Answer.Protocol,
            context.Request.Path.Value ?? "",
            call.Model,
            status,
            (long)latency.TotalMilliseconds,
            attempts,
            lastKey?.Id,
            tokens));
        metrics.RequestCompleted(call.Answer.Protocol, call.Model, status, attempts, latency, timeToFirstByte);
    }

    private static string ClientIdOf(HttpContext context) => context.Features.Get<ClientIdentity>()?.TokenId ?? "";
}
