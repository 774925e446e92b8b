using System.Diagnostics;
using System.Text;
using System.Text.Json;
using GeminiBalance.Hosting;

namespace GeminiBalance.Tests.Hosting;

/// <summary>
/// A Release publish is what `func azure functionapp publish` uploads, so it must already be a Functions app:
/// host.json and the custom handler executable at the root, one folder per function.
/// </summary>
public sealed class PublishLayoutTests
{
    // A cold self-contained ReadyToRun publish takes well under a minute; the slack is for busy CI machines.
    private static readonly TimeSpan PublishTimeout = TimeSpan.FromMinutes(5);

    [Fact]
    [Trait("Category", "Integration")]
    public async Task Publish_ReleaseConfiguration_LaysOutAFunctionsApp()
    {
        var output = Path.Combine(Path.GetTempPath(), "geminibalance-publish-" + Guid.NewGuid().ToString("N"));
        try
        {
            var (exitCode, log) = await PublishAsync(output);
            Assert.True(exitCode == 0, $"dotnet publish exited with {exitCode}:\n{log}");

            var publishedHostJson = Path.Combine(output, "host.json");
            Assert.True(File.Exists(publishedHostJson), "host.json is not at the publish root");
            Assert.Equal(File.ReadAllText(RepositoryFiles.HostJson), File.ReadAllText(publishedHostJson));

            using var hostJson = JsonDocument.Parse(File.ReadAllBytes(publishedHostJson));
            var executable = Path.Combine(output, hostJson.RootElement.GetProperty("customHandler").GetProperty("description").GetProperty("defaultExecutablePath").GetString()!);
            Assert.True(File.Exists(executable), $"{executable} (host.json defaultExecutablePath) is not a file in the publish output");
            if (!OperatingSystem.IsWindows())
            {
                // The host starts the file directly; without the execute bit the handler never comes up.
                Assert.True(File.GetUnixFileMode(executable).HasFlag(UnixFileMode.UserExecute), $"{executable} is not executable");
            }

            foreach (var function in FunctionRoutes.Http)
            {
                var trigger = Assert.Single(FunctionJson.ReadBindings(FunctionJson.FileIn(output, function.Name)), binding => binding.Type == "httpTrigger");
                Assert.False(string.IsNullOrEmpty(trigger.Route), $"{function.Name}/function.json names no route");
            }

            foreach (var timer in FunctionRoutes.Timers)
            {
                var trigger = Assert.Single(FunctionJson.ReadBindings(FunctionJson.FileIn(output, timer.Name)), binding => binding.Type == "timerTrigger");
                Assert.False(string.IsNullOrEmpty(trigger.Schedule), $"{timer.Name}/function.json names no schedule");
            }

            // The Web SDK's default content glob would also ship them under Functions/, where the host never looks.
            Assert.False(Directory.Exists(Path.Combine(output, "Functions")), "function.json files were also published under Functions/");
        }
        finally
        {
            if (Directory.Exists(output))
            {
                Directory.Delete(output, recursive: true);
            }
        }
    }

    private static async Task<(int ExitCode, string Log)> PublishAsync(string output)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = RepositoryFiles.Root,
        };
        foreach (var argument in new[]
                 {
                     "publish", RepositoryFiles.FunctionsProject, "-c", "Release", "-o", output, "--nologo",
                     // Lingering build servers would hold our output pipes open after publish exits.
                     "-nodeReuse:false", "-p:UseSharedCompilation=false",
                 })
        {
            start.ArgumentList.Add(argument);
        }

        // `dotnet test` hands its own MSBuild settings to the test host; a nested build must pick its own.
        foreach (var name in start.Environment.Keys.Where(key => key.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase)).ToArray())
        {
            start.Environment.Remove(name);
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";

        var log = new StringBuilder();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, line) => Append(log, line.Data);
        process.ErrorDataReceived += (_, line) => Append(log, line.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var timeout = new CancellationTokenSource(PublishTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            return (-1, $"timed out after {PublishTimeout}\n{Snapshot(log)}");
        }

        return (process.ExitCode, Snapshot(log));
    }

    private static void Append(StringBuilder log, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (log)
        {
            log.AppendLine(line);
        }
    }

    private static string Snapshot(StringBuilder log)
    {
        lock (log)
        {
            return log.ToString();
        }
    }
}
