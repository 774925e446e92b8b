using GeminiBalance.Keys;

namespace GeminiBalance.Quotas;

/// <summary>
/// One key's use of one model as this instance has seen it: the exact times of its requests in the last minute, a
/// ring buffer as long as the rpm limit (a request older than the rpm-th last one cannot matter to the minute), the
/// day's count up to Google's reset at midnight Pacific, and the tokens of the last minute for a tpm limit.
/// An estimate of the minute (two fixed buckets) lets bursts through at a bucket's edge and lost to plain retrying on 429.
/// </summary>
internal sealed class QuotaLog
{
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    private readonly Lock _lock = new();
    private readonly Queue<(long Ticks, int Tokens)> _tokens = new();
    private long[] _times = [];
    private int _oldest;
    private int _count;
    private int _today;
    private DateTimeOffset _dayEnds = DateTimeOffset.MinValue;
    private long _minuteTokens;

    /// <summary>How many more requests the limit allows now (0: none); tokens over tpm leave no room.</summary>
    public int Room(ModelLimit limit, DateTimeOffset now)
    {
        lock (_lock)
        {
            Forget(limit, now);
            return RoomNow(limit);
        }
    }

    /// <summary>Counts a request now if the limit has room for it.</summary>
    public bool TryTake(ModelLimit limit, DateTimeOffset now)
    {
        lock (_lock)
        {
            Forget(limit, now);
            if (RoomNow(limit) == 0)
            {
                return false;
            }

            _today++;
            if (limit.Rpm is not null)
            {
                _times[(_oldest + _count) % _times.Length] = now.UtcTicks;
                _count++;
            }

            return true;
        }
    }

    /// <summary>The tokens an answer used, for a tpm limit.</summary>
    public void AddTokens(int tokens, DateTimeOffset now)
    {
        lock (_lock)
        {
            _tokens.Enqueue((now.UtcTicks, tokens));
            _minuteTokens += tokens;
        }
    }

    /// <summary>How long until the limit has room again (zero when it has some now).</summary>
    public TimeSpan TimeUntilRoom(ModelLimit limit, DateTimeOffset now)
    {
        lock (_lock)
        {
            Forget(limit, now);
            var wait = TimeSpan.Zero;
            if (limit.Rpd is { } rpd && _today >= rpd)
            {
                return _dayEnds - now;
            }

            if (limit.Rpm is { } rpm && _count >= rpm)
            {
                wait = new DateTimeOffset(_times[_oldest], TimeSpan.Zero) + Minute - now;
            }

            if (limit.Tpm is { } tpm && _minuteTokens >= tpm && _tokens.TryPeek(out var first))
            {
                var tokensWait = new DateTimeOffset(first.Ticks, TimeSpan.Zero) + Minute - now;
                wait = tokensWait > wait ? tokensWait : wait;
            }

            return wait;
        }
    }

    private int RoomNow(ModelLimit limit)
    {
        var room = int.MaxValue;
        if (limit.Rpm is { } rpm)
        {
            room = Math.Min(room, rpm - _count);
        }

        if (limit.Rpd is { } rpd)
        {
            room = Math.Min(room, rpd - _today);
        }

        if (limit.Tpm is { } tpm && _minuteTokens >= tpm)
        {
            room = 0;
        }

        return Math.Max(room, 0);
    }

    // Drops what left the minute, starts a new day after the reset, and follows a changed rpm (a live setting).
    private void Forget(ModelLimit limit, DateTimeOffset now)
    {
        if (now >= _dayEnds)
        {
            _today = 0;
            _dayEnds = QuotaReset.NextPacificMidnight(now);
        }

        var windowStart = (now - Minute).UtcTicks;
        var capacity = limit.Rpm ?? 0;
        if (capacity != _times.Length)
        {
            Resize(capacity);
        }

        while (_count > 0 && _times[_oldest] <= windowStart)
        {
            _oldest = (_oldest + 1) % _times.Length;
            _count--;
        }

        while (_tokens.TryPeek(out var first) && first.Ticks <= windowStart)
        {
            _minuteTokens -= _tokens.Dequeue().Tokens;
        }
    }

    private void Resize(int capacity)
    {
        // The newest requests are the ones a smaller limit still counts.
        var kept = Math.Min(_count, capacity);
        var times = new long[capacity];
        for (var i = 0; i < kept; i++)
        {
            times[i] = _times[(_oldest + _count - kept + i) % _times.Length];
        }

        (_times, _oldest, _count) = (times, 0, kept);
    }
}
