using GeminiBalance.Clients;

namespace GeminiBalance.Auth;

/// <summary>Who is calling: a short id derived from the token (safe to log and store) and whether it is the admin token.</summary>
/// <param name="TokenId">For a client key, its id; for a token from ALLOWED_TOKENS or the admin token, a short digest of it.</param>
/// <param name="Client">The client key the caller presented, with its limits; null for ALLOWED_TOKENS and the admin token (unlimited).</param>
internal sealed record ClientIdentity(string TokenId, bool IsAdmin, ClientKey? Client = null);
