using System.Globalization;
using System.Text.Json;
using GeminiBalance.Keys;

namespace GeminiBalance.Upstream;

/// <summary>Reads an upstream error (status + google.rpc.Status body) and decides whom to blame (docs/protocols.md#gemini-errors).</summary>
internal static class FailureClassifier
{
    private static readonly TimeSpan DefaultCooldown = TimeSpan.FromSeconds(60);

    public static UpstreamFailure Classify(int statusCode, ReadOnlySpan<byte> body)
    {
        var error = GoogleError.Read(body);
        var reason = error.Reason ?? error.Status ?? $"HTTP {statusCode}";
        var kind = statusCode switch
        {
            // Google answers a bad key with 400 INVALID_ARGUMENT and ErrorInfo.reason API_KEY_INVALID.
            400 => error.Reason == "API_KEY_INVALID" || error.Message.Contains("API key not valid", StringComparison.OrdinalIgnoreCase)
                   || error.Message.Contains("API Key not found", StringComparison.OrdinalIgnoreCase)
                ? FailureKind.KeyInvalid
                : FailureKind.ClientError,
            401 => FailureKind.KeyInvalid,
            // A file of another project is the request's problem, not the key's (issue #6 routes files to their owner).
            403 => error.Message.Contains("permission to access the File", StringComparison.OrdinalIgnoreCase) ? FailureKind.ClientError : FailureKind.KeyInvalid,
            429 => FailureKind.RateLimited,
            408 or >= 500 => FailureKind.Transient,
            _ => FailureKind.ClientError,
        };
        return new UpstreamFailure(kind, error.RetryDelay ?? DefaultCooldown, error.PerDayQuota, statusCode, reason);
    }

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
}
