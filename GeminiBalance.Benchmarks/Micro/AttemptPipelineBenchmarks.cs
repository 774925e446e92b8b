using System.Runtime.CompilerServices;
using BenchmarkDotNet.Attributes;
using GeminiBalance.Hosting;
using GeminiBalance.Keys;
using GeminiBalance.Upstream;
using Microsoft.Extensions.ObjectPool;
using Polly;

namespace GeminiBalance.Benchmarks.Micro;

/// <summary>
/// What a call's attempt bookkeeping costs on the success path, one attempt with one key, without the HTTP itself: the
/// hand-rolled loop the forwarder had (a pooled tried-set, a linked token source with TIME_OUT per attempt) against the
/// Polly pipeline it runs on now (pooled call state and resilience context, retry and per-attempt timeout). The upstream
/// send and the relay are one real suspension each (<see cref="Task.Yield"/>), so every async layer on the path pays for
/// what it keeps.
/// </summary>
[MemoryDiagnoser]
public class AttemptPipelineBenchmarks // BenchmarkDotNet needs public, unsealed benchmark classes.
{
    private const string Model = "gemini-2.5-flash";

    private readonly ObjectPool<HashSet<PoolKey>> _triedSets = new DefaultObjectPool<HashSet<PoolKey>>(new TriedSetPolicy());
    private readonly ObjectPool<CallAttempts> _calls = CallAttempts.NewPool();
    // Kestrel's RequestAborted can be cancelled, so a token source linked to it registers with it.
    private readonly CancellationTokenSource _connection = new();
    private readonly DefaultHttpContext _context = new();
    private ProxyOptions _options = null!;
    private KeyPool _pool = null!;
    private GeminiCall _call = null!;
    private ResiliencePipeline<AttemptResult> _attempts = null!;
    private ResiliencePipeline _untilHeaders = null!;

    [GlobalSetup]
    public void Setup()
    {
        _context.RequestAborted = _connection.Token;
        _options = KeyPoolBenchmarks.Options(4);
        _pool = new KeyPool(_options, TimeProvider.System);
        _call = GeminiCall.Native(HttpMethod.Post, Model, $"/v1beta/models/{Model}:generateContent", new byte[] { (byte)'{', (byte)'}' }, PassThroughRelay.Whole);
        _attempts = AttemptPipeline.RetryOnAnotherKey(_options, TimeProvider.System);
        _untilHeaders = AttemptPipeline.UntilHeaders(_options, TimeProvider.System);
    }

    // Shaped as GeminiForwarder was before Polly: an outer and an inner async method, the loop, and the relay's own.
    [Benchmark(Baseline = true, Description = "hand-rolled loop (before): pooled tried-set, linked CTS with TIME_OUT per attempt, Task methods")]
    public async Task<int> HandRolledLoop()
    {
        var tried = _triedSets.Get();
        try
        {
            return await HandRolledForwardAsync(tried);
        }
        finally
        {
            _triedSets.Return(tried);
        }
    }

    [Benchmark(Description = "Polly pipeline (now): pooled call state + ResilienceContext, retry + per-attempt timeout, pooled ValueTask methods")]
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<int> PollyPipeline()
    {
        var attempts = _calls.Get();
        attempts.Start(_call, _context, TimeProvider.System);
        var resilience = ResilienceContextPool.Shared.Get(_context.RequestAborted);
        resilience.Properties.Set(AttemptPipeline.CallKey, attempts);
        try
        {
            var outcome = await _attempts.ExecuteOutcomeAsync(static (resilience, benchmark) => benchmark.AttemptAsync(resilience), resilience, this);
            outcome.ThrowIfException();
            return attempts.Tried.Count;
        }
        finally
        {
            ResilienceContextPool.Shared.Return(resilience);
            _calls.Return(attempts);
        }
    }

    // Shaped as GeminiForwarder's attempt: pooled builders, outcomes instead of exceptions.
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<Outcome<AttemptResult>> AttemptAsync(ResilienceContext resilience)
    {
        var attempts = resilience.Properties.GetValue(AttemptPipeline.CallKey, null!);
        if (attempts.NextKey(_pool) is not { } key)
        {
            return Outcome.FromResult(AttemptResult.Done);
        }

        var sent = await _untilHeaders.ExecuteOutcomeAsync(
            static (resilience, _) => SendUntilHeadersAsync(resilience.CancellationToken),
            resilience,
            0);
        if (sent.Exception is not null)
        {
            return Outcome.FromException<AttemptResult>(sent.Exception);
        }

        return Outcome.FromResult(await RelayAsync(key, _context.RequestAborted));
    }

    private async Task<int> HandRolledForwardAsync(HashSet<PoolKey> tried)
    {
        while (tried.Count <= _options.MaxRetries && _pool.Next(Model, tried) is { } key)
        {
            tried.Add(key);
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(_context.RequestAborted);
            deadline.CancelAfter(_options.Timeout);
            await SendAsync(deadline.Token);
            if (await HandRolledRelayAsync(key, deadline.Token) is not null)
            {
                return tried.Count;
            }
        }

        return 0;
    }

    private async Task<RelayedAnswer?> HandRolledRelayAsync(PoolKey key, CancellationToken cancellationToken)
    {
        await SendAsync(cancellationToken);
        _pool.ReportSuccess(key);
        return new RelayedAnswer(null);
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<AttemptResult> RelayAsync(PoolKey key, CancellationToken cancellationToken)
    {
        await SendAsync(cancellationToken);
        _pool.ReportSuccess(key);
        return AttemptResult.Done;
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private static async ValueTask<Outcome<bool>> SendUntilHeadersAsync(CancellationToken cancellationToken)
    {
        await SendAsync(cancellationToken);
        return Outcome.FromResult(true);
    }

    // Stands in for SendAsync to the headers: the caller really suspends, as it does on a socket.
    private static async Task SendAsync(CancellationToken cancellationToken)
    {
        await Task.Yield();
        cancellationToken.ThrowIfCancellationRequested();
    }

    private sealed class TriedSetPolicy : PooledObjectPolicy<HashSet<PoolKey>>
    {
        public override HashSet<PoolKey> Create() => new(ReferenceEqualityComparer.Instance);

        public override bool Return(HashSet<PoolKey> tried)
        {
            tried.Clear();
            return true;
        }
    }
}
