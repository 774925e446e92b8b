using System.Diagnostics;
using System.Net.Sockets;
using System.Text;

namespace GeminiBalance.Tests.TestKit;

/// <summary>
/// HTTP/1.1 by hand over a TcpClient, for what HttpClient refuses to send: bare CR or LF in a header, a Content-Length
/// that lies, a chunked body that never ends, headers one byte at a time.
/// </summary>
public sealed class RawHttp : IAsyncDisposable
{
    private readonly TcpClient _client;
    private readonly NetworkStream _stream;

    private RawHttp(TcpClient client)
    {
        _client = client;
        _stream = client.GetStream();
    }

    public static async Task<RawHttp> ConnectAsync(Uri baseUrl)
    {
        var client = new TcpClient { NoDelay = true };
        await client.ConnectAsync(baseUrl.Host, baseUrl.Port);
        return new RawHttp(client);
    }

    public Task SendAsync(string text) => SendAsync(Encoding.Latin1.GetBytes(text));

    public async Task SendAsync(byte[] bytes)
    {
        await _stream.WriteAsync(bytes);
        await _stream.FlushAsync();
    }

    /// <summary>Sends <paramref name="text"/> a byte at a time, <paramref name="gap"/> apart, until done or the server hangs up.</summary>
    /// <returns>Whether the server closed the connection before everything was sent.</returns>
    public async Task<bool> TrickleAsync(string text, TimeSpan gap, CancellationToken cancellationToken)
    {
        try
        {
            foreach (var b in Encoding.Latin1.GetBytes(text))
            {
                await _stream.WriteAsync(new[] { b }, cancellationToken);
                await Task.Delay(gap, cancellationToken);
            }

            return false;
        }
        catch (IOException)
        {
            return true;
        }
    }

    /// <summary>Reads whatever the server answers until it closes the connection or <paramref name="within"/> passes.</summary>
    public async Task<RawAnswer> ReadAsync(TimeSpan within)
    {
        var clock = Stopwatch.StartNew();
        using var timeout = new CancellationTokenSource(within);
        var received = new MemoryStream();
        var buffer = new byte[16 * 1024];
        var closed = false;
        try
        {
            while (true)
            {
                var read = await _stream.ReadAsync(buffer, timeout.Token);
                if (read == 0)
                {
                    closed = true;
                    break;
                }

                received.Write(buffer, 0, read);
                if (RawAnswer.IsComplete(received.ToArray()))
                {
                    break;
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (IOException)
        {
            closed = true;
        }

        return new RawAnswer(Encoding.UTF8.GetString(received.ToArray()), closed, clock.Elapsed);
    }

    public async ValueTask DisposeAsync()
    {
        await _stream.DisposeAsync();
        _client.Dispose();
    }
}

/// <summary>What came back: the raw text (status line, headers, body), whether the server hung up, and when.</summary>
public sealed record RawAnswer(string Text, bool Closed, TimeSpan Elapsed)
{
    /// <summary>The status code, or 0 when no status line came.</summary>
    public int Status => Text.StartsWith("HTTP/1.1 ", StringComparison.Ordinal) && int.TryParse(Text.AsSpan(9, 3), out var status) ? status : 0;

    public string Headers => Text.IndexOf("\r\n\r\n", StringComparison.Ordinal) is var end and >= 0 ? Text[..end] : Text;

    /// <summary>The body, its chunks joined when it came chunked.</summary>
    public string Body
    {
        get
        {
            var end = Text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
            if (end < 0)
            {
                return "";
            }

            var rest = Text[(end + 4)..];
            if (!Headers.Contains("Transfer-Encoding: chunked", StringComparison.OrdinalIgnoreCase))
            {
                return rest;
            }

            var body = new StringBuilder();
            while (rest.IndexOf("\r\n", StringComparison.Ordinal) is var line and > 0
                && int.TryParse(rest[..line], System.Globalization.NumberStyles.HexNumber, null, out var size) && size > 0 && rest.Length >= line + 2 + size)
            {
                body.Append(rest, line + 2, size);
                rest = rest[Math.Min(rest.Length, line + 2 + size + 2)..];
            }

            return body.ToString();
        }
    }

    /// <summary>A whole answer with a Content-Length body (the error answers this proxy writes).</summary>
    public static bool IsComplete(byte[] received)
    {
        var text = Encoding.Latin1.GetString(received);
        var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        if (end < 0)
        {
            return false;
        }

        if (text[..end].Contains("Transfer-Encoding: chunked", StringComparison.OrdinalIgnoreCase))
        {
            return text.EndsWith("\r\n0\r\n\r\n", StringComparison.Ordinal);
        }

        var length = text[..end].Split("\r\n").Select(line => line.Split(':', 2)).FirstOrDefault(pair => pair.Length == 2 && pair[0].Trim().Equals("Content-Length", StringComparison.OrdinalIgnoreCase));
        return length is not null && int.TryParse(length[1].Trim(), out var bytes) && received.Length - (end + 4) >= bytes;
    }
}
