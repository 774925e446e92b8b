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
}
