namespace GeminiBalance.Benchmarks.Load;

/// <summary>Nearest-rank percentiles of a set of milliseconds.</summary>
internal sealed record Percentiles(double P50, double P99)
{
    public static Percentiles? Of(List<double> values)
    {
        if (values.Count == 0)
        {
            return null;
        }

        values.Sort();
        return new Percentiles(Rank(values, 0.50), Rank(values, 0.99));
    }

    private static double Rank(List<double> sorted, double p) => sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];
}
