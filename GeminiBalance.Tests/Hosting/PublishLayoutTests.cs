using System.Diagnostics;
using System.Text;
using System.Text.Json;
using GeminiBalance.Hosting;

namespace GeminiBalance.Tests.Hosting;

/// <summary>
/// A Release publish is what `func azure functionapp publish` uploads, so it must already be an isolated-worker
/// Functions app: host.json, worker.config.json, functions.metadata and the app dll at the root.
/// </summary>
public sealed class PublishLayoutTests
{
    // A cold ReadyToRun publish takes well under a minute; the slack is for busy CI machines.
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

            // The host starts the worker worker.config.json describes: the app dll, run by the platform's dotnet.
            using var workerConfig = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(output, "worker.config.json")));
            var description = workerConfig.RootElement.GetProperty("description");
            Assert.Equal("dotnet-isolated", description.GetProperty("language").GetString());
            var workerPath = description.GetProperty("defaultWorkerPath").GetString()!;
            Assert.True(File.Exists(Path.Combine(output, workerPath)), $"{workerPath} (worker.config.json defaultWorkerPath) is not in the publish output");
            Assert.True(File.Exists(Path.Combine(output, "GeminiBalance.Functions.dll")), "the app dll is not at the publish root");

            // The route table ships as generated; the extensions the worker's bindings need (timer, HTTP proxying) with it.
            var functions = FunctionsMetadataFile.Read(Path.Combine(output, "functions.metadata"));
            Assert.Equal(
                FunctionRoutes.Http.Select(function => function.Name).Concat(FunctionRoutes.Timers.Select(timer => timer.Name)).Order(StringComparer.Ordinal),
                functions.Select(function => function.Name).Order(StringComparer.Ordinal));
            Assert.True(File.Exists(Path.Combine(output, ".azurefunctions", "function.deps.json")) || Directory.Exists(Path.Combine(output, ".azurefunctions")),
                "the Worker SDK's extension folder (.azurefunctions) is missing");

            // Nothing of the custom-handler layout is left to confuse the host.
            Assert.Empty(Directory.GetFiles(output, "function.json", SearchOption.AllDirectories));
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
