using System.Diagnostics;
using System.Net;
using System.Text;
using GeminiBalance.Hosting;
using GeminiBalance.Tests.TestKit;

namespace GeminiBalance.Tests.Deployment;

/// <summary>
/// The Functions host starts the executable with FUNCTIONS_CUSTOMHANDLER_PORT in its environment and forwards every
/// invocation to 127.0.0.1 on that port. The real executable, started that way, must serve there.
/// </summary>
public sealed class CustomHandlerPortTests
{
    // A cold start of the app takes a second or two; the slack is for busy CI machines.
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    [Fact]
    [Trait("Category", "Integration")]
    public async Task Executable_StartedLikeTheHostStartsIt_ServesOnTheCustomHandlerPort()
    {
        var ports = LoopbackPorts.ReserveFree(2);
        var (handlerPort, urlsPort) = (ports[0], ports[1]);
        // An empty working directory, so no local.settings.json is picked up.
        var workingDirectory = Directory.CreateTempSubdirectory("gb-handler-port-");
        var output = new StringBuilder();
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory.FullName,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "GeminiBalance.Functions.dll"));
        start.Environment[SettingNames.FunctionsCustomHandlerPort] = handlerPort.ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment[SettingNames.AllowedTokens] = "client-token-port";
        start.Environment[SettingNames.AzureWebJobsStorage] = "UseDevelopmentStorage=true";
        // Whatever else says where to listen, the host only forwards to its port.
        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{urlsPort}";

        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, line) => Append(output, line.Data);
        process.ErrorDataReceived += (_, line) => Append(output, line.Data);
        try
        {
            process.Start();
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();

            var status = await PollHealthAsync(handlerPort, process);

            Assert.True(status == HttpStatusCode.OK, $"GET /health on the custom handler port gave {status?.ToString() ?? "no answer"} within {StartTimeout}; app output:\n{Snapshot(output)}");
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }

            workingDirectory.Delete(recursive: true);
        }
    }

    /// <returns>The status /health answered with, or null if the process exited or time ran out first.</returns>
    private static async Task<HttpStatusCode?> PollHealthAsync(int port, Process process)
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        using var deadline = new CancellationTokenSource(StartTimeout);
        while (!deadline.IsCancellationRequested && !process.HasExited)
        {
            try
            {
                using var response = await client.GetAsync(new Uri($"http://127.0.0.1:{port}/health"), deadline.Token);
                return response.StatusCode;
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (OperationCanceledException) when (deadline.IsCancellationRequested)
            {
                break;
            }

            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(100), deadline.Token);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        return null;
    }

    private static void Append(StringBuilder output, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.AppendLine(line);
        }
    }

    private static string Snapshot(StringBuilder output)
    {
        lock (output)
        {
            return output.ToString();
        }
    }
}
