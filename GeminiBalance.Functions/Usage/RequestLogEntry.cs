using GeminiBalance.Errors;
using GeminiBalance.Upstream;

namespace GeminiBalance.Usage;

/// <summary>One client request as the request log keeps it. Secrets never appear: the client and keys by id only.</summary>
/// <param name="ClientId">The client token's id (<see cref="Auth.ClientIdentity.TokenId"/>), never the token.</param>
/// <param name="Path">The path the client called, without its query (where a token may sit).</param>
/// <param name="Model">The model, "" for calls not tied to one.</param>
/// <param name="StatusCode">What the client got; 499 when the client went away before an answer.</param>
/// <param name="KeyId">The key of the last attempt; null when no key was usable.</param>
/// <param name="Tokens">Token counts of a successful answer, when it reported them.</param>
internal sealed record RequestLogEntry(
    DateTimeOffset Time,
    string ClientId,
    ApiProtocol Protocol,
    string Path,
    string Model,
    int StatusCode,
    long LatencyMs,
    int Attempts,
    string? KeyId,
    TokenUsage? Tokens);
