namespace GeminiBalance.Benchmarks.Children;

/// <summary>Counts Table Storage calls, and separately those made on a client request's own execution flow.</summary>
internal sealed class StorageCallCounter
{
    private long _total;
    private long _onRequestPath;

    public long Total => Interlocked.Read(ref _total);

    public long OnRequestPath => Interlocked.Read(ref _onRequestPath);

    public void Count()
    {
        Interlocked.Increment(ref _total);
        if (RequestPathMarker.IsOnRequestPath)
        {
            Interlocked.Increment(ref _onRequestPath);
        }
    }
}
