using System.Buffers;

namespace GeminiBalance.Streaming;

/// <summary>
/// The last bytes of a stream, at most a fixed number, so something written near the end of a large document can be
/// read after it has passed without holding the document.
/// </summary>
internal sealed class TailWindow(int size) : IDisposable
{
    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(size);
    private int _length;

    public ReadOnlySpan<byte> Bytes => _buffer.AsSpan(0, _length);

    public void Append(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length >= size)
        {
            bytes[^size..].CopyTo(_buffer);
            _length = size;
            return;
        }

        var kept = Math.Min(_length, size - bytes.Length);
        _buffer.AsSpan(_length - kept, kept).CopyTo(_buffer);
        bytes.CopyTo(_buffer.AsSpan(kept));
        _length = kept + bytes.Length;
    }

    public void Dispose()
    {
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = [];
        _length = 0;
    }
}
