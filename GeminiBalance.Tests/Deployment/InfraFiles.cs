using GeminiBalance.Tests.TestKit;

namespace GeminiBalance.Tests.Deployment;

/// <summary>The committed infrastructure files, read from the repository so the tests see what a deployment would use.</summary>
internal static class InfraFiles
{
    public static string Folder => Path.Combine(RepoRoot.Path, "infra");

    public static string MainBicep => Path.Combine(Folder, "main.bicep");

    public static string MainParameters => Path.Combine(Folder, "main.parameters.json");

    public static IReadOnlyList<string> AllBicep =>
        Directory.GetFiles(Folder, "*.bicep", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToArray();

    /// <summary>The app settings of every Bicep file under infra/.</summary>
    public static IReadOnlyList<BicepAppSetting> AppSettings() =>
        AllBicep.SelectMany(file => BicepText.AppSettings(File.ReadAllText(file))).ToArray();

    public static IReadOnlyList<BicepParameter> MainParametersDeclared() => BicepText.Parameters(File.ReadAllText(MainBicep));
}
