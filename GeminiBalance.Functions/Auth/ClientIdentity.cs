namespace GeminiBalance.Auth;

/// <summary>Who is calling: a short id derived from the token (safe to log and store) and whether it is the admin token.</summary>
internal sealed record ClientIdentity(string TokenId, bool IsAdmin);
