using System.Globalization;
using System.Text.Json;
using GeminiBalance.Keys;

namespace GeminiBalance.Upstream;

/// <summary>Reads an upstream error (status + google.rpc.Status body) and decides whom to blame (protocols.md A.10).</summary>
internal static class FailureClassifier
{
    private static readonly TimeSpan DefaultCooldown = TimeSpan.FromSeconds(60);

    public static UpstreamFailure Classify(int statusCode, ReadOnlySpan<byte> body) => statusCode switch
    {
        400 => IsKeyProblem(body) ? UpstreamFailure.KeyInvalid : UpstreamFailure.ClientError,
        401 => UpstreamFailure.KeyInvalid,
        // A file of another project is the request's problem, not the key's (issue #6 routes files to their owner).
        403 => Message(body).Contains("permission to access the File", StringComparison.OrdinalIgnoreCase)
            ? UpstreamFailure.ClientError
            : UpstreamFailure.KeyInvalid,
        429 => new UpstreamFailure(FailureKind.RateLimited, RetryDelay(body) ?? DefaultCooldown),
        408 or >= 500 => UpstreamFailure.Transient,
        _ => UpstreamFailure.ClientError,
    };

    private static bool IsKeyProblem(ReadOnlySpan<byte> body)
    {
        // Google answers a bad key with 400 INVALID_ARGUMENT and ErrorInfo.reason API_KEY_INVALID.
        var text = System.Text.Encoding.UTF8.GetString(body);
        return text.Contains("API_KEY_INVALID", StringComparison.Ordinal)
            || text.Contains("API key not valid", StringComparison.OrdinalIgnoreCase)
            || text.Contains("API Key not found", StringComparison.OrdinalIgnoreCase);
    }

    private static string Message(ReadOnlySpan<byte> body) =>
        TryReadError(body, error => error.TryGetProperty("message", out var message) ? message.GetString() : null) ?? "";

    private static TimeSpan? RetryDelay(ReadOnlySpan<byte> body) => TryReadError(body, error =>
    {
        if (!error.TryGetProperty("details", out var details) || details.ValueKind != JsonValueKind.Array)
        {
            return (TimeSpan?)null;
        }

        foreach (var detail in details.EnumerateArray())
        {
            if (detail.TryGetProperty("retryDelay", out var delay) && delay.GetString() is { } text && TryParseDuration(text, out var parsed))
            {
                return parsed;
            }
        }

        return null;
    });

    /// <summary>Parses a protobuf Duration in JSON form ("15s", "53.016342224s").</summary>
    public static bool TryParseDuration(string text, out TimeSpan duration)
    {
        duration = default;
        if (!text.EndsWith('s') || !double.TryParse(text.AsSpan(0, text.Length - 1), NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) || seconds < 0)
        {
            return false;
        }

        duration = TimeSpan.FromSeconds(seconds);
        return true;
    }

    private static T? TryReadError<T>(ReadOnlySpan<byte> body, Func<JsonElement, T?> read)
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
                ? read(error)
                : default;
        }
        catch (JsonException)
        {
            return default;
        }
    }
}
