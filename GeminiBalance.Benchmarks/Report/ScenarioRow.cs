using GeminiBalance.Benchmarks.Load;

namespace GeminiBalance.Benchmarks.Report;

/// <summary>One scenario at one concurrency on every path; <paramref name="Note"/> says why the proxy has no figure.</summary>
internal sealed record ScenarioRow(string Scenario, bool Streaming, bool Translated, int Concurrency, LoadSummary? Direct, LoadSummary? Forwarder, LoadSummary? Proxy, string? Note)
{
    /// <summary>Proxy p50 over forwarder p50 (time to first chunk for streams).</summary>
    public double? Ratio => Proxy?.Headline?.P50 / Forwarder?.Headline?.P50;
}
