namespace GeminiBalance.Tests.TestKit;

/// <summary>The repository root: the nearest folder above the test binaries that holds GeminiBalance.slnx.</summary>
public static class RepoRoot
{
    private const string SolutionFile = "GeminiBalance.slnx";

    private static readonly Lazy<string> Root = new(Find);

    public static string Path => Root.Value;

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, SolutionFile)))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No {SolutionFile} found in {AppContext.BaseDirectory} or any parent folder.");
    }
}
