namespace GeminiBalance.Tests.TestKit;

/// <summary>How <see cref="EmulatedGemini"/> treats requests carrying one API key.</summary>
/// <remarks>
/// Key-level failures (<see cref="Invalid"/>, <see cref="PermissionDenied"/>) apply to every call.
/// The rest only apply to model method calls (<c>POST models/{m}:{action}</c>), because Google
/// enforces quota and capacity per model: <c>GET models</c> keeps working for a throttled key.
/// </remarks>
public abstract record KeyBehavior
{
    // A closed hierarchy: the emulator switches over exactly these cases.
    private KeyBehavior()
    {
    }

    public sealed record Good : KeyBehavior;

    /// <summary>400 INVALID_ARGUMENT with ErrorInfo reason API_KEY_INVALID (what Google returns for a bad key).</summary>
    public sealed record Invalid : KeyBehavior;

    /// <summary>403 PERMISSION_DENIED with ErrorInfo reason API_KEY_SERVICE_BLOCKED.</summary>
    public sealed record PermissionDenied : KeyBehavior;

    /// <summary>429 RESOURCE_EXHAUSTED with QuotaFailure, Help and RetryInfo; only for <paramref name="Model"/> when set.</summary>
    public sealed record RateLimited(TimeSpan RetryDelay, bool PerDay = false, string? Model = null) : KeyBehavior;

    /// <summary>503 UNAVAILABLE "The model is overloaded".</summary>
    public sealed record Unavailable : KeyBehavior;

    /// <summary>Waits <paramref name="Delay"/> (ending early if the client goes away), then behaves as <see cref="Good"/>.</summary>
    public sealed record Slow(TimeSpan Delay) : KeyBehavior;

    /// <summary>Streams <paramref name="AfterElements"/> elements, then drops the connection; non-stream calls behave as <see cref="Good"/>.</summary>
    public sealed record DiesMidStream(int AfterElements) : KeyBehavior;

    /// <summary>generateContent and streamGenerateContent answer with <paramref name="Fault"/>; other calls behave as <see cref="Good"/>.</summary>
    public sealed record Misbehaving(UpstreamFault Fault) : KeyBehavior;
}
