using System.Globalization;
using System.Text;

namespace GeminiBalance.Tests.Soak;

/// <summary>A soak's tally. It passes when nothing was lost; how long it took is reported, never judged.</summary>
internal sealed record SoakReport(
    int Sent,
    int Succeeded,
    int FailedCorrectly,
    int Lost,
    IReadOnlyDictionary<string, int> LostReasons,
    IReadOnlyDictionary<string, int> FailureReasons,
    IReadOnlyList<SoakRequestKind> Kinds,
    IReadOnlyList<SoakKeyFigures> Keys,
    TimeSpan Elapsed,
    long PeakWorkingSetMiB = 0)
{
    public bool Passed => Lost == 0 && Sent == Succeeded + FailedCorrectly;

    public string ToMarkdown()
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"| sent | succeeded | failed with a correct error | lost |");
        text.AppendLine("|---|---|---|---|");
        text.AppendLine(CultureInfo.InvariantCulture, $"| {Sent} | {Succeeded} | {FailedCorrectly} | {Lost} |");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"Requests: {string.Join(", ", Kinds)}, in {Elapsed.TotalSeconds:0.0} s; peak working set of the whole soak process (client, proxy and upstream) {PeakWorkingSetMiB} MiB. {(Passed ? "Passed: nothing lost." : "FAILED: requests were lost.")}");
        foreach (var (title, reasons) in new[] { ("Correct failures", FailureReasons), ("Lost", LostReasons) })
        {
            if (reasons.Count > 0)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"{title}: {string.Join("; ", reasons.OrderByDescending(r => r.Value).Select(r => $"{r.Key} × {r.Value}"))}.");
            }
        }

        text.AppendLine();
        text.AppendLine("| key | fault | calls it received | of them while set aside | state at the end |");
        text.AppendLine("|---|---|---|---|---|");
        foreach (var key in Keys)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"| {key.Key} | {key.Fault} | {key.Calls} | {key.CallsWhileSetAside} | {key.FinalStatus} |");
        }

        return text.ToString();
    }
}
