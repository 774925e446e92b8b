namespace GeminiBalance.Benchmarks.Report;

/// <summary>Memory of one server process around holding many streams open at once, in bytes.</summary>
/// <param name="Start">Resident set before the streams, after warm-up requests and a full GC.</param>
/// <param name="Open">With every stream open and past its first chunk.</param>
/// <param name="Peak">The process's high-water mark by then.</param>
/// <param name="After">Once every stream has ended.</param>
/// <param name="AfterCollection">Resident set after a forced full collection.</param>
/// <param name="HeapAtStart">Managed heap still referenced at the start (after a full GC).</param>
/// <param name="HeapAfter">Managed heap still referenced once the streams ended (after a full GC).</param>
/// <param name="HeapAfterSecondRound">The same after a second round of as many streams.</param>
/// <param name="HeapAfterThirdRound">And after a third: a leak grows with every round, pools that settle do not.</param>
internal sealed record MemoryFigures(
    string Server, int Streams, long Start, long Open, long Peak, long After, long AfterCollection, long HeapAtStart, long HeapAfter, long HeapAfterSecondRound,
    long HeapAfterThirdRound);
