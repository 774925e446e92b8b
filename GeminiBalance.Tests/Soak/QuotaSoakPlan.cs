namespace GeminiBalance.Tests.Soak;

/// <summary>
/// Traffic for the quota soak: <paramref name="Requests"/> requests for one model, started at
/// <paramref name="PerSecond"/> a second whatever the answers (an open loop, as independent clients send), against
/// <paramref name="Keys"/> keys that Google lets send <paramref name="Rpm"/> requests a minute each.
/// </summary>
/// <param name="Attempts">MAX_RETRIES: attempts in all for one request (gemini-balance's default is 3).</param>
internal sealed record QuotaSoakPlan(int Keys, int Rpm, int Requests, double PerSecond, int Attempts)
{
    /// <summary>The test's: a burst of three times what the keys allow in a minute.</summary>
    public static QuotaSoakPlan Short { get; } = new(Keys: 3, Rpm: 5, Requests: 45, PerSecond: 30, Attempts: 3);

    /// <summary>./scripts/soak.sh --quota: two minutes at twice the pool's capacity.</summary>
    public static QuotaSoakPlan Full { get; } = new(Keys: 8, Rpm: 10, Requests: 320, PerSecond: 160 / 60.0, Attempts: 3);

    public TimeSpan Span => TimeSpan.FromSeconds(Requests / PerSecond);
}
