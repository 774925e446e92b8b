using System.Text.Json;
using System.Xml.Linq;
using GeminiBalance.Hosting;
using GeminiBalance.Tests.TestKit;

namespace GeminiBalance.Tests.Deployment;

/// <summary>
/// The host starts <c>customHandler.description.defaultExecutablePath</c> from the package root, and the package's
/// executable is named after the project's AssemblyName. Renaming one without the other deploys an app that never
/// starts, and nothing here would notice: PublishLayoutTests checks the published file, this checks the names agree.
/// </summary>
public sealed class ExecutableNameTests
{
    [Fact]
    public void HostJson_DefaultExecutablePath_IsTheProjectsAssemblyName()
    {
        using var hostJson = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(RepoRoot.Path, "host.json")));
        var executable = hostJson.RootElement.GetProperty("customHandler").GetProperty("description").GetProperty("defaultExecutablePath").GetString();
        var project = XDocument.Load(Path.Combine(RepoRoot.Path, "GeminiBalance.Functions", "GeminiBalance.Functions.csproj"));
        var assemblyName = Assert.Single(project.Descendants("AssemblyName")).Value;

        Assert.Equal(assemblyName, executable);
        // The name the build actually produced, in case the property is overridden elsewhere (Directory.Build.props).
        Assert.Equal(typeof(SettingNames).Assembly.GetName().Name, executable);
    }
}
