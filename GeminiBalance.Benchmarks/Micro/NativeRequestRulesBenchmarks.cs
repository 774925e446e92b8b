using System.Text;
using BenchmarkDotNet.Attributes;
using GeminiBalance.Hosting;
using GeminiBalance.Translation;

namespace GeminiBalance.Benchmarks.Micro;

/// <summary>
/// What gemini-balance's server rules cost a native generate call: no rule (the client's own bytes after one scan),
/// SAFETY_SETTINGS alone (the default: one splice), and a suffixed model (the body re-written through JsonNode).
/// </summary>
[MemoryDiagnoser]
public class NativeRequestRulesBenchmarks // BenchmarkDotNet needs public, unsealed benchmark classes.
{
    private static readonly ProxyOptions NoSafety = Options("[]");
    private static readonly ProxyOptions Defaults = Options(null);

    private byte[] _body = [];
    private ModelName _plain = null!;
    private ModelName _search = null!;

    /// <summary>A chat turn of about 1 KB, and one carrying a 1 MB inline image.</summary>
    [Params(1_024, 1_048_576)]
    public int BodyBytes { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var text = new string('a', Math.Max(0, BodyBytes - 120));
        _body = Encoding.UTF8.GetBytes($$$"""{"contents":[{"role":"user","parts":[{"text":"describe"},{"inlineData":{"mimeType":"image/png","data":"{{{text}}}"}}]}],"generationConfig":{"temperature":0.2}}""");
        _plain = ModelName.Parse("gemini-2.5-flash", Defaults);
        _search = ModelName.Parse("gemini-2.5-flash-search", Defaults);
    }

    [Benchmark(Baseline = true, Description = "no rule: the client's bytes")]
    public byte[] NoRule() => NativeRequestRules.Apply(_body, _plain, NoSafety);

    [Benchmark(Description = "SAFETY_SETTINGS spliced in")]
    public byte[] SafetySettings() => NativeRequestRules.Apply(_body, _plain, Defaults);

    [Benchmark(Description = "-search: re-written")]
    public byte[] SearchSuffix() => NativeRequestRules.Apply(_body, _search, Defaults);

    private static ProxyOptions Options(string? safety) => ProxyOptionsReader.Read(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
    {
        [SettingNames.AllowedTokens] = "token",
        [SettingNames.AzureWebJobsStorage] = "UseDevelopmentStorage=true",
        [SettingNames.SafetySettings] = safety,
    }).Build());
}
