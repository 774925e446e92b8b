using System.Net;
using System.Net.Sockets;

namespace GeminiBalance.Tests.TestKit;

/// <summary>Picks free 127.0.0.1 ports for child processes and waits for them to start listening.</summary>
public static class LoopbackPorts
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    /// <summary>Returns distinct ports that were free a moment ago; a child process may still lose a race for one.</summary>
    public static int[] ReserveFree(int count)
    {
        // Hold every listener open until all are bound, so the ports cannot repeat.
        var listeners = Enumerable.Range(0, count).Select(_ => new TcpListener(IPAddress.Loopback, 0)).ToArray();
        try
        {
            foreach (var listener in listeners)
            {
                listener.Start();
            }

            return [.. listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port)];
        }
        finally
        {
            foreach (var listener in listeners)
            {
                listener.Stop();
            }
        }
    }

    /// <summary>True once every port accepts a TCP connection; false if <paramref name="gaveUp"/> turns true or time runs out.</summary>
    public static async Task<bool> WaitUntilListeningAsync(IReadOnlyList<int> ports, Func<bool> gaveUp, TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            foreach (var port in ports)
            {
                while (!await AcceptsConnectionsAsync(port, deadline.Token))
                {
                    if (gaveUp())
                    {
                        return false;
                    }

                    await Task.Delay(PollInterval, deadline.Token);
                }
            }

            return !gaveUp();
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private static async Task<bool> AcceptsConnectionsAsync(int port, CancellationToken cancellationToken)
    {
        using var probe = new TcpClient();
        try
        {
            await probe.ConnectAsync(IPAddress.Loopback, port, cancellationToken);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
