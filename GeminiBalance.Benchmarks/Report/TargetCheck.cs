using System.Globalization;

namespace GeminiBalance.Benchmarks.Report;

/// <summary>Reads a run against the targets of issue #7; the figures decide, and a missing route is said as such.</summary>
internal static class TargetCheck
{
    public static IEnumerable<string> Lines(BenchResults results)
    {
        var rows = results.Rows;
        yield return RatioLine("native pass-through, proxy ÷ forwarder p50", rows.Where(r => !r.Translated && !r.Streaming), 1.5);
        yield return RatioLine("translated chat, proxy ÷ forwarder p50", rows.Where(r => r.Translated && !r.Streaming), 2.0);

        if (rows.FirstOrDefault(r => !r.Translated && !r.Streaming && r.Concurrency == 16) is { Proxy.Headline: { } proxy, Direct.Headline: { } direct })
        {
            var added = proxy.P50 - direct.P50;
            yield return Invariant($"added p50 over direct at concurrency 16: {added:0.000} ms (target < 0.5 ms: {Verdict(added < 0.5)})");
        }

        var streams = rows.Where(r => r.Streaming && r.Proxy?.FirstChunk is not null && r.Direct?.FirstChunk is not null).ToList();
        if (streams.Count > 0)
        {
            var added = streams.Select(r => (r, ms: r.Proxy!.FirstChunk!.P50 - r.Direct!.FirstChunk!.P50)).ToList();
            var worst = added.MaxBy(a => a.ms);
            yield return Invariant($"time to first chunk added over direct, p50: at most {worst.ms:0.000} ms ({worst.r.Scenario}, concurrency {worst.r.Concurrency}) (target < 1 ms: {Verdict(worst.ms < 1)})");
            var batchedProxy = streams.Sum(r => r.Proxy!.BatchedChunks);
            var batchedDirect = streams.Sum(r => r.Direct!.BatchedChunks);
            yield return $"chunks sent apart that arrived together: {batchedProxy} via the proxy, {batchedDirect} direct (the client's own noise floor) (target: never batches: {Verdict(batchedProxy <= batchedDirect)})";
        }

        if (results.Memory.FirstOrDefault(m => m.Server == "proxy") is { } memory)
        {
            var steps = memory.HeapAfterRounds.Zip(memory.HeapAfterRounds.Skip(1), (before, after) => (after - before) / (1024.0 * 1024)).ToList();
            if (steps.Count > 0)
            {
                var listed = string.Join(", ", steps.Select(step => Invariant($"{step:+0.0;-0.0}")));
                yield return Invariant($"proxy managed heap from one round of {memory.Streams} streams to the next (full GC, background writers drained): {listed} MB (target: no growth, judged on the last round: {Verdict(steps[^1] < 0.5)})");
            }
        }

        // The target is per translated non-streaming request; a stream's figure covers its 50 chunks and is listed in the table.
        var translated = results.Allocations
            .Where(a => a.Server == "proxy" && a.Request.Contains("OpenAI", StringComparison.Ordinal) && !a.Request.Contains("stream", StringComparison.OrdinalIgnoreCase))
            .ToList();
        if (translated.Count == 0)
        {
            yield return "allocated per translated non-streaming request: n/a (route not built)";
        }
        else
        {
            var worst = translated.MaxBy(a => a.BytesPerRequest + a.WrittenLaterPerRequest)!;
            var total = worst.BytesPerRequest + worst.WrittenLaterPerRequest;
            yield return Invariant($"allocated per translated non-streaming request ({worst.Request}): {worst.BytesPerRequest / 1024.0:0.0} KB while serving it + {worst.WrittenLaterPerRequest / 1024.0:0.0} KB writing its log row and usage later (target < 100 KB: {Verdict(total < 100 * 1024)})");
        }
    }

    private static string RatioLine(string what, IEnumerable<ScenarioRow> rows, double target)
    {
        var measured = rows.Where(r => r.Ratio is not null).ToList();
        if (measured.Count == 0)
        {
            return $"{what}: n/a (route not built)";
        }

        var figures = string.Join(", ", measured.Select(r => Invariant($"{r.Ratio:0.00} ({r.Scenario}, c={r.Concurrency})")));
        var worst = measured.Max(r => r.Ratio!.Value);
        return Invariant($"{what}: {figures} (target ≤ {target}: {Verdict(worst <= target)})");
    }

    private static string Verdict(bool met) => met ? "met" : "missed";

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
