using System.Runtime.CompilerServices;
using GeminiBalance.Auth;
using GeminiBalance.Clients;
using GeminiBalance.Errors;
using GeminiBalance.Files;
using GeminiBalance.Hosting;
using GeminiBalance.Keys;
using GeminiBalance.Streaming;
using GeminiBalance.Usage;
using Microsoft.Extensions.ObjectPool;
using Polly;
using Polly.Timeout;

namespace GeminiBalance.Upstream;

/// <summary>
/// Owns every Gemini call's attempts, Files calls included: chooses a key (or the owner key of the files involved),
/// builds the request, sends it headers-first, classifies the answer, reports to the pool, records usage and logs,
/// and decides whether another key tries. Retries run on one Polly pipeline built here once; each attempt has TIME_OUT
/// until the upstream's response headers (and an error's small body), never during a relayed body.
/// A failed attempt moves to the next key only while nothing has reached the client; after the first byte a failure
/// ends the answer in the client's protocol instead, so output is never duplicated.
/// </summary>
internal sealed class GeminiForwarder
{
    // Error bodies are small google.rpc.Status documents; this bounds what a misbehaving upstream can make us hold.
    private const int MaxErrorBodyBytes = 256 * 1024;

    private readonly UpstreamClients _http;
    private readonly KeyPool _pool;
    private readonly FileAffinity _affinity;
    private readonly ICurrentOptions _options;
    private readonly UsageRecorder _usage;
    private readonly ClientMeters _clients;
    private readonly TimeProvider _time;
    private readonly ILogger<GeminiForwarder> _logger;
    private readonly ObjectPool<CallAttempts> _calls = CallAttempts.NewPool();
    private Pipelines _pipelines;

    // MAX_RETRIES and TIME_OUT are live settings: the pipelines are built once per options in force, not per request.
    private sealed record Pipelines(ProxyOptions Options, ResiliencePipeline<AttemptResult> Attempts, ResiliencePipeline UntilHeaders)
    {
        public static Pipelines For(ProxyOptions options, TimeProvider time) =>
            new(options, AttemptPipeline.RetryOnAnotherKey(options, time), AttemptPipeline.UntilHeaders(options, time));
    }

    public GeminiForwarder(
        UpstreamClients http, KeyPool pool, FileAffinity affinity, ICurrentOptions options, UsageRecorder usage, ClientMeters clients, TimeProvider time, ILogger<GeminiForwarder> logger)
    {
        (_http, _pool, _affinity, _options, _usage, _clients, _time, _logger) = (http, pool, affinity, options, usage, clients, time, logger);
        _pipelines = Pipelines.For(options.Current, time);
    }

    private Pipelines CurrentPipelines()
    {
        var pipelines = _pipelines;
        var options = _options.Current;
        if (!ReferenceEquals(pipelines.Options, options))
        {
            // A settings change swapped the options: rebuild once; a race only builds the same pipelines twice.
            _pipelines = pipelines = Pipelines.For(options, _time);
        }

        return pipelines;
    }

    // Pooled builders here and on the attempt's own async methods: the success path allocates no state machine of ours.
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    public async ValueTask ForwardAsync(GeminiCall call, HttpContext context)
    {
        var started = _time.GetTimestamp();
        var options = _options.Current;
        if (options.FakeStreamEnabled && FakeStreamRelay.CanServe(call))
        {
            call = call.AsFakeStream();
        }

        var attempts = _calls.Get();
        attempts.Start(call, context, PaidKey.For(call, _options.Current));
        var resilience = ResilienceContextPool.Shared.Get(context.RequestAborted);
        resilience.Properties.Set(AttemptPipeline.CallKey, attempts);
        var client = context.Features.Get<ClientIdentity>();
        var admitted = false;
        try
        {
            // A client key's model and limits, from memory: the model is known here, and a refusal costs no upstream call.
            if (_clients.Admit(client, call) is { } refused)
            {
                await refused.ExecuteAsync(context);
                return;
            }

            admitted = true;
            if (call.FollowsFileReferences)
            {
                attempts.Route = await _affinity.RouteAsync(call, context);
                if (attempts.Route.Refusal is { } refusal)
                {
                    await refusal.ExecuteAsync(context);
                    return;
                }
            }

            attempts.KeepAlive = KeepAliveFor(call, context, options);
            var outcome = await CurrentPipelines().Attempts.ExecuteOutcomeAsync(static (resilience, forwarder) => forwarder.AttemptAsync(resilience), resilience, this);
            outcome.ThrowIfException(); // The client went away, or a bug: as from any endpoint.

            // Unanswered: the last attempt's failure, or no key was there to try.
            if ((attempts.LastFailure is not null || attempts.Tried.Count == 0) && !context.RequestAborted.IsCancellationRequested)
            {
                var failure = attempts.LastFailure ?? NoUsableKey(call);
                if (attempts.KeepAlive is { OnlyKeepAlivesWritten: true } keepAlive)
                {
                    await keepAlive.WriteFailureAsync(failure); // The status line went out as 200 with the first keep-alive.
                }
                else
                {
                    await failure.ExecuteAsync(context);
                }
            }
        }
        finally
        {
            if (attempts.KeepAlive is { } keepAlive)
            {
                await keepAlive.DisposeAsync();
            }

            _usage.RequestCompleted(call, context, attempts.Tried.Count, attempts.LastKey, attempts.Tokens, _time.GetElapsedTime(started));
            if (admitted)
            {
                _clients.Completed(client, call, context.Response.StatusCode, attempts.Tokens);
            }

            ResilienceContextPool.Shared.Return(resilience);
            _calls.Return(attempts);
        }
    }

