using BenchmarkDotNet.Attributes;
using GeminiBalance.Hosting;
using GeminiBalance.Keys;

namespace GeminiBalance.Benchmarks.Micro;

/// <summary>
/// The key pool's hot path: one choice and one success report per request. Selection and reporting should
/// allocate nothing; a tried-keys set made per request is measured alongside (the forwarder's call state, which holds a
/// pooled one now, is measured in <see cref="AttemptPipelineBenchmarks"/>).
/// </summary>
[MemoryDiagnoser]
public class KeyPoolBenchmarks // BenchmarkDotNet needs public, unsealed benchmark classes.
{
    private const string Model = "gemini-2.5-flash";
    private static readonly IReadOnlySet<PoolKey> NothingTried = new HashSet<PoolKey>();

    private KeyPool _pool = null!;

    [Params(4, 100, 1000)]
    public int Keys { get; set; }

    [GlobalSetup]
    public void Setup() => _pool = new KeyPool(Options(Keys), TimeProvider.System);

    [Benchmark(Baseline = true, Description = "select + report success")]
    public string SelectAndReportSuccess()
    {
        var key = _pool.Next(Model, NothingTried)!;
        _pool.ReportSuccess(key);
        return key.Id;
    }

    [Benchmark(Description = "select with a new tried-set + report success (the forwarder before the fix)")]
    public string SelectWithNewTriedSet()
    {
        var tried = new HashSet<PoolKey>();
        var key = _pool.Next(Model, tried)!;
        tried.Add(key);
        _pool.ReportSuccess(key);
        return key.Id;
    }

    // Read the way the app reads its settings, so this stays valid as ProxyOptions grows.
    internal static ProxyOptions Options(int keys) => ProxyOptionsReader.Read(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
    {
        [SettingNames.ApiKeys] = string.Join(',', Enumerable.Range(0, keys).Select(i => $"AIzaSyMicrobenchmarkKey{i:D16}")),
        [SettingNames.AllowedTokens] = "token",
        [SettingNames.AzureWebJobsStorage] = "UseDevelopmentStorage=true",
    }).Build());
}
