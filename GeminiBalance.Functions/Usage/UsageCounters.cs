using GeminiBalance.Upstream;

namespace GeminiBalance.Usage;

/// <summary>
/// One bucket's running totals on this instance, added to with <see cref="Interlocked"/> so recording never takes a
/// lock. <see cref="Dirty"/> is raised after every addition, so a flush that read the totals mid-way writes again.
/// </summary>
internal sealed class UsageCounters
{
    private long _calls;
    private long _successes;
    private long _failures;
    private long _clientErrors;
    private long _promptTokens;
    private long _outputTokens;
    private long _thoughtTokens;
    private long _totalTokens;
    private int _dirty;

    public bool Dirty => Volatile.Read(ref _dirty) == 1;

    public void AddSuccess(TokenUsage? usage)
    {
        Interlocked.Increment(ref _calls);
        Interlocked.Increment(ref _successes);
        if (usage is not null)
        {
            Interlocked.Add(ref _promptTokens, usage.Prompt);
            Interlocked.Add(ref _outputTokens, usage.Candidates);
            Interlocked.Add(ref _thoughtTokens, usage.Thoughts);
            Interlocked.Add(ref _totalTokens, usage.Total);
        }

        Interlocked.Exchange(ref _dirty, 1);
    }

    public void AddFailure(bool clientError)
    {
        Interlocked.Increment(ref _calls);
        if (clientError)
        {
            Interlocked.Increment(ref _clientErrors);
        }
        else
        {
            Interlocked.Increment(ref _failures);
        }

        Interlocked.Exchange(ref _dirty, 1);
    }

    /// <summary>The totals, clearing <see cref="Dirty"/> first so an addition racing with the read raises it again.</summary>
    public UsageCounts TakeSnapshot()
    {
        Interlocked.Exchange(ref _dirty, 0);
        return new UsageCounts(
            Interlocked.Read(ref _calls),
            Interlocked.Read(ref _successes),
            Interlocked.Read(ref _failures),
            Interlocked.Read(ref _clientErrors),
            Interlocked.Read(ref _promptTokens),
            Interlocked.Read(ref _outputTokens),
            Interlocked.Read(ref _thoughtTokens),
            Interlocked.Read(ref _totalTokens));
    }

    /// <summary>A flush that failed: the totals are still here; make the next flush write them.</summary>
    public void MarkDirty() => Interlocked.Exchange(ref _dirty, 1);
}
