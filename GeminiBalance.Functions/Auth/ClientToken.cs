using Microsoft.Extensions.Primitives;

namespace GeminiBalance.Auth;

/// <summary>Finds the client token in whichever place the caller's SDK puts it.</summary>
internal static class ClientToken
{
    public static string? Find(HttpRequest request)
    {
        var authorization = request.Headers.Authorization.ToString();
        if (authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return NullIfEmpty(authorization["Bearer ".Length..].Trim());
        }

        return FirstValue(request.Headers["x-goog-api-key"])
            ?? FirstValue(request.Headers["x-api-key"])
            ?? FirstValue(request.Query["key"]);
    }

    private static string? FirstValue(StringValues values) => values.Count > 0 ? NullIfEmpty(values[0]?.Trim()) : null;

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
