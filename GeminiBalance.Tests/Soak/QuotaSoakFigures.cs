using System.Globalization;

namespace GeminiBalance.Tests.Soak;

/// <summary>What one run of the quota soak saw: the client's answers and the upstream's 429s.</summary>
/// <param name="Mode">"reactive" (keys learn their quota from 429s) or "quota-aware" (KEY_MODEL_LIMITS set).</param>
/// <param name="UpstreamCalls">Model calls the upstream received, the ones it refused included.</param>
/// <param name="Upstream429s">Calls the upstream refused with 429 RESOURCE_EXHAUSTED for a spent quota.</param>
/// <param name="Answers">The client's answers by status code.</param>
internal sealed record QuotaSoakFigures(string Mode, int Sent, int Succeeded, long UpstreamCalls, long Upstream429s, IReadOnlyDictionary<int, int> Answers, TimeSpan Elapsed)
{
    /// <summary>The share of upstream calls refused with 429.</summary>
    public double Upstream429Rate => UpstreamCalls == 0 ? 0 : (double)Upstream429s / UpstreamCalls;

    public double SucceededPerMinute => Succeeded / Elapsed.TotalMinutes;

    public static string ToMarkdown(QuotaSoakPlan plan, IEnumerable<QuotaSoakFigures> runs)
    {
        var lines = new List<string>
        {
            string.Create(CultureInfo.InvariantCulture, $"{plan.Requests} requests at {plan.PerSecond * 60:0} a minute, {plan.Keys} keys of {plan.Rpm} requests a minute each (capacity {plan.Keys * plan.Rpm} a minute), MAX_RETRIES={plan.Attempts}."),
            "",
            "| mode | sent | succeeded | succeeded a minute | upstream calls | upstream 429s | 429 rate | answers | time |",
            "|---|---|---|---|---|---|---|---|---|",
        };
        lines.AddRange(runs.Select(run => string.Create(
            CultureInfo.InvariantCulture,
            $"| {run.Mode} | {run.Sent} | {run.Succeeded} | {run.SucceededPerMinute:0.0} | {run.UpstreamCalls} | {run.Upstream429s} | {run.Upstream429Rate:P1} | {string.Join(", ", run.Answers.OrderBy(a => a.Key).Select(a => $"{a.Key}×{a.Value}"))} | {run.Elapsed.TotalSeconds:0.0} s |")));
        return string.Join('\n', lines) + "\n";
    }
}
