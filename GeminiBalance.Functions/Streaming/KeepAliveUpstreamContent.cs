using System.Net;

namespace GeminiBalance.Streaming;

/// <summary>
/// An upstream answer's content whose reads wait through <see cref="StreamKeepAlive.WhileAsync{T}"/>: the relays read
/// it as before, and a read that waits long enough sends the client a keep-alive. Its headers are the upstream's.
/// </summary>
internal sealed class KeepAliveUpstreamContent : HttpContent
{
    private readonly HttpContent _upstream;
    private readonly StreamKeepAlive _keepAlive;

    public KeepAliveUpstreamContent(HttpContent upstream, StreamKeepAlive keepAlive)
    {
        (_upstream, _keepAlive) = (upstream, keepAlive);
        foreach (var header in upstream.Headers)
        {
            Headers.TryAddWithoutValidation(header.Key, header.Value);
        }
    }

    protected override async Task<Stream> CreateContentReadStreamAsync(CancellationToken cancellationToken) =>
        new Reads(await _upstream.ReadAsStreamAsync(cancellationToken), _keepAlive);

    protected override Task<Stream> CreateContentReadStreamAsync() => CreateContentReadStreamAsync(CancellationToken.None);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
    {
        await using var source = await CreateContentReadStreamAsync();
        await source.CopyToAsync(stream);
    }

    protected override bool TryComputeLength(out long length)
    {
        length = 0;
        return false;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _upstream.Dispose();
        }

        base.Dispose(disposing);
    }

    private sealed class Reads(Stream inner, StreamKeepAlive keepAlive) : Stream
    {
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            var read = inner.ReadAsync(buffer, cancellationToken);
            return read.IsCompleted ? read : new ValueTask<int>(keepAlive.WhileAsync(read.AsTask(), cancellationToken));
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }

        public override async ValueTask DisposeAsync()
        {
            await inner.DisposeAsync();
            await base.DisposeAsync();
        }
    }
}
