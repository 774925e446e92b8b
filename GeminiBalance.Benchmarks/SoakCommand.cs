using System.Globalization;
using System.Text.Json;
using GeminiBalance.Tests.Soak;
using GeminiBalance.Tests.TestKit;

namespace GeminiBalance.Benchmarks;

/// <summary>The long fault soak: the same soak CI runs in short, with thousands of requests. Exits 1 when anything was lost.</summary>
internal static class SoakCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        if (args.FirstOrDefault() == "--quota")
        {
            return await RunQuotaAsync(args[1..]);
        }

        var plan = SoakPlan.Full;
        if (args.Contains("--chaos"))
        {
            plan = plan with { Chaos = true };
            args = [.. args.Where(a => a != "--chaos")];
        }

        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            var value = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
            plan = args[i] switch
            {
                "--requests" => plan with { Requests = value },
                "--concurrency" => plan with { Concurrency = value },
                _ => throw new ArgumentException($"Unknown option {args[i]}.\n{BenchOptions.Usage}"),
            };
        }

        await using var storage = new AzuriteFixture();
        await storage.InitializeAsync();
        await using var upstream = await EmulatedGemini.StartAsync();
        Console.Error.WriteLine($"Soaking{(plan.Chaos ? " (chaos: a misbehaving upstream)" : "")} with {plan.Requests} requests at concurrency {plan.Concurrency}…");
        var report = await FaultSoak.RunAsync(upstream, storage, plan);
        var markdown = report.ToMarkdown();
        Console.WriteLine(markdown);

        var folder = Path.Combine("bench", "results");
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, (plan.Chaos ? "chaos-" : "soak-") + DateTimeOffset.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture));
        await File.WriteAllTextAsync(path + ".json", JsonSerializer.Serialize(report, BenchJson.Indented));
        await File.WriteAllTextAsync(path + ".md", markdown);
        Console.Error.WriteLine($"Results written to {path}.json and .md");
        return report.Passed ? 0 : 1;
    }

    /// <summary>
    /// ./scripts/soak.sh --quota: the same traffic reactive, then quota-aware, against an upstream enforcing per-key
    /// quotas; prints both rows. Exits 1 if quota-aware does not send fewer 429s upstream for at least as many successes.
    /// </summary>
    private static async Task<int> RunQuotaAsync(string[] args)
    {
        var plan = QuotaSoakPlan.Full;
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            var value = double.Parse(args[i + 1], CultureInfo.InvariantCulture);
            plan = args[i] switch
            {
                "--requests" => plan with { Requests = (int)value },
                "--per-minute" => plan with { PerSecond = value / 60 },
                "--keys" => plan with { Keys = (int)value },
                "--rpm" => plan with { Rpm = (int)value },
                "--attempts" => plan with { Attempts = (int)value },
                _ => throw new ArgumentException($"Unknown option {args[i]}.\n{BenchOptions.Usage}"),
            };
        }

        await using var storage = new AzuriteFixture();
        await storage.InitializeAsync();
        Console.Error.WriteLine($"Quota soak: {plan.Requests} requests over {plan.Span.TotalSeconds:0} s, reactive then quota-aware…");
        var reactive = await QuotaSoak.RunAsync(storage, plan, quotaAware: false);
        var aware = await QuotaSoak.RunAsync(storage, plan, quotaAware: true);
        var markdown = QuotaSoakFigures.ToMarkdown(plan, [reactive, aware]);
        Console.WriteLine(markdown);

        var folder = Path.Combine("bench", "results");
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, "quota-soak-" + DateTimeOffset.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture));
        await File.WriteAllTextAsync(path + ".json", JsonSerializer.Serialize(new[] { reactive, aware }, BenchJson.Indented));
        await File.WriteAllTextAsync(path + ".md", markdown);
        Console.Error.WriteLine($"Results written to {path}.json and .md");
        return aware.Upstream429s < reactive.Upstream429s && aware.Succeeded >= reactive.Succeeded ? 0 : 1;
    }
}
