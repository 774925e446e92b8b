namespace GeminiBalance.Tests.TestKit.GeminiEmulator;

/// <summary>
/// Google's per-project, per-model rate limits, each key standing for its own project: requests per minute over a
/// sliding minute and requests per day until midnight Pacific. A request over a limit is answered 429 RESOURCE_EXHAUSTED
/// and, as with Google, does not count against the quota.
/// </summary>
internal sealed class EmulatedQuotas
{
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    private readonly Lock _lock = new();
    private readonly Dictionary<string, (int Rpm, int? Rpd)> _limits = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Key, string Model), Usage> _usage = [];
    private long _rejected;

    /// <summary>How many requests were answered 429 for a spent quota.</summary>
    public long Rejected => Interlocked.Read(ref _rejected);

    public void Limit(string model, int rpm, int? rpd)
    {
        lock (_lock)
        {
            _limits[model] = (rpm, rpd);
        }
    }

    /// <summary>Counts the request, or throws the 429 Google answers when <paramref name="key"/>'s quota for the model is spent.</summary>
    public void Take(string key, string model, DateTimeOffset now)
    {
        EmulatedError? error = null;
        lock (_lock)
        {
            if (!_limits.TryGetValue(model, out var limit))
            {
                return;
            }

            if (!_usage.TryGetValue((key, model), out var usage))
            {
                _usage[(key, model)] = usage = new Usage();
            }

            while (usage.Minute.TryPeek(out var oldest) && oldest <= now - Minute)
            {
                usage.Minute.Dequeue();
            }

            var pacific = TimeZoneInfo.ConvertTime(now, TimeZoneInfo.FindSystemTimeZoneById("America/Los_Angeles")).Date;
            if (usage.Day != pacific)
            {
                (usage.Day, usage.Today) = (pacific, 0);
            }

            if (limit.Rpd is { } rpd && usage.Today >= rpd)
            {
                error = EmulatedErrors.QuotaExceeded(model, perDay: true, rpd, NextPacificMidnight(now) - now);
            }
            else if (usage.Minute.Count >= limit.Rpm)
            {
                error = EmulatedErrors.QuotaExceeded(model, perDay: false, limit.Rpm, usage.Minute.Peek() + Minute - now);
            }
            else
            {
                usage.Minute.Enqueue(now);
                usage.Today++;
            }
        }

        if (error is not null)
        {
            Interlocked.Increment(ref _rejected);
            throw new EmulatedErrorException(error);
        }
    }

    private static DateTimeOffset NextPacificMidnight(DateTimeOffset now)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById("America/Los_Angeles");
        var midnight = TimeZoneInfo.ConvertTime(now, zone).Date.AddDays(1);
        return new DateTimeOffset(midnight, zone.GetUtcOffset(midnight));
    }

    private sealed class Usage
    {
        public Queue<DateTimeOffset> Minute { get; } = new();

        public DateTime Day { get; set; }

        public int Today { get; set; }
    }
}
