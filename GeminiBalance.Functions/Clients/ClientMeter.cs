using GeminiBalance.Upstream;

namespace GeminiBalance.Clients;

/// <summary>
/// One client key's counts as this instance sees them: per window, the shared total last read from storage (every
/// instance's counts that were written) plus what this instance admitted since its last write. A request is admitted
/// while that sum is under the limit; so an instance never goes over a limit on its own, and the fleet goes over only by
/// what other instances admitted and had not yet written (docs/client-keys.md derives the bound).
/// </summary>
internal sealed class ClientMeter
{
    private readonly Lock _lock = new();
    private readonly Dictionary<ClientWindow, WindowCount> _shared = [];
    private Dictionary<ClientWindow, WindowCount> _unwritten = [];

    public ClientRefusal? Admit(ClientKey client, string model, bool checksModel, DateTimeOffset now)
    {
        if (checksModel && !ModelPatterns.Allows(client.Models, model))
        {
            return new ClientRefusal(StatusCodes.Status403Forbidden,
                $"The client key '{client.Name}' may not use the model '{model}'; it may use: {string.Join(", ", client.Models)}.", null, "model_not_allowed");
        }

        var (minute, day, month) = (ClientWindow.MinuteOf(now), ClientWindow.DayOf(now), ClientWindow.MonthOf(now));
        var limits = client.Limits;
        lock (_lock)
        {
            if (limits.TpmMonth is { } perMonth && Seen(month, count => count.Tokens) >= perMonth)
            {
                return Spent(client, $"its token budget for this month (tpm_month {perMonth})", month, now);
            }

            if (limits.Tpd is { } perDay && Seen(day, count => count.Tokens) >= perDay)
            {
                return Spent(client, $"its token budget for today (tpd {perDay})", day, now);
            }

            if (limits.Rpm is { } rpm && Seen(minute, count => count.Requests) >= rpm)
            {
                return Limited(client, $"{rpm} requests per minute (rpm)", minute, now);
            }

            if (limits.Rpd is { } rpd && Seen(day, count => count.Requests) >= rpd)
            {
                return Limited(client, $"{rpd} requests per day (rpd)", day, now);
            }

            Unwritten(minute).Requests++;
            var today = Unwritten(day);
            today.Requests++;
            today.Model(model).Calls++;
            return null;
        }
    }

    /// <summary>An admitted request ended: its error, and the tokens its answer reported, count toward the budgets.</summary>
    public void Completed(string model, bool failed, TokenUsage? tokens, DateTimeOffset now)
    {
        lock (_lock)
        {
            var today = Unwritten(ClientWindow.DayOf(now));
            var usage = today.Model(model);
            if (failed)
            {
                usage.Errors++;
            }

            if (tokens is not null)
            {
                usage.AddTokens(tokens);
                today.Tokens += tokens.Total;
                Unwritten(ClientWindow.MonthOf(now)).Tokens += tokens.Total;
            }
        }
    }

    /// <summary>What this instance counted since the last write, handed to the sync to write; counting starts afresh.</summary>
    public Dictionary<ClientWindow, WindowCount> TakeUnwritten()
    {
        lock (_lock)
        {
            var taken = _unwritten;
            _unwritten = [];
            return taken;
        }
    }

    /// <summary>A write that failed: its counts wait for the next round.</summary>
    public void PutBack(ClientWindow window, WindowCount count)
    {
        lock (_lock)
        {
            Unwritten(window).Add(count);
        }
    }

    /// <summary>The shared total read from (or just written to) storage; windows that ended are forgotten.</summary>
    public void SetShared(ClientWindow window, WindowCount total, DateTimeOffset now)
    {
        lock (_lock)
        {
            _shared[window] = total;
            foreach (var ended in _shared.Keys.Where(known => known.End <= now).ToList())
            {
                _shared.Remove(ended);
            }
        }
    }

    /// <summary>This instance's view of the window (shared total plus unwritten), for the admin API.</summary>
    public (long Requests, long Tokens) Seen(ClientWindow window)
    {
        lock (_lock)
        {
            return (Seen(window, count => count.Requests), Seen(window, count => count.Tokens));
        }
    }

    private long Seen(ClientWindow window, Func<WindowCount, long> value) =>
        (_shared.TryGetValue(window, out var shared) ? value(shared) : 0) + (_unwritten.TryGetValue(window, out var mine) ? value(mine) : 0);

    private WindowCount Unwritten(ClientWindow window)
    {
        if (!_unwritten.TryGetValue(window, out var count))
        {
            _unwritten[window] = count = new WindowCount();
        }

        return count;
    }

    private static ClientRefusal Limited(ClientKey client, string limit, ClientWindow window, DateTimeOffset now) =>
        new(StatusCodes.Status429TooManyRequests, $"The client key '{client.Name}' has made its {limit}; retry after {window.End:u}.", window.End - now, "rate_limit_exceeded");

    // OpenAI answers a spent budget with 429 insufficient_quota, so SDKs that know that code stop retrying.
    private static ClientRefusal Spent(ClientKey client, string budget, ClientWindow window, DateTimeOffset now) =>
        new(StatusCodes.Status429TooManyRequests, $"The client key '{client.Name}' has spent {budget}; the budget renews at {window.End:u}.", window.End - now, "insufficient_quota");
}
