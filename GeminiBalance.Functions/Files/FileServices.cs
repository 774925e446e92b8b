namespace GeminiBalance.Files;

/// <summary>The Files API: uploads, the upstream calls, which key owns a file, and retention.</summary>
internal static class FileServices
{
    public static IServiceCollection AddFiles(this IServiceCollection services)
    {
        services.AddSingleton<FileUploads>();
        services.AddSingleton<FileRetention>();
        services.AddSingleton<FileAffinity>();
        return services;
    }
}
