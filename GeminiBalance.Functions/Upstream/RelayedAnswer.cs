namespace GeminiBalance.Upstream;

/// <summary>An answer that reached the client (whole, or ended early after its first byte), with the tokens it reported.</summary>
internal sealed record RelayedAnswer(TokenUsage? Tokens);
