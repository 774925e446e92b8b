using GeminiBalance.Keys;
using Microsoft.Extensions.ObjectPool;

namespace GeminiBalance.Upstream;

/// <summary>
/// The sets of keys each request has already tried, reused across requests: a new set per request was the one
/// allocation that choosing a key made (see docs/performance.md, the key-pool microbenchmark).
/// </summary>
internal sealed class TriedKeySets
{
    private readonly ObjectPool<HashSet<PoolKey>> _pool = new DefaultObjectPool<HashSet<PoolKey>>(new ClearingPolicy());

    public HashSet<PoolKey> Rent() => _pool.Get();

    public void Return(HashSet<PoolKey> tried) => _pool.Return(tried);

    private sealed class ClearingPolicy : PooledObjectPolicy<HashSet<PoolKey>>
    {
        // The pool hands out its own PoolKey instances, so identity is equality, and cheaper than hashing the key's strings.
        public override HashSet<PoolKey> Create() => new(ReferenceEqualityComparer.Instance);

        public override bool Return(HashSet<PoolKey> tried)
        {
            tried.Clear();
            return true;
        }
    }
}
