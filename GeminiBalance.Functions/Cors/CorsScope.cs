namespace GeminiBalance.Cors;

/// <summary>
/// Which paths a web page on another origin may call: the client API only. The admin API (<c>/manage</c>), the console
/// and gemini-balance's maintenance aliases hold or act on the admin token, and no page on another origin needs them,
/// so they stay same-origin whatever CORS_ALLOWED_ORIGINS says. An allow-list, so a route added later is same-origin
/// until someone decides otherwise.
/// </summary>
internal static class CorsScope
{
    // The first path segment of every client API route (see FunctionRoutes); "files" covers the signed image links.
    private static readonly string[] ApiRoots = ["v1", "v1beta", "gemini", "hf", "openai", "upload", "files", "health"];

    public static bool IsClientApi(PathString path)
    {
        var value = path.Value;
        if (string.IsNullOrEmpty(value) || value.Length < 2)
        {
            return false;
        }

        var end = value.IndexOf('/', 1);
        var root = end < 0 ? value.AsSpan(1) : value.AsSpan(1, end - 1);
        foreach (var api in ApiRoots)
        {
            if (root.Equals(api, StringComparison.Ordinal))
            {
                return !Admin.MaintenanceAliases.Covers(path);
            }
        }

        return false;
    }
}
