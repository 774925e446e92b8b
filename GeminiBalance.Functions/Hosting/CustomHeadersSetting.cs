using System.Text.Json;

namespace GeminiBalance.Hosting;

/// <summary>
/// CUSTOM_HEADERS as gemini-balance users write it: a JSON object of header name → value, added to every upstream call.
/// Headers that would break the call or replace its credentials are refused at start-up, naming the header, never a value.
/// </summary>
internal static class CustomHeadersSetting
{
    // Framing and connection headers belong to each request; credentials are the pool key's; the upload protocol's are the client's.
    private static readonly HashSet<string> Refused = new(StringComparer.OrdinalIgnoreCase)
    {
        "Host", "Content-Length", "Content-Type", "Content-Encoding", "Transfer-Encoding", "Connection", "Keep-Alive", "TE", "Trailer",
        "Upgrade", "Expect", "Proxy-Authorization", "Proxy-Connection", "x-goog-api-key", "Authorization", "Cookie",
    };

    public static IReadOnlyList<KeyValuePair<string, string>> Parse(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return [];
        }

        var headers = new List<KeyValuePair<string, string>>();
        try
        {
            using var document = JsonDocument.Parse(value);
            foreach (var entry in document.RootElement.EnumerateObject())
            {
                var text = entry.Value.ValueKind switch
                {
                    JsonValueKind.String => entry.Value.GetString() ?? "",
                    JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => entry.Value.GetRawText(),
                    _ => throw Invalid(),
                };
                headers.Add(KeyValuePair.Create(Checked(entry.Name), CheckedValue(entry.Name, text)));
            }
        }
        catch (Exception exception) when (exception is JsonException or InvalidOperationException)
        {
            throw Invalid();
        }

        return headers;
    }

    private static string Checked(string name)
    {
        if (name.Length == 0 || !name.All(IsTokenChar))
        {
            throw new SettingException(SettingNames.CustomHeaders, "has a header name that is not a valid HTTP header name");
        }

        if (Refused.Contains(name) || name.StartsWith("X-Goog-Upload-", StringComparison.OrdinalIgnoreCase))
        {
            throw new SettingException(SettingNames.CustomHeaders, $"may not set {name}: the proxy sets it for each call (framing, connection or credentials)");
        }

        return name;
    }

    // A line break in a value would start a header of its own; the value is never quoted back.
    private static string CheckedValue(string name, string value) => value.Any(c => c is '\r' or '\n' or '\0')
        ? throw new SettingException(SettingNames.CustomHeaders, $"has a line break in the value of {name}")
        : value;

    // RFC 9110 token characters.
    private static bool IsTokenChar(char c) => char.IsAsciiLetterOrDigit(c) || "!#$%&'*+-.^_`|~".Contains(c);

    private static SettingException Invalid() =>
        new(SettingNames.CustomHeaders, "must be a JSON object of header name to text value, e.g. {\"X-Team\": \"research\"}");
}
