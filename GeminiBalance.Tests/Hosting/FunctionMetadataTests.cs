using System.Globalization;
using System.Text.Json;
using GeminiBalance.Hosting;
using Microsoft.Extensions.Configuration;

namespace GeminiBalance.Tests.Hosting;

/// <summary>The committed host.json and function.json files say what FunctionRoutes says.</summary>
public sealed class FunctionMetadataTests
{
    public static TheoryData<string> HttpFunctionNames => new(FunctionRoutes.Http.Select(function => function.Name));

    public static TheoryData<string> TimerFunctionNames => new(FunctionRoutes.Timers.Select(function => function.Name));

    [Fact]
    public void FunctionFolders_ComparedWithFunctionRoutes_OneFolderPerFunction()
    {
        var expected = FunctionRoutes.Http.Select(function => function.Name)
            .Concat(FunctionRoutes.Timers.Select(function => function.Name))
            .Order(StringComparer.Ordinal);
        var folders = Directory.GetDirectories(RepositoryFiles.FunctionFolders)
            .Select(folder => Path.GetFileName(folder))
            .Order(StringComparer.Ordinal);

        Assert.Equal(expected, folders);
        Assert.All(folders, name => Assert.True(File.Exists(FunctionJson.FileIn(RepositoryFiles.FunctionFolders, name)), $"{name}/function.json is missing"));
    }

    [Theory]
    [MemberData(nameof(HttpFunctionNames))]
    public void HttpFunctionJson_EachFunction_MatchesFunctionRoutes(string name)
    {
        var function = FunctionRoutes.Http.Single(candidate => candidate.Name == name);
        var bindings = FunctionJson.ReadBindings(FunctionJson.FileIn(RepositoryFiles.FunctionFolders, name));

        // The host proxies the raw request only for a function with exactly one httpTrigger in and one http out.
        Assert.Equal(2, bindings.Count);
        var trigger = Assert.Single(bindings, binding => binding.Direction == "in");
        Assert.Equal("httpTrigger", trigger.Type);
        Assert.Equal(function.Route, trigger.Route);
        Assert.Equal(function.Methods, trigger.Methods);
        // The app authenticates clients itself; a function key would be a second, unrelated credential.
        Assert.Equal("anonymous", trigger.AuthLevel);
        var output = Assert.Single(bindings, binding => binding.Direction == "out");
        Assert.Equal("http", output.Type);
        Assert.Equal("res", output.Name);
    }

    [Theory]
    [MemberData(nameof(TimerFunctionNames))]
    public void TimerFunctionJson_EachTimer_MatchesFunctionRoutes(string name)
    {
        var timer = FunctionRoutes.Timers.Single(candidate => candidate.Name == name);

        var trigger = Assert.Single(FunctionJson.ReadBindings(FunctionJson.FileIn(RepositoryFiles.FunctionFolders, name)));

        Assert.Equal("timerTrigger", trigger.Type);
        Assert.Equal("in", trigger.Direction);
        Assert.Equal("timer", trigger.Name);
        Assert.Equal(timer.Schedule, trigger.Schedule);
    }

    [Fact]
    public void HostJson_CustomHandler_HandsRequestsToTheExecutableUnchanged()
    {
        using var hostJson = ReadHostJson();
        var root = hostJson.RootElement;
        var customHandler = root.GetProperty("customHandler");

        Assert.Equal("2.0", root.GetProperty("version").GetString());
        Assert.Equal("GeminiBalance.Functions", customHandler.GetProperty("description").GetProperty("defaultExecutablePath").GetString());
        // Proxying streams the response; forwarding (buffered) is what hosts without proxying fall back to.
        Assert.True(customHandler.GetProperty("enableProxyingHttpRequest").GetBoolean());
        Assert.True(customHandler.GetProperty("enableForwardingHttpRequest").GetBoolean());
        // Clients see the same paths under the Functions host as on Kestrel.
        Assert.Equal("", root.GetProperty("extensions").GetProperty("http").GetProperty("routePrefix").GetString());
    }

    [Fact]
    public void HostJson_ExtensionBundle_IsTheVersion4Bundle()
    {
        using var hostJson = ReadHostJson();
        var bundle = hostJson.RootElement.GetProperty("extensionBundle");

        Assert.Equal("Microsoft.Azure.Functions.ExtensionBundle", bundle.GetProperty("id").GetString());
        Assert.Equal("[4.*, 5.0.0)", bundle.GetProperty("version").GetString());
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
