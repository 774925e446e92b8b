using System.Net;
using System.Text.Json;
using GeminiBalance.Tests.TestKit.FunctionsHost.Rpc;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Extensions;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Yarp.ReverseProxy.Forwarder;

namespace GeminiBalance.Tests.TestKit.FunctionsHost;

/// <summary>
/// Stands where the Azure Functions host would: starts the real worker process the Worker SDK built, answers its gRPC
/// handshake (StartStream, WorkerInit, FunctionsMetadata, FunctionLoad), serves the HTTP functions' routes on loopback
/// and, for each request that matches one, forwards the raw request to the worker's own Kestrel with
/// <c>x-ms-invocation-id</c> while sending the matching InvocationRequest over gRPC, as the host's proxying path does.
/// Timers fire when a test asks. A path no function's route and methods accept is the host's empty 404.
/// </summary>
public sealed class EmulatedFunctionsHost : IAsyncDisposable
{
    // A cold worker on a busy 2-core machine JITs a lot before it dials back.
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan InvocationTimeout = TimeSpan.FromSeconds(60);
    // The host's forwarder gives up on a response that sends nothing for this long.
    private static readonly TimeSpan ForwarderActivityTimeout = TimeSpan.FromSeconds(240);
    private const string TimerInput = """{"Schedule":{"AdjustForDST":true},"ScheduleStatus":null,"IsPastDue":false}""";

    private readonly WebApplication _rpc;
    private readonly WorkerChannel _channel;
    private readonly WorkerProcess _worker;
    private WebApplication? _front;
    private IReadOnlyList<WorkerFunction> _functions = [];
    private Uri _workerHttp = null!;
    private HttpMessageInvoker? _forwardingClient;
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _failedInvocations = new();

    private EmulatedFunctionsHost(WebApplication rpc, WorkerChannel channel, WorkerProcess worker)
    {
        _rpc = rpc;
        _channel = channel;
        _worker = worker;
    }

    /// <summary>Where clients call the app, as they would call the Function App's host name.</summary>
    public Uri BaseUrl { get; private set; } = null!;

    public HttpClient Client { get; private set; } = null!;

    /// <summary>The functions the worker reported (worker indexing), by name.</summary>
    public IReadOnlyList<string> FunctionNames => _functions.Select(function => function.Name).ToArray();

    public int WorkerProcessId => _worker.Id;

    /// <summary>The worker's own output and what it logged over gRPC, for a failing assertion's message.</summary>
    public string WorkerDiagnostics =>
        _worker.Output
        + string.Join('\n', _channel.Logs.Select(log => $"[{log.Level}] {log.Category}: {log.Message} {log.Exception?.Message}"))
        + "\nFailed invocations:\n" + string.Join('\n', _failedInvocations);

    /// <param name="settings">The Function App's app settings, handed to the worker as environment variables.</param>
    /// <param name="appDirectory">The built app (by default the one beside the tests, <see cref="WorkerBuild"/>).</param>
    public static async Task<EmulatedFunctionsHost> StartAsync(IReadOnlyDictionary<string, string?> settings, string? appDirectory = null)
    {
        appDirectory ??= WorkerBuild.Directory;
        var channel = new WorkerChannel();
        var rpc = await StartRpcServerAsync(channel);
        var rpcUri = new Uri(rpc.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single());
        var worker = WorkerProcess.Start(appDirectory, rpcUri, workerId: Guid.NewGuid().ToString(), settings);
        var host = new EmulatedFunctionsHost(rpc, channel, worker);
        try
        {
            using var deadline = new CancellationTokenSource(StartTimeout);
            await host.HandshakeAsync(appDirectory, deadline.Token);
            await host.StartFrontAsync(appDirectory);
            return host;
        }
        catch (Exception exception)
        {
            var diagnostics = host.WorkerDiagnostics;
            await host.DisposeAsync();
            throw new InvalidOperationException($"The worker did not come up under the emulated host ({exception.GetType().Name}: {exception.Message}).\n{diagnostics}", exception);
        }
    }

