namespace GeminiBalance.Admin;

/// <summary>A key's last failure: the upstream HTTP status (0 when no answer came), Google's reason, and when.</summary>
internal sealed record KeyErrorView(int Status, string Reason, DateTimeOffset Time);
