namespace GeminiBalance.Admin;

/// <summary>gemini-balance's key-maintenance routes, kept as aliases of the admin API for the scripts that call them.</summary>
internal static class MaintenanceAliases
{
    /// <summary>Whether the path is one of the aliases (which, like <c>/manage</c>, stay same-origin).</summary>
    public static bool Covers(PathString path) =>
        path.StartsWithSegments("/v1/keys", StringComparison.Ordinal) || path.StartsWithSegments("/hf/v1/keys", StringComparison.Ordinal)
        || (path.StartsWithSegments("/gemini/v1beta", StringComparison.Ordinal, out var rest)
            && rest.Value is { } action && (action.StartsWith("/verify-", StringComparison.Ordinal) || action.StartsWith("/reset-", StringComparison.Ordinal)));
}
