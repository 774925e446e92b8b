namespace GeminiBalance.Tests.Streaming;

/// <summary>A read-only stream that hands out its bytes in reads of the given sizes, as a network stream might.</summary>
internal sealed class ChunkedReadStream(byte[] bytes, IReadOnlyList<int> readSizes) : Stream
{
    private int _offset;
    private int _read;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => bytes.Length;

    public override long Position
    {
        get => _offset;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (_offset >= bytes.Length)
        {
            return 0;
        }

        var size = Math.Min(Math.Min(buffer.Length, bytes.Length - _offset), _read < readSizes.Count ? readSizes[_read] : int.MaxValue);
        _read++;
        bytes.AsSpan(_offset, size).CopyTo(buffer);
        _offset += size;
        return size;
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Read(buffer.Span));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        Task.FromResult(Read(buffer.AsSpan(offset, count)));

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
