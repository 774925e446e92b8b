namespace GeminiBalance.Benchmarks.Load;

/// <summary>One worker's measurements; merged once the run ends, so workers never contend.</summary>
internal sealed class LoadSamples
{
    public List<double> Latency { get; } = [];

    public List<double> FirstChunk { get; } = [];

    public List<double> ChunkGap { get; } = [];

    public int Failed { get; set; }

    public long BatchedChunks { get; set; }

    public static LoadSummary Summarize(IReadOnlyCollection<LoadSamples> workers, TimeSpan elapsed)
    {
        var latency = workers.SelectMany(w => w.Latency).ToList();
        return new LoadSummary(
            latency.Count,
            workers.Sum(w => w.Failed),
            latency.Count / elapsed.TotalSeconds,
            Percentiles.Of(latency),
            Percentiles.Of([.. workers.SelectMany(w => w.FirstChunk)]),
            Percentiles.Of([.. workers.SelectMany(w => w.ChunkGap)]),
            workers.Sum(w => w.BatchedChunks));
    }
}
