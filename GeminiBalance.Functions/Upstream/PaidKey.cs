using GeminiBalance.Hosting;
using GeminiBalance.Keys;

namespace GeminiBalance.Upstream;

/// <summary>
/// PAID_KEY: the one key of a billed project that image generation uses instead of the pool, as in gemini-balance
/// (one attempt, no rotation; its failures do not touch the pool's health). Unset, the pool serves image calls too.
/// </summary>
internal static class PaidKey
{
    /// <summary>The paid key when <paramref name="call"/> generates images and one is set; otherwise null (the pool chooses).</summary>
    public static PoolKey? For(GeminiCall call, ProxyOptions options) =>
        options.PaidKey is { } paid && ImageGeneration.IsImageCall(call) ? paid : null;
}
