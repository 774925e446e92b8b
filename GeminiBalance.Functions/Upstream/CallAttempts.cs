using GeminiBalance.Files;
using GeminiBalance.Keys;
using GeminiBalance.Streaming;
using Microsoft.Extensions.ObjectPool;

namespace GeminiBalance.Upstream;

/// <summary>
/// One call's state across its attempts, carried in the Polly <c>ResilienceContext</c> so the pipeline's callbacks can be
/// static. Instances are pooled: a set of tried keys per request was the one allocation choosing a key made
/// (docs/performance.md, the key-pool microbenchmark).
/// </summary>
internal sealed class CallAttempts
{
    // The pool hands out its own PoolKey instances, so identity is equality, and cheaper than hashing the key's strings.
    private readonly HashSet<PoolKey> _tried = new(ReferenceEqualityComparer.Instance);

    public GeminiCall Call { get; private set; } = null!;

    public HttpContext Context { get; private set; } = null!;

    /// <summary>Which keys may take the call: any, or only the owner of the files it uses.</summary>
    public FileRoute Route { get; set; }

    public IReadOnlySet<PoolKey> Tried => _tried;

    public PoolKey? LastKey { get; private set; }

    /// <summary>The tokens the relayed answer reported.</summary>
    public TokenUsage? Tokens { get; set; }

    /// <summary>What the client is answered when no attempt succeeds: the last attempt's failure.</summary>
    public IResult? LastFailure { get; set; }

    /// <summary>The streamed answer's keep-alive across all its attempts; null when the answer is no stream or keep-alives are off.</summary>
    public StreamKeepAlive? KeepAlive { get; set; }

    public static ObjectPool<CallAttempts> NewPool() => new DefaultObjectPool<CallAttempts>(new ResetPolicy());

    /// <summary>PAID_KEY when the call generates images (<see cref="Upstream.PaidKey"/>): its only key, as an owner key is.</summary>
    public PoolKey? PaidKey { get; private set; }

    public void Start(GeminiCall call, HttpContext context, PoolKey? paidKey = null)
    {
        Call = call;
        Context = context;
        PaidKey = paidKey;
    }

    /// <summary>The key for the next attempt, or null when none may be tried.</summary>
    public PoolKey? NextKey(KeyPool pool)
    {
        if (_tried.Count > 0 && Call.StreamsClientBody)
        {
            return null; // Its bytes went with the first attempt.
        }

        // The owner gets one attempt: no other key can see the files, so its failure is the client's answer. The paid key
        // too: it is the one billed project, and gemini-balance does not rotate it either.
        var owner = Call.OwnerKey ?? Route.Owner ?? PaidKey;
        var key = owner is null ? pool.Next(Call.Model, _tried) : _tried.Count == 0 ? owner : null;
        if (key is not null)
        {
            _tried.Add(key);
            LastKey = key;
        }

        return key;
    }

    private sealed class ResetPolicy : PooledObjectPolicy<CallAttempts>
    {
        public override CallAttempts Create() => new();

        public override bool Return(CallAttempts attempts)
        {
            attempts._tried.Clear();
            attempts.Call = null!;
            attempts.Context = null!;
            attempts.Route = default;
            attempts.LastKey = null;
            attempts.PaidKey = null;
            attempts.Tokens = null;
            attempts.LastFailure = null;
            attempts.KeepAlive = null;
            return true;
        }
    }
}
