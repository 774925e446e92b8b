namespace GeminiBalance.Upstream;

/// <summary>An upstream body that went silent (or never finished) for TIME_OUT after its headers: a timeout like any other.</summary>
internal sealed class UpstreamBodyTimeoutException(TimeSpan limit)
    : IOException($"The upstream answer's body made no progress for {limit.TotalSeconds:0.###} s (TIME_OUT).");
