using GeminiBalance.Hosting;
using GeminiBalance.Keys;
using GeminiBalance.Tests.TestKit;
using Microsoft.Extensions.Logging.Abstractions;

namespace GeminiBalance.Tests.Keys;

/// <summary>What the sync keeps while storage is down: every round drains the queue, one composed transition per key waits.</summary>
public sealed class KeyStateSyncTests
{
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly UpstreamFailure Transient = new(FailureKind.Transient, StatusCode: 503, Reason: "unavailable");

    private readonly ManualTimeProvider _time = new(new DateTimeOffset(2026, 11, 21, 12, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task WhileStorageIsDownEachKeyKeepsOneBoundedTransitionAndTheQueueEmpties()
    {
        var (pool, store, sync) = Create("k1", "k2");
        store.Down = true;

        for (var round = 0; round < 5; round++)
        {
            for (var i = 0; i < 200; i++)
            {
                pool.ReportFailure(Find(pool, "k1"), "m", Transient);
                pool.ReportFailure(Find(pool, "k2"), "m", Transient);
            }

            await Assert.ThrowsAsync<IOException>(() => sync.SyncOnceAsync(None));
            Assert.False(pool.Transitions.TryPeek(out _));
            Assert.Equal(2, sync.Unwritten.Count);
            Assert.All(sync.Unwritten, transition => Assert.InRange(transition.Composed, 1, KeyStateSync.MaxComposed));
        }

        store.Down = false;
        await sync.SyncOnceAsync(None);

        Assert.Empty(sync.Unwritten);
        Assert.Equal(1000, store.Stored[Find(pool, "k1").Id].TotalFailures);
        Assert.Equal(1000, store.Stored[Find(pool, "k2").Id].TotalFailures);
    }

    [Fact]
    public async Task AFewUnwrittenTransitionsStillMergeWithWhatAnotherInstanceStored()
    {
        var (pool, store, sync) = Create("k1");
        var k1 = Find(pool, "k1");
        store.Down = true;
        for (var i = 0; i < 10; i++)
        {
            pool.ReportFailure(k1, "m", Transient);
        }

        await Assert.ThrowsAsync<IOException>(() => sync.SyncOnceAsync(None));

        // Meanwhile another instance counted failures of its own.
        store.Stored[k1.Id] = KeyHealth.Fresh with { TotalFailures = 5 };
        store.Down = false;
        await sync.SyncOnceAsync(None);

        Assert.Equal(15, store.Stored[k1.Id].TotalFailures);
    }

    private (KeyPool Pool, MemoryKeyStates Store, KeyStateSync Sync) Create(params string[] keys)
    {
        var options = TestOptions.Read((SettingNames.ApiKeys, string.Join(',', keys)), (SettingNames.MaxFailures, "100000"));
        var pool = new KeyPool(options, _time);
        var store = new MemoryKeyStates();
        return (pool, store, new KeyStateSync(pool, store, new NoAdminKeys(), options, NullLogger<KeyStateSync>.Instance));
    }

    private static PoolKey Find(KeyPool pool, string secret) =>
        Enumerable.Range(0, pool.Count).Select(_ => pool.Next("any", new HashSet<PoolKey>())!).First(key => key.Secret == secret);

    private sealed class MemoryKeyStates : IKeyStateStore
    {
        public Dictionary<string, KeyHealth> Stored { get; } = new(StringComparer.Ordinal);

        public bool Down { get; set; }

        public Task<IReadOnlyDictionary<string, KeyHealth>> LoadAsync(CancellationToken cancellationToken) =>
            Down ? Task.FromException<IReadOnlyDictionary<string, KeyHealth>>(new IOException("storage down")) : Task.FromResult<IReadOnlyDictionary<string, KeyHealth>>(new Dictionary<string, KeyHealth>(Stored));

        public Task ApplyAsync(KeyTransition transition, CancellationToken cancellationToken)
        {
            if (Down)
            {
                return Task.FromException(new IOException("storage down"));
            }

            Stored[transition.KeyId] = transition.Apply(Stored.GetValueOrDefault(transition.KeyId, KeyHealth.Fresh));
            return Task.CompletedTask;
        }

        public Task ForgetAsync(string keyId, CancellationToken cancellationToken) => Task.CompletedTask;
    }

    private sealed class NoAdminKeys : IAdminKeyStore
    {
        public Task<IReadOnlyList<PoolKey>> LoadAsync(CancellationToken cancellationToken) => Task.FromResult<IReadOnlyList<PoolKey>>([]);

        public Task AddAsync(IReadOnlyCollection<PoolKey> keys, CancellationToken cancellationToken) => Task.CompletedTask;

        public Task RemoveAsync(string keyId, CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
