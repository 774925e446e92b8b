using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace GeminiBalance.Benchmarks.Micro;

/// <summary>Runs the BenchmarkDotNet microbenchmarks in this process (no child project build); extra arguments go to BenchmarkDotNet.</summary>
internal static class MicroCommand
{
    public static int Run(string[] args)
    {
        // In-process: BenchmarkDotNet would otherwise generate and build a project per run, minutes on a busy machine.
        var job = (args.Contains("--long") ? Job.Default : Job.ShortRun).WithToolchain(InProcessEmitToolchain.Instance);
        var config = DefaultConfig.Instance.AddJob(job).WithArtifactsPath(Path.Combine("bench", "results", "micro"));
        // Every benchmark unless the caller names some (--filter *NativeRequestRules*).
        string[] filter = args.Contains("--filter") ? [] : ["--filter", "*"];
        var summaries = BenchmarkSwitcher.FromTypes([typeof(KeyPoolBenchmarks), typeof(AttemptPipelineBenchmarks), typeof(NativeRequestRulesBenchmarks)]).Run([.. args.Where(a => a != "--long"), .. filter], config);
        return summaries.Any(s => s.HasCriticalValidationErrors) ? 1 : 0;
    }
}
