namespace GeminiBalance.Benchmarks.Report;

/// <summary>Everything one run measured; written as JSON so a later run can be compared with it.</summary>
internal sealed record BenchResults(
    DateTimeOffset StartedAt,
    MachineInfo Machine,
    BenchOptions Options,
    IReadOnlyList<ScenarioRow> Rows,
    IReadOnlyList<MemoryFigures> Memory,
    IReadOnlyList<AllocationFigure> Allocations,
    StorageFigure? Storage);
