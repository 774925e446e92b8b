namespace GeminiBalance.Streaming;

/// <summary>
/// Keeps one streamed answer's connection alive through long silences (a thinking model before its first token, a fake
/// stream's whole upstream call): whenever the client has been sent nothing for the interval, it writes the surface's
/// keep-alive, starting the 200 stream first if nothing had started it. Azure's front end cuts a response that stays
/// silent for 230 s, and the Functions host's forwarder one silent for 240 s.
/// </summary>
/// <remarks>
/// Keep-alives are written only from the call's own flow, while it waits (for the upstream's headers, or for its next
/// read), and the relay writes only between those waits, so the two never interleave inside an event without a lock.
/// The client body is watched so the forwarder can tell keep-alives from content: while only keep-alives went out, a
/// failed attempt is still retried on another key within the same 200 stream; once content went out, never.
/// </remarks>
internal sealed class StreamKeepAlive : IAsyncDisposable
{
    private readonly HttpContext _context;
    private readonly StreamSignals _signals;
    private readonly TimeSpan _interval;
    private readonly TimeProvider _time;
    private readonly Stream _clientBody;
    private long _lastWrite;

    public StreamKeepAlive(HttpContext context, StreamSignals signals, TimeSpan interval, TimeProvider time)
    {
        (_context, _signals, _interval, _time) = (context, signals, interval, time);
        _clientBody = context.Response.Body;
        context.Response.Body = new WatchedClientBody(_clientBody, this);
        _lastWrite = time.GetTimestamp();
    }

    /// <summary>Something other than a keep-alive reached the client: the answer has begun and cannot be retried.</summary>
    public bool ContentWritten { get; private set; }

    /// <summary>The 200 stream was started by a keep-alive and holds nothing else yet.</summary>
    public bool OnlyKeepAlivesWritten => _context.Response.HasStarted && !ContentWritten;

    public int KeepAlivesWritten { get; private set; }

    /// <summary>Waits for <paramref name="work"/>, writing a keep-alive each time the client has heard nothing for the interval.</summary>
    public async Task<T> WhileAsync<T>(Task<T> work, CancellationToken cancellationToken)
    {
        while (!work.IsCompleted)
        {
            var due = _interval - _time.GetElapsedTime(_lastWrite);
            if (due > TimeSpan.Zero)
            {
                using var stopDelay = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                var delay = Task.Delay(due, _time, stopDelay.Token);
                if (await Task.WhenAny(work, delay) == work)
                {
                    await stopDelay.CancelAsync();
                    break;
                }

                await delay; // The client went away: its cancellation ends the wait.
                if (_time.GetElapsedTime(_lastWrite) < _interval)
                {
                    continue; // Content went out meanwhile.
                }
            }

            await WriteKeepAliveAsync(cancellationToken);
        }

        return await work;
    }

    /// <summary>The upstream answer's content, read through the keep-alive: every read that waits keeps the client alive.</summary>
    public HttpContent Watch(HttpContent upstream) => new KeepAliveUpstreamContent(upstream, this);

    /// <summary>
    /// Writes the call's final failure into a stream that keep-alives started: its status line is already 200, so the
    /// client reads the error as the protocol's in-stream error event, with the message it would otherwise have had.
    /// </summary>
    public async Task WriteFailureAsync(IResult failure)
    {
        var rendered = new DefaultHttpContext { RequestServices = _context.RequestServices };
        using var body = new MemoryStream();
        rendered.Response.Body = body;
        await failure.ExecuteAsync(rendered);
        await _clientBody.WriteAsync(_signals.ErrorEvent(body.GetBuffer().AsSpan(0, (int)body.Length)), _context.RequestAborted);
        await _clientBody.FlushAsync(_context.RequestAborted);
    }

    public ValueTask DisposeAsync()
    {
        _context.Response.Body = _clientBody;
        return ValueTask.CompletedTask;
    }

    private async Task WriteKeepAliveAsync(CancellationToken cancellationToken)
    {
        var response = _context.Response;
        if (!response.HasStarted)
        {
            response.StatusCode = StatusCodes.Status200OK;
            response.ContentType = _signals.ContentType;
            response.Headers.CacheControl = "no-cache";
        }

        await _clientBody.WriteAsync(_signals.KeepAlive, cancellationToken);
        await _clientBody.FlushAsync(cancellationToken);
        KeepAlivesWritten++;
        _lastWrite = _time.GetTimestamp();
    }

    private void ContentGoesOut()
    {
        ContentWritten = true;
        _lastWrite = _time.GetTimestamp();
    }

    /// <summary>The client's body as the relays see it: passes every write on, noting that content went out.</summary>
    private sealed class WatchedClientBody(Stream inner, StreamKeepAlive keepAlive) : Stream
    {
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (!buffer.IsEmpty)
            {
                keepAlive.ContentGoesOut();
            }

            return inner.WriteAsync(buffer, cancellationToken);
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Write(byte[] buffer, int offset, int count)
        {
            if (count > 0)
            {
                keepAlive.ContentGoesOut();
            }

            inner.Write(buffer, offset, count);
        }

        public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);
        public override void Flush() => inner.Flush();
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
