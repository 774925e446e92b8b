using System.Diagnostics;

namespace GeminiBalance.Tests.TestKit;

/// <summary>Runs a node script from GeminiBalance.Tests/Sdk (an official SDK driven against the proxy) and returns what it printed.</summary>
public static class NodeScript
{
    public static async Task<string> RunAsync(string script, params string[] arguments)
    {
        var start = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = RepoRoot.Path };
        start.ArgumentList.Add(Path.Combine(RepoRoot.Path, "GeminiBalance.Tests", "Sdk", script));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        // Bounded so that a hang fails the test instead of the suite.
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
        Assert.True(process.ExitCode == 0, $"node exited with {process.ExitCode}: {await stderr}");
        return await stdout;
    }
}
