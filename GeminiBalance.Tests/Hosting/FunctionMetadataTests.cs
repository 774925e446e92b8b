using System.Globalization;
using System.Text.Json;
using GeminiBalance.Hosting;
using GeminiBalance.Tests.TestKit.FunctionsHost;
using Microsoft.Extensions.Configuration;

namespace GeminiBalance.Tests.Hosting;

/// <summary>
/// The route table the Functions host uses is the Worker SDK's generated <c>functions.metadata</c>; it must say what
/// FunctionRoutes says, and host.json must make the host run it as an isolated worker with the client's own paths.
/// </summary>
public sealed class FunctionMetadataTests
{
    private static readonly Lazy<IReadOnlyList<GeneratedFunction>> Generated = new(() => FunctionsMetadataFile.Read(WorkerBuild.FunctionsMetadata));

    public static TheoryData<string> HttpFunctionNames => new(FunctionRoutes.Http.Select(function => function.Name));

    public static TheoryData<string> TimerFunctionNames => new(FunctionRoutes.Timers.Select(function => function.Name));

    [Fact]
    public void FunctionsMetadata_ComparedWithFunctionRoutes_ListsEveryGroupAndTimerOnce()
    {
        var expected = FunctionRoutes.Http.Select(function => function.Name)
            .Concat(FunctionRoutes.Timers.Select(function => function.Name))
            .Order(StringComparer.Ordinal);

        Assert.Equal(expected, Generated.Value.Select(function => function.Name).Order(StringComparer.Ordinal));
        Assert.Contains(FunctionRoutes.Manage, expected);
        Assert.All(Generated.Value, function =>
        {
            Assert.Equal("dotnet-isolated", function.Language);
            Assert.Equal("GeminiBalance.Functions.dll", function.ScriptFile);
        });
    }

    [Theory]
    [MemberData(nameof(HttpFunctionNames))]
    public void FunctionsMetadata_EachHttpFunction_MatchesFunctionRoutes(string name)
    {
        var function = FunctionRoutes.Http.Single(candidate => candidate.Name == name);
        var bindings = Generated.Value.Single(candidate => candidate.Name == name).Bindings;

        var trigger = Assert.Single(bindings, binding => binding.Type == "httpTrigger");
        Assert.Equal("In", trigger.Direction);
        Assert.Equal(function.Route, trigger.Route);
        Assert.Equal(function.Methods, trigger.Methods);
        // The app authenticates clients itself; a function key would be a second, unrelated credential.
        Assert.Equal("anonymous", trigger.AuthLevel, ignoreCase: true);
        var output = Assert.Single(bindings, binding => binding.Direction == "Out");
        Assert.Equal("http", output.Type);
    }

    [Theory]
    [MemberData(nameof(TimerFunctionNames))]
    public void FunctionsMetadata_EachTimer_MatchesFunctionRoutes(string name)
    {
        var timer = FunctionRoutes.Timers.Single(candidate => candidate.Name == name);

        var trigger = Assert.Single(Generated.Value.Single(candidate => candidate.Name == name).Bindings);

        Assert.Equal("timerTrigger", trigger.Type);
        Assert.Equal("In", trigger.Direction);
        Assert.Equal(timer.Schedule, trigger.Schedule);
    }

    [Fact]
    public void WorkerConfig_StartsTheAppDllAsADotnetIsolatedWorker()
    {
        using var config = JsonDocument.Parse(File.ReadAllBytes(WorkerBuild.WorkerConfig));
        var description = config.RootElement.GetProperty("description");

        Assert.Equal("dotnet-isolated", description.GetProperty("language").GetString());
        Assert.Equal("GeminiBalance.Functions.dll", description.GetProperty("defaultWorkerPath").GetString());
        Assert.True(File.Exists(Path.Combine(WorkerBuild.Directory, description.GetProperty("defaultWorkerPath").GetString()!)));
    }

    [Fact]
    public void HostJson_IsolatedWorker_NoCustomHandlerNorBundleAndClientPathsUnprefixed()
    {
        using var hostJson = ReadHostJson();
        var root = hostJson.RootElement;

        Assert.Equal("2.0", root.GetProperty("version").GetString());
        // The worker brings its own extensions (the SDK's hidden extension project); a bundle is for script languages.
        Assert.False(root.TryGetProperty("customHandler", out _), "host.json still configures a custom handler");
        Assert.False(root.TryGetProperty("extensionBundle", out _), "host.json still names an extension bundle");
        // Clients see the same paths under the Functions host as on Kestrel.
        Assert.Equal("", root.GetProperty("extensions").GetProperty("http").GetProperty("routePrefix").GetString());
        // What the build ships is the committed file.
        Assert.Equal(File.ReadAllText(RepositoryFiles.HostJson), File.ReadAllText(Path.Combine(WorkerBuild.Directory, "host.json")));
    }

    [Fact]
    public void HostJson_FunctionTimeout_OutlastsOneUpstreamAttempt()
    {
        using var hostJson = ReadHostJson();
        var defaults = ProxyOptionsReader.Read(new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["ALLOWED_TOKENS"] = "t1", ["AzureWebJobsStorage"] = "UseDevelopmentStorage=true" })
            .Build());

        var functionTimeout = TimeSpan.Parse(hostJson.RootElement.GetProperty("functionTimeout").GetString()!, CultureInfo.InvariantCulture);

        // Otherwise the host ends a slow stream before the app's own deadline can answer it in the client's protocol.
        Assert.True(functionTimeout > defaults.Timeout, $"functionTimeout {functionTimeout} does not outlast TIME_OUT {defaults.Timeout}");
    }

    private static JsonDocument ReadHostJson() => JsonDocument.Parse(File.ReadAllBytes(RepositoryFiles.HostJson));
}
