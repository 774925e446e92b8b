namespace GeminiBalance.Upstream;

/// <summary>
/// The body of a successful upstream answer, read under two limits so that no upstream can hold a request or the
/// proxy's memory forever: TIME_OUT, and <see cref="MaxElementBytes"/>. A unary answer is sent by Google only once it is
/// ready, so its whole body must arrive within both; a stream's reader calls <see cref="ElementEnded"/> after each
/// complete element, which starts both limits again, so a long stream is never cut but a silent or endless one is.
/// </summary>
internal sealed class UpstreamBody : Stream
{
    /// <summary>The most one unary answer or one stream element may hold (inline images stay far below).</summary>
    public const int MaxElementBytes = 64 * 1024 * 1024;

    private readonly Stream _inner;
    private readonly HttpContent _content;
    private readonly TimeSpan _limit;
    private readonly CancellationTokenSource _deadline;
    private readonly int _maxBytes;
    private readonly CancellationToken _clientGone;
    private long _bytes;

    private UpstreamBody(Stream inner, HttpContent content, TimeSpan limit, int maxBytes, CancellationToken clientGone)
    {
        (_inner, _content, _limit, _maxBytes, _clientGone) = (inner, content, limit, maxBytes, clientGone);
        _deadline = CancellationTokenSource.CreateLinkedTokenSource(clientGone);
        _deadline.CancelAfter(limit);
    }

    /// <summary>Replaces <paramref name="response"/>'s content with one read under the limits; its headers are kept.</summary>
    public static async Task GuardAsync(HttpResponseMessage response, TimeSpan limit, CancellationToken clientGone, int maxBytes = MaxElementBytes)
    {
        var original = response.Content;
        var body = new UpstreamBody(await original.ReadAsStreamAsync(clientGone), original, limit, maxBytes, clientGone);
        var guarded = new Content(body);
        foreach (var (name, values) in original.Headers)
        {
            guarded.Headers.TryAddWithoutValidation(name, values);
        }

        response.Content = guarded;
    }

    // StreamContent would hand out a wrapper; the stream readers must get this very stream to call ElementEnded.
    private sealed class Content(UpstreamBody body) : HttpContent
    {
        protected override Task<Stream> CreateContentReadStreamAsync() => Task.FromResult<Stream>(body);

        protected override Task<Stream> CreateContentReadStreamAsync(CancellationToken cancellationToken) => CreateContentReadStreamAsync();

        protected override Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context) => body.CopyToAsync(stream);

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                body.Dispose();
            }

            base.Dispose(disposing);
        }
    }

    /// <summary>A stream element ended: the next one has TIME_OUT and <see cref="MaxElementBytes"/> of its own.</summary>
    public void ElementEnded()
    {
        _bytes = 0;
        if (!_deadline.IsCancellationRequested)
        {
            _deadline.CancelAfter(_limit);
        }
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        int read;
        try
        {
            // The relays pass the client's token, which the deadline already follows: no second registration per read.
            if (!cancellationToken.CanBeCanceled || cancellationToken == _clientGone)
            {
                read = await _inner.ReadAsync(buffer, _deadline.Token);
            }
            else
            {
                using var both = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _deadline.Token);
                read = await _inner.ReadAsync(buffer, both.Token);
            }
        }
        catch (OperationCanceledException) when (_deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new UpstreamBodyTimeoutException(_limit);
        }

        _bytes += read;
        return _bytes > _maxBytes
            ? throw new MalformedAnswerException($"The upstream answer exceeded {_maxBytes / (1024 * 1024)} MiB.")
            : read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer, offset, count).GetAwaiter().GetResult();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _deadline.Dispose();
            _inner.Dispose();
            _content.Dispose();
        }

        base.Dispose(disposing);
    }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
