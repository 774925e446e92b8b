using System.Threading.Channels;

namespace GeminiBalance.Usage;

/// <summary>
/// Log rows waiting for the background writer. Bounded, so a storage outage cannot grow memory without limit: when
/// full, the oldest row is dropped and counted, and the writer reports the count.
/// </summary>
internal sealed class LogQueue<T>
{
    public const int Capacity = 10_000;

    private readonly Channel<QueuedRow<T>> _channel;
    private long _dropped;
    private long _droppedEver;
    private long _sequence;

    public LogQueue()
    {
        _channel = Channel.CreateBounded<QueuedRow<T>>(
            new BoundedChannelOptions(Capacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true },
            _ =>
            {
                Interlocked.Increment(ref _dropped);
                Interlocked.Increment(ref _droppedEver);
            });
    }

    /// <summary>Rows waiting now.</summary>
    public int Count => _channel.Reader.Count;

    /// <summary>Never waits: a full queue makes room by dropping its oldest row.</summary>
    public void Add(T row) => _channel.Writer.TryWrite(new QueuedRow<T>(row, Interlocked.Increment(ref _sequence)));

    /// <summary>Puts back a row whose write failed, keeping its number.</summary>
    public void Requeue(QueuedRow<T> row) => _channel.Writer.TryWrite(row);

    public List<QueuedRow<T>> Take(int max)
    {
        var rows = new List<QueuedRow<T>>();
        while (rows.Count < max && _channel.Reader.TryRead(out var row))
        {
            rows.Add(row);
        }

        return rows;
    }

    /// <summary>Every row dropped since the app started (the metrics' counter; <see cref="TakeDroppedCount"/> is the log's).</summary>
    public long DroppedEver => Interlocked.Read(ref _droppedEver);

    /// <summary>How many rows were dropped since the last call.</summary>
    public long TakeDroppedCount() => Interlocked.Exchange(ref _dropped, 0);
}
