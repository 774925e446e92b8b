using System.Text.Json;

namespace GeminiBalance.Upstream;

/// <summary>What the classifier needs from a google.rpc.Status error body; every field is optional.</summary>
internal sealed record GoogleError(string Message, string? Status, string? Reason, TimeSpan? RetryDelay, bool PerDayQuota)
{
    private static readonly GoogleError Empty = new("", null, null, null, false);

    /// <summary>Whether the body is a google.rpc.Status error at all (a load balancer's HTML page is not).</summary>
    public bool Found => !ReferenceEquals(this, Empty);

    public static GoogleError Read(ReadOnlySpan<byte> body)
    {
        try
        {
            var reader = new Utf8JsonReader(body);
            using var document = JsonDocument.ParseValue(ref reader);
            var root = document.RootElement;
            // Streamed (alt=json) errors come wrapped in an array.
            if (root.ValueKind == JsonValueKind.Array && root.GetArrayLength() > 0)
            {
                root = root[0];
            }

            return root.ValueKind == JsonValueKind.Object && root.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.Object
                ? FromError(error)
                : Empty;
        }
        catch (JsonException)
        {
            return Empty;
        }
    }

    private static GoogleError FromError(JsonElement error)
    {
        string? reason = null;
        TimeSpan? retryDelay = null;
        var perDay = false;
        if (error.TryGetProperty("details", out var details) && details.ValueKind == JsonValueKind.Array)
        {
            foreach (var detail in details.EnumerateArray().Where(detail => detail.ValueKind == JsonValueKind.Object))
            {
                reason ??= Text(detail, "reason");
                if (Text(detail, "retryDelay") is { } delay && FailureClassifier.TryParseDuration(delay, out var parsed))
                {
                    retryDelay = parsed;
                }

                // QuotaFailure names the exhausted quota, e.g. GenerateRequestsPerDayPerProjectPerModel-FreeTier.
                if (detail.TryGetProperty("violations", out var violations) && violations.ValueKind == JsonValueKind.Array)
                {
                    perDay |= violations.EnumerateArray().Any(violation =>
                        violation.ValueKind == JsonValueKind.Object && (Text(violation, "quotaId") ?? "").Contains("PerDay", StringComparison.Ordinal));
                }
            }
        }

        return new GoogleError(Text(error, "message") ?? "", Text(error, "status"), reason, retryDelay, perDay);
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
