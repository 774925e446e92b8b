using System.Diagnostics;

namespace GeminiBalance.Tests.Integration;

/// <summary>The real executable, started the way a host starts it, with bad settings.</summary>
public sealed class StartupTests
{
    [Theory]
    [InlineData("ALLOWED_TOKENS", "", "ALLOWED_TOKENS")]
    [InlineData("API_KEYS", "[\"AIzaSyLeakMe\",", "API_KEYS")]
    [InlineData("MAX_RETRIES", "-3", "MAX_RETRIES")]
    [InlineData("AzureWebJobsStorage", "DefaultEndpointsProtocol=https;AccountKey=SecretKeyLeakMe", "AzureWebJobsStorage")]
    public async Task BadSettingStopsTheAppWithOneLineNamingItAndNoSecret(string name, string value, string expectedSetting)
    {
        var settings = new Dictionary<string, string>
        {
            ["ALLOWED_TOKENS"] = "token-LeakMe",
            ["API_KEYS"] = "AIzaSyLeakMe",
            ["AzureWebJobsStorage"] = "UseDevelopmentStorage=true",
            ["ASPNETCORE_URLS"] = "http://127.0.0.1:0",
            [name] = value,
        };

        var (exitCode, stdout, stderr) = await RunAppAsync(settings);

        Assert.Equal(1, exitCode);
        var line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"GeminiBalance cannot start: Setting {expectedSetting} ", line);
        Assert.DoesNotContain("LeakMe", stdout + stderr);
    }

    private static async Task<(int ExitCode, string Stdout, string Stderr)> RunAppAsync(Dictionary<string, string> settings)
    {
        var app = Path.Combine(AppContext.BaseDirectory, "GeminiBalance.Functions.dll");
        // An empty working directory, so no local.settings.json is picked up.
        var workingDirectory = Directory.CreateTempSubdirectory("gb-startup-").FullName;
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = workingDirectory };
        start.ArgumentList.Add(app);
        foreach (var (name, value) in settings)
        {
            start.Environment[name.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        try
        {
            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
            return (process.ExitCode, await stdout, await stderr);
        }
        finally
        {
            Directory.Delete(workingDirectory, recursive: true);
        }
    }
}
