using System.Text;
using System.Text.Json.Serialization;

namespace GeminiBalance.Tests.Hostile;

/// <summary>Who a corpus request authenticates as: the caller's usual header for its protocol, the admin token, or nobody.</summary>
public enum HostileAuth
{
    Client,
    Admin,
    None,
}

/// <summary>The protocol whose error shape a refusal must have (admin and console routes answer in Gemini's).</summary>
public enum HostileProtocol
{
    Gemini,
    OpenAi,
    Anthropic,

    /// <summary>gemini-balance's own answers, which its maintenance routes keep so its scripts keep working.</summary>
    GeminiBalance,
}

/// <summary>
/// One line of the hostile-input corpus. The body is kept short in the file: <see cref="Expand"/> grows the
/// <c>⟦nest:N⟧</c> and <c>⟦repeat:N:text⟧</c> macros, so a 10,000-level nesting or a 4 MB string costs a line.
/// </summary>
public sealed record HostileRequest(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("method")] string Method,
    [property: JsonPropertyName("path")] string Path,
    [property: JsonPropertyName("protocol")] HostileProtocol Protocol,
    [property: JsonPropertyName("auth")] HostileAuth Auth,
    [property: JsonPropertyName("body"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Body = null,
    [property: JsonPropertyName("bodyBase64"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? BodyBase64 = null,
    [property: JsonPropertyName("headers"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyDictionary<string, string>? Headers = null)
{
    /// <returns>The body's bytes with its macros grown, or null for a request without a body.</returns>
    public byte[]? BodyBytes() =>
        BodyBase64 is not null ? Convert.FromBase64String(BodyBase64)
        : Body is not null ? Encoding.UTF8.GetBytes(Expand(Body))
        : null;

    public static string Nest(int depth) => $"⟦nest:{depth}⟧";

    public static string Repeat(int count, string text) => $"⟦repeat:{count}:{text}⟧";

    /// <summary>Grows <c>⟦nest:N⟧</c> into N nested arrays and <c>⟦repeat:N:text⟧</c> into text N times.</summary>
    public static string Expand(string body)
    {
        var builder = new StringBuilder();
        var at = 0;
        while (body.IndexOf('⟦', at) is var start and >= 0)
        {
            var end = body.IndexOf('⟧', start);
            builder.Append(body, at, start - at);
            var parts = body[(start + 1)..end].Split(':', 3);
            var count = int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture);
            if (parts[0] == "nest")
            {
                builder.Append('[', count).Append(']', count);
            }
            else
            {
                builder.Insert(builder.Length, parts[2], count);
            }

            at = end + 1;
        }

        return builder.Append(body, at, body.Length - at).ToString();
    }
}
