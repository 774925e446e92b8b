namespace GeminiBalance.Benchmarks.Load;

/// <summary>What one path did under one scenario at one concurrency.</summary>
/// <param name="Latency">Whole request, from sending to the last byte.</param>
/// <param name="FirstChunk">Streams only: from sending to the first complete event.</param>
/// <param name="ChunkGap">Streams only: between reads that brought events, to compare with the upstream's pacing.</param>
/// <param name="BatchedChunks">Streams only: upstream chunks, sent apart, that did not arrive in a read of their own.</param>
internal sealed record LoadSummary(
    int Completed,
    int Failed,
    double RequestsPerSecond,
    Percentiles? Latency,
    Percentiles? FirstChunk,
    Percentiles? ChunkGap,
    long BatchedChunks)
{
    /// <summary>The latency the main table compares: time to first chunk for streams, the whole request otherwise.</summary>
    public Percentiles? Headline => FirstChunk ?? Latency;
}
