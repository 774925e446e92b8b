using System.Globalization;
using System.Text;
using GeminiBalance.Benchmarks.Load;

namespace GeminiBalance.Benchmarks.Report;

/// <summary>The run as Markdown: the comparison table first, then streaming, memory, allocation and storage figures.</summary>
internal static class MarkdownReport
{
    public static string Write(BenchResults results)
    {
        var o = results.Options;
        var text = new StringBuilder();
        text.AppendLine(Invariant($"Run {results.StartedAt:yyyy-MM-dd HH:mm} UTC on {results.Machine.Cpu}, {results.Machine.Cores} cores, {results.Machine.Os}, {results.Machine.Runtime}."));
        text.AppendLine(Invariant($"Each cell: {o.Warmup.TotalSeconds} s warm-up, then {o.Duration.TotalSeconds} s measured; the emulated upstream answers at once; streams are {o.StreamChunks} chunks {o.ChunkPacing.TotalMilliseconds} ms apart; the proxy pools {o.Keys} keys."));
        text.AppendLine();
        text.AppendLine("| scenario | concurrency | direct to upstream | via bare forwarder | via proxy | proxy ÷ forwarder |");
        text.AppendLine("|---|---|---|---|---|---|");
        foreach (var row in results.Rows)
        {
            text.AppendLine($"| {row.Scenario} | {row.Concurrency} | {Cell(row.Direct)} | {Cell(row.Forwarder)} | {row.Note ?? Cell(row.Proxy)} | {Ratio(row.Ratio)} |");
        }

        text.AppendLine();
        text.AppendLine("Cells: p50 / p99 latency · completed per second. Streams: time to first chunk. Translated rows (OpenAI, Anthropic) send the equivalent native Gemini request direct and through the forwarder.");
        WriteStreaming(text, results);
        WriteTargets(text, results);
        WriteMemory(text, results.Memory);
        WriteAllocations(text, results.Allocations);
        if (results.Storage is { } storage)
        {
            text.AppendLine();
            text.AppendLine(Invariant($"**Storage calls on the success path:** {(double)storage.OnRequestPath / storage.Requests:0.###} per request ({storage.OnRequestPath} during {storage.Requests} requests; {storage.Total} calls in that window in all, the background key-state refresh included)."));
        }

        return text.ToString();
    }

    private static void WriteStreaming(StringBuilder text, BenchResults results)
    {
        text.AppendLine();
        text.AppendLine(Invariant($"**Streaming** (upstream pacing {results.Options.ChunkPacing.TotalMilliseconds} ms between chunks; \"not apart\" counts chunks the upstream sent apart that arrived in the same read as another):"));
        text.AppendLine();
        text.AppendLine("| scenario | concurrency | path | first chunk p50 / p99 | gap p50 / p99 | chunks not apart |");
        text.AppendLine("|---|---|---|---|---|---|");
        foreach (var row in results.Rows.Where(r => r.Streaming))
        {
            foreach (var (path, summary) in new[] { ("direct", row.Direct), ("forwarder", row.Forwarder), ("proxy", row.Proxy) })
            {
                if (summary is not null)
                {
                    text.AppendLine($"| {row.Scenario} | {row.Concurrency} | {path} | {Pair(summary.FirstChunk)} | {Pair(summary.ChunkGap)} | {summary.BatchedChunks} of {summary.Completed * results.Options.StreamChunks} |");
                }
            }
        }
    }

    private static void WriteTargets(StringBuilder text, BenchResults results)
    {
        text.AppendLine();
        text.AppendLine("**Against the targets of issue #7:**");
        text.AppendLine();
        foreach (var line in TargetCheck.Lines(results))
        {
            text.AppendLine("- " + line);
        }
    }

    private static void WriteMemory(StringBuilder text, IReadOnlyList<MemoryFigures> memory)
    {
        if (memory.Count == 0)
        {
            return;
        }

        text.AppendLine();
        text.AppendLine(Invariant($"**Resident memory (RSS)** around {memory[0].Streams} streams held open at once:"));
        text.AppendLine();
        text.AppendLine("| server | RSS at start | all open | peak | all closed | closed, after a full GC | managed heap at start → after each round |");
        text.AppendLine("|---|---|---|---|---|---|---|");
        foreach (var m in memory)
        {
            text.AppendLine($"| {m.Server} | {Mb(m.Start)} | {Mb(m.Open)} | {Mb(m.Peak)} | {Mb(m.After)} | {Mb(m.AfterCollection)} | {Mb(m.HeapAtStart)} → {string.Join(" → ", m.HeapAfterRounds.Select(Mb))} |");
        }

        text.AppendLine();
        text.AppendLine("RSS figures are the first round's; at start and after they are taken after a full GC. The runtime keeps memory it has committed for reuse, and the first round grows its pools, so RSS settles above its start. The managed heap is read after the proxy's background writers have written out what the streams queued (log rows, usage totals); the pools may grow in steps for a few rounds before they settle; a leak grows by about the same amount every round, to the last.");
    }

    private static void WriteAllocations(StringBuilder text, IReadOnlyList<AllocationFigure> allocations)
    {
        if (allocations.Count == 0)
        {
            return;
        }

        text.AppendLine();
        text.AppendLine("**Allocated per request** (GC.GetTotalAllocatedBytes in the server process around a counted batch, 4 at a time, the proxy's background writers held still; what they then allocate writing the batch's log rows and usage totals is a column of its own; processor time is the server process's over the batch):");
        text.AppendLine();
        text.AppendLine("| request | server | requests | bytes per request | then written in the background, per request | CPU per request |");
        text.AppendLine("|---|---|---|---|---|---|");
        foreach (var a in allocations)
        {
            var failed = a.Failed > 0 ? Invariant($" ({a.Failed} failed)") : "";
            var background = a.Server == "proxy" ? Invariant($"{a.WrittenLaterPerRequest:N0}") : "–";
            text.AppendLine(Invariant($"| {a.Request} | {a.Server} | {a.Requests}{failed} | {a.BytesPerRequest:N0} | {background} | {a.CpuMicrosecondsPerRequest:N0} µs |"));
        }
    }

    private static string Cell(LoadSummary? summary)
    {
        if (summary?.Headline is not { } latency)
        {
            return summary is null ? "–" : $"all {summary.Failed} failed";
        }

        var failed = summary.Failed > 0 ? $" ({summary.Failed} failed)" : "";
        return Invariant($"{latency.P50:0.00} / {latency.P99:0.00} ms · {summary.RequestsPerSecond:N0}/s{failed}");
    }

    private static string Pair(Percentiles? p) => p is null ? "–" : Invariant($"{p.P50:0.00} / {p.P99:0.00} ms");

    private static string Ratio(double? ratio) => ratio is { } r ? Invariant($"{r:0.00}") : "–";

    private static string Mb(long bytes) => Invariant($"{bytes / (1024.0 * 1024):0.0} MB");

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
