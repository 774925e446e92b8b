namespace GeminiBalance.Tests.Soak;

/// <param name="Deadline">How long a client waits before calling a request hung; far above TIME_OUT × attempts.</param>
internal sealed record SoakPlan(int Requests, int Concurrency, int StreamChunks, TimeSpan Deadline)
{
    /// <summary>The pool of <see cref="SoakKey.ChaosPool"/>: an upstream misbehaving beyond Google's documented errors.</summary>
    public bool Chaos { get; init; }

    /// <summary>TIME_OUT for the soak's proxy: the smallest the setting allows, so slow keys fail fast.</summary>
    public static readonly TimeSpan TimeOut = TimeSpan.FromSeconds(1);

    public static SoakPlan Short { get; } = new(300, 16, 5, TimeSpan.FromSeconds(30));

    public static SoakPlan Full { get; } = new(3000, 32, 10, TimeSpan.FromSeconds(30));
}
