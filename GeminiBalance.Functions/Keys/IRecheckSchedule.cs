namespace GeminiBalance.Keys;

/// <summary>Decides, across every instance, who runs the key re-check and when it is due again.</summary>
internal interface IRecheckSchedule
{
    /// <summary>
    /// True for exactly one caller per <paramref name="interval"/> across all instances: the one whose
    /// conditional write of the start time wins. Everyone else, and every call before the interval has passed, gets false.
    /// </summary>
    Task<bool> TryStartAsync(TimeSpan interval, CancellationToken cancellationToken);
}
