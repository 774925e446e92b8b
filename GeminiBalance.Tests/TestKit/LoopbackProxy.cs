using System.Net;
using System.Net.Sockets;
using System.Text;

namespace GeminiBalance.Tests.TestKit;

/// <summary>
/// An outbound proxy of our own on 127.0.0.1, for PROXIES: HTTP (plain absolute-form requests and CONNECT tunnels) and
/// SOCKS5 (no auth, or username/password), told apart by the first byte. It relays bytes both ways and counts what went
/// through it, so a test can tell which proxy a call took. The connection is relayed as a whole to the first request's
/// target, which is what a client that pools per proxy and target sends on it.
/// </summary>
public sealed class LoopbackProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;
    private readonly string? _user;
    private readonly string? _password;
    private int _connections;
    private int _requests;
    private int _refused;

    private LoopbackProxy(string? user, string? password)
    {
        (_user, _password) = (user, password);
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>Connections relayed to a target (a refused handshake is not one).</summary>
    public int Connections => Volatile.Read(ref _connections);

    /// <summary>HTTP requests seen on relayed plain-HTTP connections (each pooled request counts).</summary>
    public int Requests => Volatile.Read(ref _requests);

    /// <summary>Handshakes refused for missing or wrong credentials.</summary>
    public int Refused => Volatile.Read(ref _refused);

    /// <summary>The Proxy-Authorization header of the last HTTP handshake, or the SOCKS5 user, as received.</summary>
    public string? LastCredentials { get; private set; }

    /// <param name="user">When set (with <paramref name="password"/>), handshakes without these credentials are refused.</param>
    public static LoopbackProxy Start(string? user = null, string? password = null) => new(user, password);

    public Uri HttpUrl => new($"http://127.0.0.1:{Port}");

    public Uri Socks5Url => new($"socks5://127.0.0.1:{Port}");

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception exception) when (exception is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                var stream = client.GetStream();
                var first = new byte[1];
                if (await stream.ReadAsync(first, _stop.Token) == 0)
                {
                    return;
                }

                if (first[0] == 5)
                {
                    await ServeSocksAsync(stream);
                }
                else
                {
                    await ServeHttpAsync(stream, first[0]);
                }
            }
            catch (Exception exception) when (exception is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
            {
                // The client or the target went away; nothing to report.
            }
        }
    }

    private async Task ServeHttpAsync(NetworkStream stream, byte first)
    {
        var head = await ReadHeadAsync(stream, first);
        var lines = Encoding.ASCII.GetString(head).Split("\r\n");
        var requestLine = lines[0].Split(' ');
        LastCredentials = lines.FirstOrDefault(line => line.StartsWith("Proxy-Authorization:", StringComparison.OrdinalIgnoreCase))?.Split(':', 2)[1].Trim();
        if (_user is not null && LastCredentials != "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{_user}:{_password}")))
        {
            Interlocked.Increment(ref _refused);
            await stream.WriteAsync("HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm=\"test\"\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"u8.ToArray(), _stop.Token);
            return;
        }

        if (requestLine[0] == "CONNECT")
        {
            var (host, port) = SplitAuthority(requestLine[1]);
            using var tunnel = await ConnectAsync(host, port);
            await stream.WriteAsync("HTTP/1.1 200 Connection Established\r\n\r\n"u8.ToArray(), _stop.Token);
            await RelayAsync(stream, tunnel.GetStream(), countRequests: false);
            return;
        }

        // Plain HTTP: the request line names the target; the server takes the absolute form as it is (RFC 9112 3.2.2).
        var target = new Uri(requestLine[1]);
        using var upstream = await ConnectAsync(target.Host, target.Port);
        Interlocked.Increment(ref _requests);
        var upstreamStream = upstream.GetStream();
        await upstreamStream.WriteAsync(head, _stop.Token);
        await RelayAsync(stream, upstreamStream, countRequests: true);
    }

    private async Task ServeSocksAsync(NetworkStream stream)
    {
        // Greeting: VER(5, read already) NMETHODS METHODS...
        var count = await ReadByteAsync(stream);
        var methods = await ReadExactAsync(stream, count);
        var wanted = _user is null ? (byte)0 : (byte)2;
        if (!methods.Contains(wanted))
        {
            Interlocked.Increment(ref _refused);
            await stream.WriteAsync(new byte[] { 5, 0xFF }, _stop.Token);
            return;
        }

        await stream.WriteAsync(new byte[] { 5, wanted }, _stop.Token);
        if (wanted == 2)
        {
            // RFC 1929: VER(1) ULEN UNAME PLEN PASSWD.
            _ = await ReadByteAsync(stream);
            var user = Encoding.UTF8.GetString(await ReadExactAsync(stream, await ReadByteAsync(stream)));
            var password = Encoding.UTF8.GetString(await ReadExactAsync(stream, await ReadByteAsync(stream)));
            LastCredentials = user;
            var ok = user == _user && password == _password;
            await stream.WriteAsync(new byte[] { 1, ok ? (byte)0 : (byte)1 }, _stop.Token);
            if (!ok)
            {
                Interlocked.Increment(ref _refused);
                return;
            }
        }

        // Request: VER CMD(1 = CONNECT) RSV ATYP DST.ADDR DST.PORT.
        var request = await ReadExactAsync(stream, 4);
        var host = request[3] switch
        {
            1 => new IPAddress(await ReadExactAsync(stream, 4)).ToString(),
            3 => Encoding.ASCII.GetString(await ReadExactAsync(stream, await ReadByteAsync(stream))),
            4 => new IPAddress(await ReadExactAsync(stream, 16)).ToString(),
            _ => throw new IOException("unknown SOCKS5 address type"),
        };
        var portBytes = await ReadExactAsync(stream, 2);
        using var upstream = await ConnectAsync(host, (portBytes[0] << 8) | portBytes[1]);
        await stream.WriteAsync(new byte[] { 5, 0, 0, 1, 127, 0, 0, 1, 0, 0 }, _stop.Token);
        await RelayAsync(stream, upstream.GetStream(), countRequests: false);
    }

    private async Task<TcpClient> ConnectAsync(string host, int port)
    {
        var upstream = new TcpClient();
        await upstream.ConnectAsync(host, port, _stop.Token);
        Interlocked.Increment(ref _connections);
        return upstream;
    }

    private async Task RelayAsync(NetworkStream client, NetworkStream upstream, bool countRequests)
    {
        var up = CopyAsync(client, upstream, countRequests);
        var down = CopyAsync(upstream, client, countRequests: false);
        await Task.WhenAny(up, down);
    }

    // Counts each further request on a kept-alive plain connection by its request line's method at a read's start.
    private async Task CopyAsync(NetworkStream from, NetworkStream to, bool countRequests)
    {
        var buffer = new byte[16 * 1024];
        int read;
        while ((read = await from.ReadAsync(buffer, _stop.Token)) > 0)
        {
            if (countRequests && (buffer.AsSpan(0, read).StartsWith("POST http"u8) || buffer.AsSpan(0, read).StartsWith("GET http"u8)))
            {
                Interlocked.Increment(ref _requests);
            }

            await to.WriteAsync(buffer.AsMemory(0, read), _stop.Token);
        }
    }

    private async Task<byte[]> ReadHeadAsync(NetworkStream stream, byte first)
    {
        var head = new List<byte> { first };
        while (!(head.Count >= 4 && head[^4] == '\r' && head[^3] == '\n' && head[^2] == '\r' && head[^1] == '\n'))
        {
            head.Add(await ReadByteAsync(stream));
        }

        return [.. head];
    }

    private async Task<byte> ReadByteAsync(NetworkStream stream) => (await ReadExactAsync(stream, 1))[0];

    private async Task<byte[]> ReadExactAsync(NetworkStream stream, int count)
    {
        var bytes = new byte[count];
        await stream.ReadExactlyAsync(bytes, _stop.Token);
        return bytes;
    }

    private static (string Host, int Port) SplitAuthority(string authority)
    {
        var colon = authority.LastIndexOf(':');
        return (authority[..colon].Trim('[', ']'), int.Parse(authority[(colon + 1)..]));
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting;
        _stop.Dispose();
    }
}
