using System.Diagnostics;
using System.Text;
using System.Text.Json;

namespace GeminiBalance.Tests.TestKit.FunctionsHost;

/// <summary>
/// The worker process, started the way the Functions host starts a language worker: the command from the app's
/// <c>worker.config.json</c>, the host's four arguments, the app directory and the app settings as environment.
/// </summary>
internal sealed class WorkerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private WorkerProcess(Process process) => _process = process;

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public Task WaitForExitAsync(CancellationToken cancellationToken) => _process.WaitForExitAsync(cancellationToken);

    /// <summary>What the worker wrote to stdout and stderr, for a failing test's message.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public static WorkerProcess Start(string appDirectory, Uri hostUri, string workerId, IReadOnlyDictionary<string, string?> settings)
    {
        using var config = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(appDirectory, "worker.config.json")));
        var description = config.RootElement.GetProperty("description");
        var executable = description.GetProperty("defaultExecutablePath").GetString()!;
        var workerPath = Path.Combine(appDirectory, description.GetProperty("defaultWorkerPath").GetString()!);

        var start = new ProcessStartInfo(Resolve(executable))
        {
            WorkingDirectory = appDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
                 {
                     workerPath,
                     "--functions-uri", hostUri.AbsoluteUri,
                     "--functions-worker-id", workerId,
                     "--functions-request-id", Guid.NewGuid().ToString(),
                     "--functions-grpc-max-message-length", int.MaxValue.ToString(System.Globalization.CultureInfo.InvariantCulture),
                 })
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["FUNCTIONS_WORKER_RUNTIME"] = "dotnet-isolated";
        start.Environment["FUNCTIONS_APPLICATION_DIRECTORY"] = appDirectory;
        start.Environment["FUNCTIONS_WORKER_DIRECTORY"] = appDirectory;
        start.Environment["AzureWebJobsScriptRoot"] = appDirectory;
        foreach (var (name, value) in settings)
        {
            // The host hands app settings over as environment variables; ':' is spelled '__' there.
            start.Environment[name.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        var process = new Process { StartInfo = start };
        var worker = new WorkerProcess(process);
        process.OutputDataReceived += (_, line) => worker.Append(line.Data);
        process.ErrorDataReceived += (_, line) => worker.Append(line.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return worker;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync();
        _process.Dispose();
    }

    // "dotnet" is the platform's muxer; under `dotnet test` it is the one running the tests.
    private static string Resolve(string executable) =>
        executable == "dotnet" && Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : executable;

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }
}
