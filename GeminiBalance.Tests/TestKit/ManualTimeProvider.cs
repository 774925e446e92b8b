namespace GeminiBalance.Tests.TestKit;

/// <summary>A clock that moves only when a test says so (Microsoft.Extensions.TimeProvider.Testing is not in our registry).</summary>
public sealed class ManualTimeProvider(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start;

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}
