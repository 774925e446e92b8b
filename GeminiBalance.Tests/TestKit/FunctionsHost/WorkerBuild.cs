namespace GeminiBalance.Tests.TestKit.FunctionsHost;

/// <summary>
/// The worker as the Worker SDK built it beside the tests (<c>GeminiBalance.Functions/bin/{Configuration}/{tfm}</c>):
/// the app dll, <c>worker.config.json</c>, <c>functions.metadata</c> and <c>host.json</c>, what a deployment ships.
/// </summary>
public static class WorkerBuild
{
    private static readonly Lazy<string> Folder = new(Find);

    public static string Directory => Folder.Value;

    public static string FunctionsMetadata => Path.Combine(Directory, "functions.metadata");

    public static string WorkerConfig => Path.Combine(Directory, "worker.config.json");

    private static string Find()
    {
        // The tests' own output folder is …/GeminiBalance.Tests/bin/{Configuration}/{tfm}; the app's sits alongside.
        var tests = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var folder = Path.Combine(RepoRoot.Path, "GeminiBalance.Functions", "bin", tests.Parent!.Name, tests.Name);
        return File.Exists(Path.Combine(folder, "worker.config.json"))
            ? folder
            : throw new InvalidOperationException($"No worker.config.json in {folder}: build the solution first.");
    }
}
