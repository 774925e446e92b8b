using System.Diagnostics;
using System.Text.Json;
using System.Threading.Channels;

namespace GeminiBalance.Benchmarks.Children;

/// <summary>The driver's handle on a server process (proxy or bare forwarder) running this same executable.</summary>
internal sealed class ServerProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartupTimeout = TimeSpan.FromSeconds(60);

    private readonly Process _process;
    private readonly Channel<string> _replies = Channel.CreateUnbounded<string>();

    private ServerProcess(Process process, string name)
    {
        _process = process;
        Name = name;
    }

    public string Name { get; }

    public Uri BaseUrl { get; private set; } = null!;

    public int ProcessId => _process.Id;

    /// <param name="role">The command line that makes this executable serve, e.g. <c>serve-proxy</c>.</param>
    /// <param name="environment">Settings for the server; the proxy reads its app settings from here.</param>
    public static async Task<ServerProcess> StartAsync(string name, IEnumerable<string> role, IDictionary<string, string> environment)
    {
        var start = SelfStart();
        foreach (var argument in role)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (variable, value) in environment)
        {
            start.Environment[variable] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start the {name} process.");
        var server = new ServerProcess(process, name);
        process.OutputDataReceived += (_, line) => server.OnOutput(line.Data);
        process.ErrorDataReceived += (_, line) =>
        {
            if (line.Data is not null)
            {
                Console.Error.WriteLine($"[{name}] {line.Data}");
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var listening = await server.NextReplyAsync(ChildControl.ListeningMarker, StartupTimeout);
        server.BaseUrl = new Uri(listening.TrimEnd('/') + "/");
        return server;
    }

    public Task<ProcessStats> StatsAsync() => CommandAsync("stats");

    /// <summary>Forces a full, compacting collection first, so what stays resident is what is still referenced.</summary>
    public Task<ProcessStats> StatsAfterCollectionAsync() => CommandAsync("gc");

    public Task<ProcessStats> MarkRequestPathAsync(bool on) => CommandAsync(on ? "mark on" : "mark off");

    /// <summary>Stops the proxy's background storage writers (they write what is queued as they stop); the forwarder has none.</summary>
    public Task<ProcessStats> PauseWritersAsync() => CommandAsync("writers pause");

    /// <summary>Writes what the proxy's background writers have queued, now; the stats are taken after.</summary>
    public Task<ProcessStats> DrainWritersAsync() => CommandAsync("writers drain");

    public Task<ProcessStats> ResumeWritersAsync() => CommandAsync("writers resume");

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            try
            {
                await _process.StandardInput.WriteLineAsync("quit");
                _process.StandardInput.Close();
                await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
            }
            catch (Exception e) when (e is TimeoutException or IOException)
            {
                _process.Kill(entireProcessTree: true);
            }
        }

        _process.Dispose();
    }

    private static ProcessStartInfo SelfStart()
    {
        var path = Environment.ProcessPath ?? throw new InvalidOperationException("The path of this executable is unknown.");
        var start = new ProcessStartInfo(path)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };

        // Server GC as in the app, with a fixed heap count: under DATAS (dynamic adaptation, on by default) the heap
        // count changes at run time and GC.GetTotalAllocatedBytes sums only the active heaps, so it can go backwards
        // (dotnet/runtime#131069) and an allocation window read negative.
        start.Environment["DOTNET_GCDynamicAdaptationMode"] = "0";

        // Started as `dotnet GeminiBalance.Benchmarks.dll`, the child needs the same assembly argument.
        if (Path.GetFileNameWithoutExtension(path) == "dotnet")
        {
            start.ArgumentList.Add(typeof(ServerProcess).Assembly.Location);
        }

        return start;
    }

    private async Task<ProcessStats> CommandAsync(string command)
    {
        await _process.StandardInput.WriteLineAsync(command);
        await _process.StandardInput.FlushAsync();
        var json = await NextReplyAsync(ChildControl.StatsMarker, TimeSpan.FromSeconds(60));
        return JsonSerializer.Deserialize<ProcessStats>(json, BenchJson.Options)!;
    }

    private void OnOutput(string? line)
    {
        if (line is null)
        {
            _replies.Writer.TryComplete();
        }
        else if (line.StartsWith("@@", StringComparison.Ordinal))
        {
            _replies.Writer.TryWrite(line);
        }
    }

    private async Task<string> NextReplyAsync(string marker, TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            while (true)
            {
                var line = await _replies.Reader.ReadAsync(deadline.Token);
                if (line.StartsWith(marker, StringComparison.Ordinal))
                {
                    return line[marker.Length..];
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or ChannelClosedException)
        {
            throw new InvalidOperationException($"The {Name} process did not answer ({marker.Trim()}) within {timeout.TotalSeconds} s or exited.", e);
        }
    }
}
