using System.Net;
using GeminiBalance.Tests.TestKit.GeminiEmulator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace GeminiBalance.Tests.TestKit;

/// <summary>
/// A fake of generativelanguage.googleapis.com on a real Kestrel socket, so the proxy's HttpClient,
/// streaming and disconnect handling are exercised end to end. Wire formats follow docs/protocols.md#gemini-api.
/// </summary>
public sealed class EmulatedGemini : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly EmulatedGeminiState _state;
    private int _disposed;

    private EmulatedGemini(WebApplication app, EmulatedGeminiState state, Uri baseUrl)
    {
        _app = app;
        _state = state;
        BaseUrl = baseUrl;
    }

    /// <summary>The server root, e.g. <c>http://127.0.0.1:PORT</c>; API paths start with <c>/v1beta</c> or <c>/v1</c>.</summary>
    public Uri BaseUrl { get; }

    /// <summary>Every request in arrival order, rejected ones included (a snapshot).</summary>
    public IReadOnlyList<ReceivedRequest> Requests => _state.Requests;

    /// <summary>Elements per streamGenerateContent response; at least 1.</summary>
    public int StreamChunkCount
    {
        get => _state.StreamChunkCount;
        set => _state.StreamChunkCount = value;
    }

    /// <summary>The pause before each streamed element after the first, as a model producing tokens would make; zero by default.</summary>
    public TimeSpan StreamChunkInterval
    {
        get => _state.StreamChunkInterval;
        set => _state.StreamChunkInterval = value;
    }

    /// <summary>
    /// The silence between a stream's response headers and its first element, as a thinking model keeps before its first
    /// token (Google sends the 200 and its headers at once); zero by default. A <see cref="KeyBehavior.DiesMidStream"/>
    /// key with no elements drops the connection after it.
    /// </summary>
    public TimeSpan FirstTokenDelay
    {
        get => _state.FirstTokenDelay;
        set => _state.FirstTokenDelay = value;
    }

    /// <summary>Whether <see cref="Requests"/> keeps what arrives; benchmarks and soaks turn it off so memory stays flat.</summary>
    public bool RecordRequests
    {
        get => _state.RecordRequests;
        set => _state.RecordRequests = value;
    }

    /// <summary>Called on arrival of every request, before it is answered (and whether or not it is recorded).</summary>
    public Action<ReceivedRequest>? RequestReceived
    {
        get => _state.RequestReceived;
        set => _state.RequestReceived = value;
    }

    /// <summary>When set, each stream writes and flushes its first element, then waits for this before writing the rest.</summary>
    public TaskCompletionSource? StreamGate
    {
        get => _state.StreamGate;
        set => _state.StreamGate = value;
    }

    /// <summary>
    /// The most models one ListModels page holds, whatever pageSize asks (Google's own cap is 1000); a page may hold
    /// fewer than asked for (AIP-158), so a smaller cap makes clients that ask for large pages follow nextPageToken.
    /// </summary>
    public int ModelsPageLimit
    {
        get => _state.ModelsPageLimit;
        set => _state.ModelsPageLimit = value;
    }

    /// <summary>
    /// The function to call when a request offers it (see <c>FunctionCallReplies</c>: a request that declares functions and
    /// holds no function response yet gets one call); null calls the first declared function with made-up arguments.
    /// </summary>
    public FunctionCallPlan? FunctionCall
    {
        get => _state.FunctionCall;
        set => _state.FunctionCall = value;
    }

    /// <summary>Puts a file into <paramref name="file"/>'s owner key's project, as if that key had uploaded it.</summary>
    public void AddFile(EmulatedFile file) => _state.AddFile(file);

    /// <summary>The file with this id (after <c>files/</c>), whoever owns it, or null.</summary>
    public EmulatedFile? FindFile(string fileId) => _state.FindFile(fileId);

    /// <summary>Every file the emulator holds, across all keys' projects.</summary>
    public IReadOnlyList<EmulatedFile> Files => _state.Files;

    /// <summary>Completes once any streamGenerateContent call still being served sees its client disconnect.</summary>
    public Task StreamAborted => _state.StreamAborted;

    public static async Task<EmulatedGemini> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            Args = [],
            ContentRootPath = AppContext.BaseDirectory,
            EnvironmentName = Environments.Production,
        });

        // Ignore ASPNETCORE_URLS, appsettings.json and friends copied from the app under test: they must not move our socket.
        builder.Configuration.Sources.Clear();
        builder.Logging.ClearProviders();

        // DiesMidStream must deliver what it flushed before HttpContext.Abort() resets the socket. Inline scheduling
        // makes each flush hand its bytes to the socket before returning, so the abort cannot overtake them.
        builder.WebHost.UseSockets(sockets => sockets.UnsafePreferInlineScheduling = true);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, 0, listen => listen.Use(next => connection => HangupWatchingTransport.RunAsync(connection, next)));

            // Gemini takes inline media of up to about 20 MB; Kestrel's 30 MB default is too close for comfort.
            kestrel.Limits.MaxRequestBodySize = null;
        });

        // A test that never releases StreamGate must not stall disposal for the default 30 s.
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = TimeSpan.FromSeconds(2));

        var app = builder.Build();
        var state = new EmulatedGeminiState();
        app.Run(new EmulatedGeminiHandler(state).HandleAsync);
        await app.StartAsync();

        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        return new EmulatedGemini(app, state, new Uri(address));
    }

    /// <summary>Registers a key; keys never registered are treated as <see cref="KeyBehavior.Invalid"/>.</summary>
    public void SetKey(string key, KeyBehavior behavior) => _state.SetKey(key, behavior);

    /// <summary>
    /// Makes the next generateContent or streamGenerateContent call that gets past its key's behaviour answer with these
    /// GenerateContentResponse elements (JSON text) instead of the echo: streamed one by one, or added up for generateContent.
    /// </summary>
    public void Script(params string[] elements) =>
        _state.EnqueueScript(new ScriptedReply([.. elements.Select(e => (System.Text.Json.Nodes.JsonObject)System.Text.Json.Nodes.JsonNode.Parse(e)!)]));

    public void ClearRequests() => _state.ClearRequests();

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