    // Polly's low-allocation entry point wants the outcome, never an exception.
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<Outcome<AttemptResult>> AttemptAsync(ResilienceContext resilience)
    {
        try
        {
            return Outcome.FromResult(await AttemptCoreAsync(resilience));
        }
        catch (Exception exception)
        {
            return Outcome.FromException<AttemptResult>(exception);
        }
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<AttemptResult> AttemptCoreAsync(ResilienceContext resilience)
    {
        var attempts = resilience.Properties.GetValue(AttemptPipeline.CallKey, null!);
        var (call, context) = (attempts.Call, attempts.Context);
        var aborted = context.RequestAborted;
        if (attempts.NextKey(_pool) is not { } key)
        {
            return AttemptResult.Done;
        }

        var sending = CurrentPipelines().UntilHeaders.ExecuteOutcomeAsync(
            static (resilience, state) => state.Forwarder.SendUntilHeadersAsync(state.Attempts, state.Key, resilience.CancellationToken),
            resilience,
            (Forwarder: this, Attempts: attempts, Key: key));
        var sent = attempts.KeepAlive is { } keepAlive ? await keepAlive.WhileAsync(sending.AsTask(), aborted) : await sending;
        if (sent.Exception is { } exception)
        {
            if (aborted.IsCancellationRequested || exception is not (HttpRequestException or OperationCanceledException or TimeoutRejectedException))
            {
                sent.ThrowIfException();
            }

            var reason = UnansweredAttempt.Describe(exception);
            UpstreamLog.AttemptUnanswered(_logger, attempts.Tried.Count, call.Model, key.Id, reason);
            Failed(key, call, context, new UpstreamFailure(FailureKind.Transient, Reason: reason), []);
            attempts.LastFailure = Unanswered(call, timedOut: exception is TimeoutRejectedException or OperationCanceledException);
            return AttemptResult.TryAnother;
        }

        var (response, errorBody) = sent.Result;
        using (response)
        {
            if (errorBody is null)
            {
                if (attempts.KeepAlive is { } watching)
                {
                    response.Content = watching.Watch(response.Content);
                }

                return await RelayAsync(attempts, key, response);
            }

            var failure = FailureClassifier.Classify((int)response.StatusCode, errorBody);
            UpstreamLog.AttemptFailed(_logger, attempts.Tried.Count, call.Model, key.Id, (int)response.StatusCode, failure.Kind);
            Failed(key, call, context, failure, errorBody);
            attempts.LastFailure = call.Answer.UpstreamError(response, errorBody, failure);
            return failure.Kind == FailureKind.ClientError ? AttemptResult.Done : AttemptResult.TryAnother;
        }
    }

    /// <summary>The part of an attempt TIME_OUT covers: the request until the response headers, and an error's small body.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<Outcome<(HttpResponseMessage Response, byte[]? ErrorBody)>> SendUntilHeadersAsync(
        CallAttempts attempts, PoolKey key, CancellationToken deadline)
    {
        HttpResponseMessage? response = null;
        try
        {
            var request = UpstreamRequest.Build(attempts.Call, key, attempts.Context.Request, _options.Current);
            response = await _http.For(key).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, deadline);
            var errorBody = response.IsSuccessStatusCode ? null : await ReadErrorBodyAsync(response, deadline);
            return Outcome.FromResult((response, errorBody));
        }
        catch (Exception exception)
        {
            response?.Dispose();
            return Outcome.FromException<(HttpResponseMessage, byte[]?)>(exception);
        }
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<AttemptResult> RelayAsync(CallAttempts attempts, PoolKey key, HttpResponseMessage response)
    {
        var (call, context) = (attempts.Call, attempts.Context);
        try
        {
            // The client's own token, not the attempt's deadline: TIME_OUT starts again for the body, per element in a stream,
            // so a long stream is no fault but a silent or endless body is (UpstreamBody).
            await UpstreamBody.GuardAsync(response, _options.Current.Timeout, context.RequestAborted);
            attempts.Tokens = await call.Answer.RelayAsync(response, key, context, context.RequestAborted);
            _pool.ReportSuccess(key);
            _usage.AttemptSucceeded(key, call.Model, attempts.Tokens);
            attempts.LastFailure = null;
            return AttemptResult.Done;
        }
        catch (Exception exception) when (!context.RequestAborted.IsCancellationRequested && exception is IOException or HttpRequestException or OperationCanceledException)
        {
            var reason = UnansweredAttempt.Describe(exception);
            var failure = new UpstreamFailure(FailureKind.Transient, StatusCode: (int)response.StatusCode, Reason: $"stream broke: {reason}");

            // Garbage in a 200 is the upstream's fault, not the key's: logged and counted, but the key keeps its health.
            if (exception is MalformedAnswerException)
            {
                _usage.AttemptFailed(key, call, context, failure, []);
            }
            else
            {
                Failed(key, call, context, failure, []);
            }

            UpstreamLog.StreamBroke(_logger, call.Model, key.Id, reason);
            // Keep-alives alone are no content: another key continues the same 200 stream (docs/streaming.md).
            if (!(attempts.KeepAlive?.ContentWritten ?? context.Response.HasStarted))
            {
                if (!context.Response.HasStarted)
                {
                    context.Response.Headers.Clear();
                }

                attempts.LastFailure = Unanswered(call, timedOut: exception is UpstreamBodyTimeoutException);
                return AttemptResult.TryAnother;
            }

            // No retry once a byte went to the client.
            await call.Answer.EndBrokenAnswerAsync(context);
            attempts.LastFailure = null;
            return AttemptResult.Done;
        }
    }

