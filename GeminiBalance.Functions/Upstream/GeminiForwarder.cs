using GeminiBalance.Errors;
using GeminiBalance.Files;
using GeminiBalance.Hosting;
using GeminiBalance.Keys;
using GeminiBalance.Usage;

namespace GeminiBalance.Upstream;

/// <summary>
/// Sends a Gemini call with pool keys, one attempt per key, and relays the answer byte for byte.
/// A failed attempt moves to the next key only while nothing has reached the client; after the first
/// byte a failure ends the stream with an error element instead, so output is never duplicated. A call that uses
/// uploaded files goes to the key that holds them and to no other (<see cref="FileAffinity"/>).
/// </summary>
internal sealed class GeminiForwarder(
    HttpClient http, KeyPool pool, FileAffinity affinity, ICurrentOptions options, UsageRecorder usage, TimeProvider time, ILogger<GeminiForwarder> logger)
{
    private readonly TriedKeySets _triedSets = new();

    // Error bodies are small google.rpc.Status documents; this bounds what a misbehaving upstream can make us hold.
    private const int MaxErrorBodyBytes = 256 * 1024;

    public async Task ForwardAsync(GeminiCall call, HttpContext context)
    {
        var tried = _triedSets.Rent();
        try
        {
            await ForwardAsync(call, context, tried);
        }
        finally
        {
            _triedSets.Return(tried);
        }
    }

    private async Task ForwardAsync(GeminiCall call, HttpContext context, HashSet<PoolKey> tried)
    {
        var started = time.GetTimestamp();
        var aborted = context.RequestAborted;
        PoolKey? lastKey = null;
        TokenUsage? tokens = null;
        IResult? last = null;
        try
        {
            var route = await affinity.RouteAsync(call, context);
            if (route.Refusal is { } refusal)
            {
                await refusal.ExecuteAsync(context);
                return;
            }

            while (tried.Count <= options.Current.MaxRetries && NextKey(call, route, tried) is { } key)
            {
                tried.Add(key);
                lastKey = key;
                using var deadline = CancellationTokenSource.CreateLinkedTokenSource(aborted);
                deadline.CancelAfter(options.Current.Timeout);
                HttpResponseMessage response;
                try
                {
                    response = await http.SendAsync(BuildRequest(call, key, context.Request), HttpCompletionOption.ResponseHeadersRead, deadline.Token);
                }
                catch (Exception exception) when (!aborted.IsCancellationRequested && exception is HttpRequestException or OperationCanceledException)
                {
                    var reason = UnansweredAttempt.Describe(exception);
                    UpstreamLog.AttemptUnanswered(logger, tried.Count, call.Model, key.Id, reason);
                    Failed(key, call, context, new UpstreamFailure(FailureKind.Transient, Reason: reason), []);
                    last = Unanswered(call, timedOut: exception is OperationCanceledException);
                    continue;
                }

                using (response)
                {
                    if (response.IsSuccessStatusCode)
                    {
                        if (await TryRelayAsync(call, key, response, context, deadline.Token) is { } relayed)
                        {
                            tokens = relayed.Tokens;
                            return;
                        }

                        last = Unanswered(call, timedOut: false);
                        continue;
                    }

                    var body = await ReadBoundedAsync(response, deadline.Token);
                    var failure = FailureClassifier.Classify((int)response.StatusCode, body);
                    UpstreamLog.AttemptFailed(logger, tried.Count, call.Model, key.Id, (int)response.StatusCode, failure.Kind);
                    Failed(key, call, context, failure, body);
                    last = call.Answer.UpstreamError(response, body, failure);
                    if (failure.Kind == FailureKind.ClientError)
                    {
                        break;
                    }
                }
            }

            if (!aborted.IsCancellationRequested)
            {
                await (last ?? NoUsableKey(call)).ExecuteAsync(context);
            }
        }
        finally
        {
            usage.RequestCompleted(call, context, tried.Count, lastKey, tokens, time.GetElapsedTime(started));
        }
    }

    // The files' owner gets one attempt: no other key can see the files, so its failure is the client's answer.
    private PoolKey? NextKey(GeminiCall call, FileRoute route, HashSet<PoolKey> tried) =>
        route.Owner is { } owner ? (tried.Count == 0 ? owner : null) : pool.Next(call.Model, tried);

    /// <returns>Null when the upstream failed before any byte reached the client, so another key may try.</returns>
    private async Task<RelayedAnswer?> TryRelayAsync(GeminiCall call, PoolKey key, HttpResponseMessage response, HttpContext context, CancellationToken cancellationToken)
    {
        var client = context.Response;
        try
        {
            var tokens = await call.Answer.RelayAsync(response, context, cancellationToken);
            pool.ReportSuccess(key);
            usage.AttemptSucceeded(key, call.Model, tokens);
            return new RelayedAnswer(tokens);
        }
        catch (Exception exception) when (!context.RequestAborted.IsCancellationRequested && exception is IOException or HttpRequestException or OperationCanceledException)
        {
            var reason = UnansweredAttempt.Describe(exception);
            Failed(key, call, context, new UpstreamFailure(FailureKind.Transient, StatusCode: (int)response.StatusCode, Reason: $"stream broke: {reason}"), []);
            UpstreamLog.StreamBroke(logger, call.Model, key.Id, reason);
            if (!client.HasStarted)
            {
                client.Headers.Clear();
                return null;
            }

            await call.Answer.EndBrokenAnswerAsync(context);
            return new RelayedAnswer(null);
        }
    }

    private void Failed(PoolKey key, GeminiCall call, HttpContext context, UpstreamFailure failure, ReadOnlySpan<byte> errorBody)
    {
        pool.ReportFailure(key, call.Model, failure);
        usage.AttemptFailed(key, call, context, failure, errorBody);
    }

    private HttpRequestMessage BuildRequest(GeminiCall call, PoolKey key, HttpRequest client)
    {
        var request = new HttpRequestMessage(call.Method, options.Current.UpstreamUri(call.PathAndQuery));
        if (call.Body is { } body)
        {
            request.Content = new ReadOnlyMemoryContent(body);
        }

        if (call.ContentType is { } contentType)
        {
            // A translated body is the proxy's own request: the client's headers (Accept, its SDK's own headers) describe
            // another request, in another protocol, and are not passed on.
            request.Content?.Headers.TryAddWithoutValidation("Content-Type", contentType);
        }
        else
        {
            UpstreamHeaders.CopyToUpstream(client.Headers, request);
        }

        // The header, not ?key=, so the key never sits in a URL that could be logged.
        request.Headers.TryAddWithoutValidation("x-goog-api-key", key.Secret);
        return request;
    }

    private static async Task<byte[]> ReadBoundedAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            // A cut-off error body still classifies: the status and reason come first.
            return (await BoundedBody.ReadAsync(response, MaxErrorBodyBytes, cancellationToken)).Body;
        }
        catch (Exception exception) when (exception is IOException or HttpRequestException or OperationCanceledException)
        {
            return [];
        }
    }

    private ErrorResult NoUsableKey(GeminiCall call)
    {
        UpstreamLog.NoUsableKey(logger, call.Model);
        return NoUsableKeyError.Create(pool, call.Model, $"model '{call.Model}'", call.Answer.Protocol);
    }

    // When every attempt failed without an HTTP answer, the client still gets a clear gateway error, never a 500.
    private static ErrorResult Unanswered(GeminiCall call, bool timedOut) => timedOut
        ? new ErrorResult(call.Answer.Protocol, StatusCodes.Status504GatewayTimeout, "The upstream Gemini API did not answer in time (TIME_OUT).")
        : new ErrorResult(call.Answer.Protocol, StatusCodes.Status502BadGateway, "The upstream Gemini API could not be reached or broke off its answer.");
}
