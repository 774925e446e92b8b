namespace GeminiBalance.Keys;

/// <summary>An upstream Gemini API key. <see cref="Id"/> is what logs and API output show; <see cref="Secret"/> only goes upstream.</summary>
internal sealed record PoolKey(string Id, string Secret)
{
    public static PoolKey From(string secret) => new(Auth.ShortId.From(secret), secret);

    // Records print every property; keep the secret out of any accidental ToString (logs, exceptions).
    public override string ToString() => $"key {Id}";
}
