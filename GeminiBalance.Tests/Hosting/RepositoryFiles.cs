namespace GeminiBalance.Tests.Hosting;

/// <summary>
/// The committed Functions files, located from the test binaries so the tests read the files a publish
/// would ship rather than copies that might be stale.
/// </summary>
internal static class RepositoryFiles
{
    public static string Root { get; } = FindRoot();

    public static string HostJson => Path.Combine(Root, "host.json");

    public static string FunctionsProject => Path.Combine(Root, "GeminiBalance.Functions");

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "GeminiBalance.slnx")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No GeminiBalance.slnx in {AppContext.BaseDirectory} or any folder above it.");
    }
}
