using System.Collections.Concurrent;
using System.Threading.Channels;
using GeminiBalance.Tests.TestKit.FunctionsHost.Rpc;
using Grpc.Core;

namespace GeminiBalance.Tests.TestKit.FunctionsHost;

/// <summary>
/// The host's end of the worker's gRPC event stream: one stream per worker, messages written by one loop, answers
/// matched to what asked for them (by function id for loads, by invocation id for invocations).
/// </summary>
internal sealed class WorkerChannel : FunctionRpc.FunctionRpcBase
{
    private readonly Channel<StreamingMessage> _outgoing = Channel.CreateUnbounded<StreamingMessage>(new UnboundedChannelOptions { SingleReader = true });
    private readonly TaskCompletionSource<string> _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<WorkerInitResponse> _initialized = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<FunctionMetadataResponse> _metadata = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ConcurrentDictionary<string, TaskCompletionSource<FunctionLoadResponse>> _loads = new();
    private readonly ConcurrentDictionary<string, TaskCompletionSource<InvocationResponse>> _invocations = new();
    private readonly ConcurrentQueue<RpcLog> _logs = new();

    /// <summary>The worker id the worker announced in StartStream.</summary>
    public Task<string> Started => _started.Task;

    public Task<WorkerInitResponse> Initialized => _initialized.Task;

    public Task<FunctionMetadataResponse> Metadata => _metadata.Task;

    /// <summary>What the worker logged through the host (the worker has no console of its own under a host).</summary>
    public IReadOnlyCollection<RpcLog> Logs => _logs;

    public override async Task EventStream(IAsyncStreamReader<StreamingMessage> requestStream, IServerStreamWriter<StreamingMessage> responseStream, ServerCallContext context)
    {
        var writing = WriteAllAsync(responseStream, context.CancellationToken);
        try
        {
            while (await requestStream.MoveNext(context.CancellationToken))
            {
                Dispatch(requestStream.Current);
            }
        }
        catch (OperationCanceledException) when (context.CancellationToken.IsCancellationRequested)
        {
            // The worker went away.
        }
        finally
        {
            _outgoing.Writer.TryComplete();
            var gone = new IOException("The worker's event stream ended.");
            _started.TrySetException(gone);
            _initialized.TrySetException(gone);
            _metadata.TrySetException(gone);
            foreach (var load in _loads.Values)
            {
                load.TrySetException(gone);
            }

            foreach (var invocation in _invocations.Values)
            {
                invocation.TrySetException(gone);
            }
        }

        await writing;
    }

    public void Send(StreamingMessage message)
    {
        if (!_outgoing.Writer.TryWrite(message))
        {
            throw new IOException("The worker's event stream has ended.");
        }
    }

    public Task<FunctionLoadResponse> LoadAsync(RpcFunctionMetadata metadata)
    {
        var answer = _loads.GetOrAdd(metadata.FunctionId, _ => new(TaskCreationOptions.RunContinuationsAsynchronously));
        Send(new StreamingMessage { FunctionLoadRequest = new FunctionLoadRequest { FunctionId = metadata.FunctionId, Metadata = metadata } });
        return answer.Task;
    }

    public Task<InvocationResponse> InvokeAsync(InvocationRequest request)
    {
        var answer = _invocations.GetOrAdd(request.InvocationId, _ => new(TaskCreationOptions.RunContinuationsAsynchronously));
        Send(new StreamingMessage { InvocationRequest = request });
        return answer.Task;
    }

    private void Dispatch(StreamingMessage message)
    {
        switch (message.ContentCase)
        {
            case StreamingMessage.ContentOneofCase.StartStream:
                _started.TrySetResult(message.StartStream.WorkerId);
                break;
            case StreamingMessage.ContentOneofCase.WorkerInitResponse:
                _initialized.TrySetResult(message.WorkerInitResponse);
                break;
            case StreamingMessage.ContentOneofCase.FunctionMetadataResponse:
                _metadata.TrySetResult(message.FunctionMetadataResponse);
                break;
            case StreamingMessage.ContentOneofCase.FunctionLoadResponse when _loads.TryGetValue(message.FunctionLoadResponse.FunctionId, out var load):
                load.TrySetResult(message.FunctionLoadResponse);
                break;
            case StreamingMessage.ContentOneofCase.InvocationResponse when _invocations.TryRemove(message.InvocationResponse.InvocationId, out var invocation):
                invocation.TrySetResult(message.InvocationResponse);
                break;
            case StreamingMessage.ContentOneofCase.RpcLog:
                _logs.Enqueue(message.RpcLog);
                break;
        }
    }

    private async Task WriteAllAsync(IServerStreamWriter<StreamingMessage> responseStream, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var message in _outgoing.Reader.ReadAllAsync(cancellationToken))
            {
                await responseStream.WriteAsync(message, cancellationToken);
            }
        }
        catch (OperationCanceledException)
        {
            // The stream closed under the writer.
        }
    }
}
