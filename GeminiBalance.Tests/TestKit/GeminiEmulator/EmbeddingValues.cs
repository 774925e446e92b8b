using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace GeminiBalance.Tests.TestKit.GeminiEmulator;

/// <summary>Deterministic pseudo-embeddings: the same text always yields the same vector, different texts differ.</summary>
internal static class EmbeddingValues
{
    public static JsonObject For(string text, int dimensions)
    {
        // string.GetHashCode is randomised per process, so seed from a stable hash instead.
        var seed = BitConverter.ToUInt64(SHA256.HashData(Encoding.UTF8.GetBytes(text)), 0) | 1;
        var values = new JsonArray();
        for (var i = 0; i < dimensions; i++)
        {
            // xorshift64: cheap, stable across platforms and runtimes.
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            values.Add(Math.Round((seed % 2_000_001) / 1_000_000.0 - 1.0, 6));
        }

        return new JsonObject { ["values"] = values };
    }
}