    /// <summary>Runs a timer function now, as the host does when its schedule comes due.</summary>
    public async Task<StatusResult> FireTimerAsync(string name)
    {
        var timer = _functions.Single(function => function.IsTimer && function.Name == name);
        var response = await _channel.InvokeAsync(new InvocationRequest
        {
            InvocationId = Guid.NewGuid().ToString(),
            FunctionId = timer.Id,
            InputData = { new ParameterBinding { Name = timer.TriggerName, Data = new TypedData { Json = TimerInput } } },
            TraceContext = NewTrace(),
        }).WaitAsync(InvocationTimeout);
        return response.Result;
    }

    public async ValueTask DisposeAsync()
    {
        Client?.Dispose();
        if (!_worker.HasExited)
        {
            try
            {
                // The host asks first; the worker stops its host on WorkerTerminate. The kill by pid is the fallback.
                _channel.Send(new StreamingMessage { WorkerTerminate = new WorkerTerminate { GracePeriod = new Duration { Seconds = 5 } } });
            }
            catch (IOException)
            {
                // The stream is already gone.
            }
        }

        await _worker.DisposeAsync();
        if (_front is not null)
        {
            await _front.DisposeAsync();
        }

        _forwardingClient?.Dispose();
        await _rpc.DisposeAsync();
    }

