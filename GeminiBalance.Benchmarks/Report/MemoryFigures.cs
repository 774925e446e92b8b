namespace GeminiBalance.Benchmarks.Report;

/// <summary>Memory of one server process around holding many streams open at once, in bytes.</summary>
/// <param name="Start">Resident set before the streams, after warm-up requests and a full GC.</param>
/// <param name="Open">With every stream open and past its first chunk.</param>
/// <param name="Peak">The process's high-water mark by then.</param>
/// <param name="After">Once every stream has ended.</param>
/// <param name="AfterCollection">Resident set after a forced full collection.</param>
/// <param name="HeapAtStart">Managed heap still referenced at the start (after a full GC).</param>
/// <param name="HeapAfter">Managed heap still referenced once the streams ended (after a full GC).</param>
/// <param name="HeapAfterRounds">The managed heap after each round of as many streams (the first is <paramref name="HeapAfter"/>).</param>
internal sealed record MemoryFigures(
    string Server, int Streams, long Start, long Open, long Peak, long After, long AfterCollection, long HeapAtStart, long HeapAfter,
    IReadOnlyList<long> HeapAfterRounds);
