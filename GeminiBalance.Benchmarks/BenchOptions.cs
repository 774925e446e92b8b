using System.Globalization;

namespace GeminiBalance.Benchmarks;

/// <summary>The knobs of a benchmark run; the defaults keep a run to a few minutes.</summary>
internal sealed record BenchOptions
{
    public TimeSpan Warmup { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(2);

    public IReadOnlyList<int> Concurrency { get; init; } = [1, 16, 64];

    public int StreamChunks { get; init; } = 50;

    public TimeSpan ChunkPacing { get; init; } = TimeSpan.FromMilliseconds(5);

    public int OpenStreams { get; init; } = 1000;

    public int MemoryRounds { get; init; } = 5;

    public int Keys { get; init; } = 4;

    /// <summary>Requests sent around each allocation and storage-call measurement.</summary>
    public int CountedRequests { get; init; } = 2000;

    /// <summary>Only scenarios whose name contains this run (case-insensitive).</summary>
    public string? Only { get; init; }

    public string ResultsFolder { get; init; } = Path.Combine("bench", "results");

    public const string Usage = """
        ./scripts/bench.sh [options]
          --duration S      seconds measured per scenario, path and concurrency (default 2)
          --warmup S        seconds of warm-up before each measurement (default 1; the servers JIT as they go)
          --concurrency L   comma-separated levels (default 1,16,64)
          --chunks N        chunks per streamed answer (default 50)
          --pacing-ms MS    the upstream's pause between chunks (default 5)
          --open-streams N  streams held open at once for the memory figures (default 1000)
          --memory-rounds N rounds of those streams (default 5; the heap may grow in steps for a few rounds before it settles)
          --keys N          keys in the proxy's pool (default 4)
          --requests N      requests per allocation and storage-call measurement (default 2000)
          --only TEXT       only the scenarios whose name contains TEXT
          --out DIR         where the JSON and Markdown results go (default bench/results)
        ./scripts/bench.sh --micro [BenchmarkDotNet options]   the key-pool microbenchmark
        ./scripts/soak.sh [--chaos] [--requests N] [--concurrency N]  the fault soak (--chaos: a misbehaving upstream)
        ./scripts/soak.sh --quota [--requests N] [--per-minute N] [--keys N] [--rpm N] [--attempts N]   reactive vs quota-aware
        """;

    public static BenchOptions Parse(IReadOnlyList<string> args)
    {
        var options = new BenchOptions();
        for (var i = 0; i < args.Count; i++)
        {
            var value = i + 1 < args.Count ? args[i + 1] : throw new ArgumentException($"{args[i]} needs a value.\n{Usage}");
            options = args[i] switch
            {
                "--duration" => options with { Duration = TimeSpan.FromSeconds(Number(value)) },
                "--warmup" => options with { Warmup = TimeSpan.FromSeconds(Number(value)) },
                "--concurrency" => options with { Concurrency = [.. value.Split(',').Select(level => (int)Number(level))] },
                "--chunks" => options with { StreamChunks = (int)Number(value) },
                "--pacing-ms" => options with { ChunkPacing = TimeSpan.FromMilliseconds(Number(value)) },
                "--open-streams" => options with { OpenStreams = (int)Number(value) },
                "--memory-rounds" => options with { MemoryRounds = Math.Max(2, (int)Number(value)) },
                "--keys" => options with { Keys = (int)Number(value) },
                "--requests" => options with { CountedRequests = (int)Number(value) },
                "--only" => options with { Only = value },
                "--out" => options with { ResultsFolder = value },
                _ => throw new ArgumentException($"Unknown option {args[i]}.\n{Usage}"),
            };
            i++;
        }

        return options;
    }

    private static double Number(string text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && number >= 0
            ? number
            : throw new ArgumentException($"'{text}' is not a non-negative number.\n{Usage}");
}