    private static async Task<WebApplication> StartRpcServerAsync(WorkerChannel channel)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        // gRPC without TLS: HTTP/2 with prior knowledge, which is what the worker's channel speaks to an http:// address.
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen => listen.Protocols = HttpProtocols.Http2));
        builder.Services.AddGrpc(options => options.MaxReceiveMessageSize = null);
        builder.Services.AddSingleton(channel);
        var app = builder.Build();
        app.MapGrpcService<WorkerChannel>();
        await app.StartAsync();
        return app;
    }

    private async Task HandshakeAsync(string appDirectory, CancellationToken cancellationToken)
    {
        var exited = _worker.WaitForExitAsync(cancellationToken);

        await Until(_channel.Started, exited, cancellationToken);
        _channel.Send(new StreamingMessage
        {
            RequestId = Guid.NewGuid().ToString(),
            WorkerInitRequest = new WorkerInitRequest { HostVersion = "4.0.0-emulated", WorkerDirectory = appDirectory, FunctionAppDirectory = appDirectory },
        });
        var init = await Until(_channel.Initialized, exited, cancellationToken);
        Succeeded(init.Result, "WorkerInit");
        _workerHttp = new Uri(init.Capabilities.TryGetValue("HttpUri", out var httpUri)
            ? httpUri
            : throw new InvalidOperationException("The worker announced no HttpUri capability: it is not using the ASP.NET Core integration."));

        _channel.Send(new StreamingMessage { RequestId = Guid.NewGuid().ToString(), FunctionsMetadataRequest = new FunctionsMetadataRequest { FunctionAppDirectory = appDirectory } });
        var metadata = await Until(_channel.Metadata, exited, cancellationToken);
        Succeeded(metadata.Result, "FunctionsMetadata");

        var loads = new List<Task<FunctionLoadResponse>>();
        foreach (var function in metadata.FunctionMetadataResults)
        {
            if (string.IsNullOrEmpty(function.FunctionId))
            {
                function.FunctionId = Guid.NewGuid().ToString();
            }

            loads.Add(_channel.LoadAsync(function));
        }

        foreach (var load in await Until(Task.WhenAll(loads), exited, cancellationToken))
        {
            Succeeded(load.Result, "FunctionLoad " + load.FunctionId);
        }

        _functions = metadata.FunctionMetadataResults.Select(WorkerFunction.From).ToArray();

        // The worker's Kestrel starts beside its gRPC client; forwarding before it listens would be refused.
        if (!await LoopbackPorts.WaitUntilListeningAsync([_workerHttp.Port], () => _worker.HasExited, StartTimeout))
        {
            throw new InvalidOperationException($"The worker's Kestrel never listened on {_workerHttp}.");
        }
    }

    private async Task StartFrontAsync(string appDirectory)
    {
        var builder = WebApplication.CreateBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        // The host has limits of its own; the app's, which the tests exercise, are lower.
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = null);
        builder.Services.AddHttpForwarder();
        var app = builder.Build();
        var prefix = RoutePrefix(appDirectory);
        foreach (var function in _functions.Where(function => function.IsHttp))
        {
            app.MapMethods(prefix + "/" + (function.Route ?? function.Name), function.Methods, context => ForwardAsync(context, function));
        }

        _forwardingClient = new HttpMessageInvoker(new SocketsHttpHandler
        {
            UseProxy = false,
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            UseCookies = false,
            ActivityHeadersPropagator = null,
        });
        await app.StartAsync();
        _front = app;
        BaseUrl = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single() + "/");
        Client = new HttpClient { BaseAddress = BaseUrl, Timeout = TimeSpan.FromSeconds(60) };
    }

    private async Task ForwardAsync(HttpContext context, WorkerFunction function)
    {
        var invocationId = Guid.NewGuid().ToString();
        var invocation = _channel.InvokeAsync(new InvocationRequest
        {
            InvocationId = invocationId,
            FunctionId = function.Id,
            InputData =
            {
                new ParameterBinding { Name = function.TriggerName, Data = new TypedData { Http = new RpcHttp { Method = context.Request.Method, Url = context.Request.GetDisplayUrl() } } },
            },
            TraceContext = NewTrace(),
        });
        using var cancelOnHangup = context.RequestAborted.Register(() =>
        {
            try
            {
                _channel.Send(new StreamingMessage { InvocationCancel = new InvocationCancel { InvocationId = invocationId } });
            }
            catch (IOException)
            {
                // The worker is gone; nothing to cancel.
            }
        });

        var forwarder = context.RequestServices.GetRequiredService<IHttpForwarder>();
        await forwarder.SendAsync(context, _workerHttp.GetLeftPart(UriPartial.Authority), _forwardingClient!, new ForwarderRequestConfig { ActivityTimeout = ForwarderActivityTimeout }, new InvocationForwarding(invocationId));

        // The host completes the invocation too; the worker answers it once the function has returned.
        var answer = await invocation.WaitAsync(InvocationTimeout);
        if (answer.Result.Status != StatusResult.Types.Status.Success)
        {
            _failedInvocations.Enqueue($"{function.Name} {context.Request.Method} {context.Request.Path}: {answer.Result.Status} {answer.Result.Exception?.Type} {answer.Result.Exception?.Message}\n{answer.Result.Exception?.StackTrace}");
        }
    }

    /// <summary>A fresh W3C trace for an invocation, as the host starts one per function call.</summary>
    private static RpcTraceContext NewTrace() =>
        new() { TraceParent = $"00-{System.Diagnostics.ActivityTraceId.CreateRandom()}-{System.Diagnostics.ActivitySpanId.CreateRandom()}-01" };

    private static string RoutePrefix(string appDirectory)
    {
        using var hostJson = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(appDirectory, "host.json")));
        return hostJson.RootElement.TryGetProperty("extensions", out var extensions)
               && extensions.TryGetProperty("http", out var http)
               && http.TryGetProperty("routePrefix", out var prefix)
            ? prefix.GetString()!.Trim('/')
            : "api";
    }

    private static async Task<T> Until<T>(Task<T> answer, Task exited, CancellationToken cancellationToken)
    {
        var first = await Task.WhenAny(answer, exited).WaitAsync(cancellationToken);
        return first == answer ? await answer : throw new InvalidOperationException("The worker process exited during the handshake.");
    }

    private static void Succeeded(StatusResult result, string step)
    {
        if (result.Status != StatusResult.Types.Status.Success)
        {
            throw new InvalidOperationException($"{step} failed: {result.Exception?.Message}");
        }
    }
}
