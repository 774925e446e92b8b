using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using GeminiBalance.Errors;

namespace GeminiBalance.Upstream;

/// <summary>
/// Stands in for an upstream error answer too long to hold whole (Google echoes the client's input into some
/// messages, so a 4 MB model name comes back in a 4 MB error): relaying the cut bytes would hand the client broken
/// JSON. Google's shape instead, with the status, the start of the message and the reason (what the classifier reads).
/// </summary>
internal static partial class CutErrorBody
{
    private const int ShownCharacters = 1000;

    public static byte[] Of(int statusCode, ReadOnlySpan<byte> start)
    {
        var text = Encoding.UTF8.GetString(start);
        var message = Message().Match(text) is { Success: true } found ? found.Groups[1].Value : "";
        var reason = Reason().Match(text) is { Success: true } named ? named.Groups[1].Value : null;
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteStartObject("error");
            writer.WriteNumber("code", statusCode);
            writer.WriteString("message", $"(The upstream's error answer was too long to relay whole; it began:) {message[..Math.Min(message.Length, ShownCharacters)]}…");
            writer.WriteString("status", ErrorStatus.GoogleStatus(statusCode));
            if (reason is not null)
            {
                writer.WriteStartArray("details");
                writer.WriteStartObject();
                writer.WriteString("@type", "type.googleapis.com/google.rpc.ErrorInfo");
                writer.WriteString("reason", reason);
                writer.WriteEndObject();
                writer.WriteEndArray();
            }

            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }

    // The message's text up to where it was cut (or its closing quote); escapes are kept as written.
    [GeneratedRegex("\"message\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)")]
    private static partial Regex Message();

    [GeneratedRegex("\"reason\"\\s*:\\s*\"([A-Z0-9_]{1,100})\"")]
    private static partial Regex Reason();
}
