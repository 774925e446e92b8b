namespace GeminiBalance.Benchmarks.Report;

/// <summary>Resident memory of one server process around holding many streams open at once, in bytes.</summary>
/// <param name="Start">Before the streams, after a warm-up request.</param>
/// <param name="Open">With every stream open and past its first chunk.</param>
/// <param name="Peak">The process's high-water mark by then.</param>
/// <param name="After">Once every stream has ended.</param>
/// <param name="AfterCollection">After a forced full collection: what is still referenced.</param>
internal sealed record MemoryFigures(string Server, int Streams, long Start, long Open, long Peak, long After, long AfterCollection);