    // Keep-alives for streamed answers: the fake stream's own interval while its one upstream call runs.
    private StreamKeepAlive? KeepAliveFor(GeminiCall call, HttpContext context, ProxyOptions options)
    {
        var interval = call.Answer is FakeStreamRelay ? options.FakeStreamInterval : options.StreamKeepAlive;
        return call.Answer.Stream is { } signals && interval > TimeSpan.Zero ? new StreamKeepAlive(context, signals, interval, _time) : null;
    }

    private void Failed(PoolKey key, GeminiCall call, HttpContext context, UpstreamFailure failure, ReadOnlySpan<byte> errorBody)
    {
        _pool.ReportFailure(key, call.Model, failure);
        _usage.AttemptFailed(key, call, context, failure, errorBody);
    }

    private static async Task<byte[]> ReadErrorBodyAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            // A cut-off error body still classifies (the status and reason come first), but is relayed as whole JSON.
            var (body, complete) = await BoundedBody.ReadAsync(response, MaxErrorBodyBytes, cancellationToken);
            return complete ? body : CutErrorBody.Of((int)response.StatusCode, body);
        }
        catch (Exception exception) when (exception is IOException or HttpRequestException or OperationCanceledException)
        {
            return [];
        }
    }

    private ErrorResult NoUsableKey(GeminiCall call)
    {
        UpstreamLog.NoUsableKey(_logger, call.Model);
        return NoUsableKeyError.Create(_pool, call.Model, call.KeyPurpose, call.Answer.Protocol);
    }

    // When every attempt failed without an HTTP answer, the client still gets a clear gateway error, never a 500.
    private static ErrorResult Unanswered(GeminiCall call, bool timedOut) => timedOut
        ? new ErrorResult(call.Answer.Protocol, StatusCodes.Status504GatewayTimeout, "The upstream Gemini API did not answer in time (TIME_OUT).")
        : new ErrorResult(call.Answer.Protocol, StatusCodes.Status502BadGateway, "The upstream Gemini API could not be reached, broke off its answer or sent one that was not valid.");
}
