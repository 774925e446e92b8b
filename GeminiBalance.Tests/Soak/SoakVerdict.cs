namespace GeminiBalance.Tests.Soak;

/// <summary>An outcome and, unless it succeeded, why.</summary>
internal sealed record SoakVerdict(SoakOutcome Outcome, string? Reason = null)
{
    public static readonly SoakVerdict Success = new(SoakOutcome.Succeeded);

    public static SoakVerdict Failed(string reason) => new(SoakOutcome.FailedCorrectly, reason);

    public static SoakVerdict Lost(string reason) => new(SoakOutcome.Lost, reason);
}
