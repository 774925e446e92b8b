using System.Diagnostics;
using System.Reflection;
using System.Text.Json;

namespace GeminiBalance.Tests.Deployment;

/// <summary>
/// The Bicep CLI from the NuGet package Azure.Bicep.CommandLine.linux-x64, restored with the test project (its path is
/// stamped into the test assembly at build time), so a fresh clone compiles infra/ with no manual install.
/// </summary>
internal static class BicepCli
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);

    private static readonly Lazy<Task<JsonElement>> CompiledMain = new(CompileMainAsync);

    public static string Path { get; } =
        typeof(BicepCli).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(attribute => attribute.Key == "BicepCli").Value!;

    /// <summary>infra/main.bicep compiled to its ARM template, once per test run.</summary>
    public static Task<JsonElement> MainTemplateAsync() => CompiledMain.Value;

    public static async Task<(int ExitCode, string Output, string Errors)> RunAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo(Path)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(Timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"bicep {string.Join(' ', arguments)} ran longer than {Timeout}");
        }

        return (process.ExitCode, await output, await errors);
    }

    private static async Task<JsonElement> CompileMainAsync()
    {
        var (exitCode, output, errors) = await RunAsync("build", InfraFiles.MainBicep, "--stdout");
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"bicep build failed ({exitCode}):\n{errors}");
        }

        using var template = JsonDocument.Parse(output);
        return template.RootElement.Clone();
    }
}
