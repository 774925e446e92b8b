namespace GeminiBalance.Usage;

/// <summary>
/// Writes what the request path gathered in memory to storage every few seconds, one round at a time, and once more
/// when the app stops (Azure Functions scaling in), so nothing is left behind in a process that goes away. A failed
/// round only logs: what it did not write stays in memory for the next one.
/// </summary>
internal abstract partial class PeriodicStorageWriter(ILogger logger) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);

    // One round at a time: overlapping rounds could write an older total after a newer one.
    private readonly SemaphoreSlim _oneAtATime = new(1, 1);

    /// <summary>What is written, for the log line of a failed round.</summary>
    protected abstract string What { get; }

    /// <summary>One round; the tests call it to write deterministically.</summary>
    /// <exception cref="Azure.RequestFailedException">Storage refused; what was not written is kept for the next round.</exception>
    public async Task WriteOnceAsync(CancellationToken cancellationToken)
    {
        await _oneAtATime.WaitAsync(cancellationToken);
        try
        {
            await WriteAsync(cancellationToken);
        }
        finally
        {
            _oneAtATime.Release();
        }
    }

    protected abstract Task WriteAsync(CancellationToken cancellationToken);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            await TryWriteAsync(stoppingToken);
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        await TryWriteAsync(cancellationToken);
    }

    private async Task TryWriteAsync(CancellationToken cancellationToken)
    {
        try
        {
            await WriteOnceAsync(cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            WriteFailed(logger, What, exception.GetType().Name);
        }
    }

    [LoggerMessage(40, LogLevel.Warning, "Writing {What} to storage failed ({Error}); kept in memory for the next round")]
    private static partial void WriteFailed(ILogger logger, string what, string error);
}
