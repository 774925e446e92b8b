using System.Text.Json;

namespace GeminiBalance.Upstream;

/// <summary>Reads a GenerateContentResponse's <c>usageMetadata</c> (protocols.md A.3) into <see cref="TokenUsage"/>.</summary>
internal static class UsageMetadata
{
    /// <returns>The counts, or null when the answer carries none.</returns>
    public static TokenUsage? Read(JsonElement answer)
    {
        if (!answer.TryGetProperty("usageMetadata", out var usage) || usage.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        return new TokenUsage(Count(usage, "promptTokenCount"), Count(usage, "candidatesTokenCount"), Count(usage, "thoughtsTokenCount"), Count(usage, "totalTokenCount"));
    }

    private static int Count(JsonElement usage, string name) =>
        usage.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var count) ? count : 0;
}
