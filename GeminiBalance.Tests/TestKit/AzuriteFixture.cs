using System.ComponentModel;
using System.Diagnostics;
using System.Text;

namespace GeminiBalance.Tests.TestKit;

/// <summary>
/// A real Azurite (from the repo's node_modules) on free loopback ports, in-memory, one per fixture instance.
/// Use as an xunit class or collection fixture, or call <see cref="InitializeAsync"/> yourself;
/// <see cref="WithOAuth"/> gives one over HTTPS that takes Bearer tokens.
/// </summary>
public sealed class AzuriteFixture : IAsyncLifetime, IAsyncDisposable
{
    public const string AccountName = "devstoreaccount1";

    /// <summary>Azurite's well-known development key; public by design, not a secret.</summary>
    public const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private static readonly TimeSpan StartupTimeout = TimeSpan.FromSeconds(30);
    private const int StartAttempts = 3;

    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();

    // Azurite is started in an empty scratch folder so nothing it writes can land in the repo.
    private readonly string _workingDirectory = Path.Combine(Path.GetTempPath(), $"azurite-{Guid.NewGuid():N}");

    // Set for an Azurite on HTTPS with basic OAuth: the PEM files of its certificate and key.
    private readonly (string Certificate, string Key)? _tls;

    private Process? _process;
    private int[]? _ports;

    public AzuriteFixture()
        : this(null)
    {
    }

    private AzuriteFixture((string Certificate, string Key)? tls) => _tls = tls;

    /// <summary>
    /// An Azurite serving HTTPS with the given certificate and accepting Bearer tokens (<c>--oauth basic</c>: it checks a
    /// token's issuer, audience and lifetime, not its signature). Shared Key still works too.
    /// </summary>
    public static AzuriteFixture WithOAuth(string certificatePemPath, string keyPemPath) => new((certificatePemPath, keyPemPath));

    public Uri BlobEndpoint => Endpoint(0);

    public Uri QueueEndpoint => Endpoint(1);

    public Uri TableEndpoint => Endpoint(2);

    public string ConnectionString =>
        $"DefaultEndpointsProtocol={Scheme};AccountName={AccountName};AccountKey={AccountKey};"
        + $"BlobEndpoint={BlobEndpoint};QueueEndpoint={QueueEndpoint};TableEndpoint={TableEndpoint};";

    /// <summary>The node process, so tests can check it is gone after disposal.</summary>
    public int ProcessId => _process?.Id ?? throw NotStarted();

    public async Task InitializeAsync()
    {
        var script = Path.Combine(RepoRoot.Path, "node_modules", "azurite", "dist", "src", "azurite.js");
        if (!File.Exists(script))
        {
            throw new InvalidOperationException($"Azurite is not installed ({script} is missing): run npm ci at the repo root ({RepoRoot.Path}).");
        }

        Directory.CreateDirectory(_workingDirectory);
        for (var attempt = 1; ; attempt++)
        {
            var ports = LoopbackPorts.ReserveFree(3);
            var process = Start(script, ports);
            _process = process;
            if (await LoopbackPorts.WaitUntilListeningAsync(ports, () => process.HasExited, StartupTimeout))
            {
                _ports = ports;
                return;
            }

            // The ports were free when picked but another process may grab one before Azurite binds it.
            var error = Output();
            await StopAsync();
            if (attempt == StartAttempts || !error.Contains("EADDRINUSE", StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"Azurite exited or did not start listening within {StartupTimeout.TotalSeconds} s.\n{error}");
            }
        }
    }

    public async Task DisposeAsync()
    {
        await StopAsync();
        try
        {
            Directory.Delete(_workingDirectory, recursive: true);
        }
        catch (IOException)
        {
            // Temp-folder litter is harmless; failing a test run over it is not.
        }
    }

    ValueTask IAsyncDisposable.DisposeAsync() => new(DisposeAsync());

    private Process Start(string script, int[] ports)
    {
        Clear(_stdout);
        Clear(_stderr);
        var start = new ProcessStartInfo("node")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = _workingDirectory,
        };
        foreach (var argument in (string[])
        [
            script, "--inMemoryPersistence", "--silent", "--skipApiVersionCheck", "--loose",
            "--blobHost", "127.0.0.1", "--blobPort", $"{ports[0]}",
            "--queueHost", "127.0.0.1", "--queuePort", $"{ports[1]}",
            "--tableHost", "127.0.0.1", "--tablePort", $"{ports[2]}",
        ])
        {
            start.ArgumentList.Add(argument);
        }

        if (_tls is var (certificate, key))
        {
            foreach (var argument in (string[])["--oauth", "basic", "--cert", certificate, "--key", key])
            {
                start.ArgumentList.Add(argument);
            }
        }

        var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Append(_stdout, e.Data);
        process.ErrorDataReceived += (_, e) => Append(_stderr, e.Data);
        try
        {
            process.Start();
        }
        catch (Win32Exception e)
        {
            process.Dispose();
            throw new InvalidOperationException("Could not start node; Azurite needs Node.js on PATH.", e);
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private async Task StopAsync()
    {
        if (Interlocked.Exchange(ref _process, null) is not { } process)
        {
            return;
        }

        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already exited.
        }

        await process.WaitForExitAsync();
        process.Dispose();
    }

    private Uri Endpoint(int index) =>
        _ports is { } ports ? new Uri($"{Scheme}://127.0.0.1:{ports[index]}/{AccountName}") : throw NotStarted();

    private string Scheme => _tls is null ? "http" : "https";

    private string Output()
    {
        lock (_stderr)
        {
            lock (_stdout)
            {
                return $"stderr:\n{_stderr}\nstdout:\n{_stdout}";
            }
        }
    }

    private static void Clear(StringBuilder buffer)
    {
        lock (buffer)
        {
            buffer.Clear();
        }
    }

    private static void Append(StringBuilder buffer, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (buffer)
        {
            buffer.AppendLine(line);
        }
    }

    private static InvalidOperationException NotStarted() =>
        new("Azurite has not been started; await InitializeAsync first (xunit does this for fixtures).");
}
