namespace GeminiBalance.Hosting;

/// <summary>Chooses where Kestrel listens standalone, so clients see the URL <c>func start</c> would serve on.</summary>
internal static class ListenUrl
{
    public const string Default = "http://localhost:7071";

    /// <returns>The URL to bind, or null when ASPNETCORE_URLS / --urls already says.</returns>
    public static string? Choose(IConfiguration configuration) =>
        string.IsNullOrWhiteSpace(configuration["urls"]) ? Default : null;
}
