namespace GeminiBalance.Admin;

/// <summary>How a key is shown to an admin: enough to recognise it (<c>AIza…Xy9Z</c>), never enough to use it.</summary>
internal static class KeyMask
{
    // Below this, first and last four would give away too much of the key.
    private const int MinLengthToShowEnds = 16;

    public static string Mask(string secret) =>
        secret.Length >= MinLengthToShowEnds ? $"{secret[..4]}…{secret[^4..]}" : "…";
}
