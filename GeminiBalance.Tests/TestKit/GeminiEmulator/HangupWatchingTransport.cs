using System.IO.Pipelines;
using Microsoft.AspNetCore.Connections;

namespace GeminiBalance.Tests.TestKit.GeminiEmulator;

/// <summary>
/// Kestrel connection middleware that notices a client hanging up even while the app is not writing.
/// </summary>
/// <remarks>
/// For HTTP/1.1 Kestrel treats a client FIN as a half-close and only fires RequestAborted once a write fails,
/// so a stream parked on StreamGate would never learn that its client left. Relaying the input through our own
/// pipe lets us see the FIN (or reset) as it arrives. The output side is left untouched on purpose, so writes
/// still go straight to the socket.
/// </remarks>
internal sealed class HangupWatchingTransport(PipeReader input, PipeWriter output) : IDuplexPipe
{
    private readonly CancellationTokenSource _hangup = new();

    public PipeReader Input { get; } = input;

    public PipeWriter Output { get; } = output;

    /// <summary>Cancelled once the client has closed or reset its side of the connection.</summary>
    public CancellationToken Hangup => _hangup.Token;

    public static async Task RunAsync(ConnectionContext connection, ConnectionDelegate next)
    {
        var original = connection.Transport;
        var relay = new Pipe();
        var transport = new HangupWatchingTransport(relay.Reader, original.Output);
        connection.Transport = transport;
        connection.Features.Set(transport);
        var pump = transport.PumpAsync(original.Input, relay.Writer);
        try
        {
            await next(connection);
        }
        finally
        {
            // Completing the relay's reader also frees a pump blocked on back-pressure.
            await relay.Reader.CompleteAsync();
            original.Input.CancelPendingRead();
            await pump;
            connection.Transport = original;
            transport._hangup.Dispose();
        }
    }

    private async Task PumpAsync(PipeReader from, PipeWriter to)
    {
        Exception? failure = null;
        try
        {
            while (true)
            {
                var read = await from.ReadAsync();
                foreach (var segment in read.Buffer)
                {
                    await to.WriteAsync(segment);
                }

                from.AdvanceTo(read.Buffer.End);
                if (read.IsCompleted || read.IsCanceled)
                {
                    // Completed means the client sent FIN; cancelled means Kestrel is done with the connection.
                    if (read.IsCompleted)
                    {
                        await _hangup.CancelAsync();
                    }

                    break;
                }
            }
        }
        catch (Exception e)
        {
            // A reset connection surfaces here; pass it on so Kestrel sees the same failure it would have seen.
            failure = e;
            await _hangup.CancelAsync();
        }

        await to.CompleteAsync(failure);
    }
}
