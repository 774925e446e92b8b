namespace GeminiBalance.Keys;

/// <summary>The last failure blamed on a key: the upstream status (0 when there was no answer) and Google's reason.</summary>
internal sealed record KeyError(int StatusCode, string Reason, DateTimeOffset At);
