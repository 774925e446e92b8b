using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace GeminiBalance.Files;

/// <summary>The parts of Google's File resource the proxy keeps: its id, its expiry, and the resource itself.</summary>
internal sealed partial record FileResource(string FileId, DateTimeOffset? ExpiresAt, string Json)
{
    /// <summary>Google deletes uploaded files after 48 h; used when an answer carries no expirationTime.</summary>
    public static readonly TimeSpan DefaultLifetime = TimeSpan.FromHours(48);

    /// <summary>Reads <c>{"file":File}</c> (an upload's answer) or a bare File (a get's answer); null when it is neither.</summary>
    public static FileResource? Read(ReadOnlySpan<byte> body)
    {
        try
        {
            using var document = JsonDocument.Parse(body.ToArray());
            var file = document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("file", out var wrapped)
                ? wrapped
                : document.RootElement;
            if (file.ValueKind != JsonValueKind.Object
                || !file.TryGetProperty("name", out var name) || name.GetString() is not { } fullName
                || !fullName.StartsWith("files/", StringComparison.Ordinal) || !GeminiFileName.IsValidId(fullName.AsSpan("files/".Length)))
            {
                return null;
            }

            DateTimeOffset? expires = file.TryGetProperty("expirationTime", out var expiration) && expiration.ValueKind == JsonValueKind.String
                ? ParseTimestamp(expiration.GetString() ?? "")
                : null;
            return new FileResource(fullName["files/".Length..], expires, file.GetRawText());
        }
        catch (JsonException)
        {
            return null;
        }
    }

    // Google writes up to nine fractional digits; .NET parses at most seven, which is all the precision it keeps anyway.
    private static DateTimeOffset? ParseTimestamp(string text) =>
        DateTimeOffset.TryParse(ExtraDigits().Replace(text, "$1"), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed) ? parsed : null;

    [GeneratedRegex(@"(\.\d{7})\d+")]
    private static partial Regex ExtraDigits();
}
