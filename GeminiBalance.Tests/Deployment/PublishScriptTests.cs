using System.Diagnostics;
using GeminiBalance.Tests.TestKit;

namespace GeminiBalance.Tests.Deployment;

/// <summary>
/// scripts/publish.sh with stand-ins for <c>dotnet</c> and <c>func</c> that record how they were called: Azure and
/// Core Tools cannot be reached here, but what the script asks of them can be checked.
/// </summary>
public sealed class PublishScriptTests : IDisposable
{
    // Tools the script needs besides dotnet and func; each test's PATH holds only these and the stand-ins.
    private static readonly string[] SystemTools = ["bash", "dirname"];

    private readonly DirectoryInfo _bin = Directory.CreateTempSubdirectory("gb-publish-bin-");
    private readonly string _log;

    public PublishScriptTests()
    {
        _log = Path.Combine(_bin.FullName, "calls.log");
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        foreach (var tool in SystemTools)
        {
            File.CreateSymbolicLink(Path.Combine(_bin.FullName, tool), FindOnPath(tool));
        }
    }

    [Fact]
    public async Task Publish_WithAnAppName_RunsPlainCoreToolsPublishFromTheProjectFolder()
    {
        if (OperatingSystem.IsWindows())
        {
            return; // bash script; publish.ps1 is its Windows twin
        }

        StandIn("dotnet");
        StandIn("func");

        var (exitCode, output) = await RunAsync("func-gb-test");

        Assert.True(exitCode == 0, output);
        // Core Tools builds the isolated-worker project itself; no --custom, no prebuilt package folder.
        var call = Assert.Single(File.ReadAllLines(_log));
        Assert.Equal(["func", "azure", "functionapp", "publish", "func-gb-test", Path.Combine(RepoRoot.Path, "GeminiBalance.Functions")], call.Split('|'));
    }

    [Fact]
    public async Task Publish_WithoutAnAppName_StopsBeforeBuilding()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        StandIn("dotnet");
        StandIn("func");

        var (exitCode, output) = await RunAsync();

        Assert.NotEqual(0, exitCode);
        Assert.Contains("usage: scripts/publish.sh <function-app-name>", output);
        Assert.False(File.Exists(_log), "a tool was run");
    }

    [Fact]
    public async Task Publish_WithoutCoreTools_SaysSoBeforeBuilding()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        StandIn("dotnet");

        var (exitCode, output) = await RunAsync("func-gb-test");

        Assert.NotEqual(0, exitCode);
        Assert.Contains("Azure Functions Core Tools ('func', v4) is not on PATH", output);
        Assert.False(File.Exists(_log), "a tool was run");
    }

    public void Dispose() => _bin.Delete(recursive: true);

    /// <summary>A stand-in that logs "name|args...|working directory".</summary>
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    private void StandIn(string name)
    {
        var path = Path.Combine(_bin.FullName, name);
        File.WriteAllText(path, $$"""
            #!/bin/bash
            ( IFS='|'; echo "{{name}}|$*|$PWD" ) >> '{{_log}}'
            """);
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    private async Task<(int ExitCode, string Output)> RunAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo(Path.Combine(_bin.FullName, "bash"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = RepoRoot.Path,
        };
        start.ArgumentList.Add(Path.Combine(RepoRoot.Path, "scripts", "publish.sh"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["PATH"] = _bin.FullName;
        start.Environment["TMPDIR"] = _bin.FullName;

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        // The stand-ins return at once; a hang means the script waits on something it should not.
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        return (process.ExitCode, await stdout + await stderr);
    }

    private static string FindOnPath(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .Select(directory => Path.Combine(directory, tool))
            .FirstOrDefault(File.Exists)
        ?? throw new InvalidOperationException($"{tool} is not on PATH");
}
