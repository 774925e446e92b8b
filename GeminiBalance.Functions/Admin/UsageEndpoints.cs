using System.Globalization;
using GeminiBalance.Storage;
using GeminiBalance.Usage;

namespace GeminiBalance.Admin;

/// <summary>
/// <c>/manage/stats</c> (usage over the last minute, hour and day) and <c>/manage/logs/{requests,errors}</c> (newest
/// first, filtered, a page at a time). They read storage only, so figures are as fresh as the last usage flush.
/// </summary>
internal static class UsageEndpoints
{
    private const int DefaultPageSize = 50;

    private static readonly (string Name, Func<DateTimeOffset, TimeSpan> Window)[] Windows =
    [
        ("1m", _ => UsageStatistics.LastMinute),
        ("1h", _ => UsageStatistics.LastHour),
        ("8h", _ => TimeSpan.FromHours(8)),
        ("24h", _ => UsageStatistics.LastDay),
        // This calendar month (UTC), as gemini-balance's dashboard shows it.
        ("month", now => now - new DateTimeOffset(now.Year, now.Month, 1, 0, 0, 0, TimeSpan.Zero) + TimeSpan.FromMinutes(1)),
    ];

    /// <summary>The console's trend chart: each range with the width of one point on it.</summary>
    private static readonly (string Name, TimeSpan Range, TimeSpan Step)[] Trends =
    [
        ("1h", TimeSpan.FromHours(1), TimeSpan.FromMinutes(1)),
        ("8h", TimeSpan.FromHours(8), TimeSpan.FromMinutes(10)),
        ("24h", TimeSpan.FromHours(24), TimeSpan.FromMinutes(30)),
        ("7d", TimeSpan.FromDays(7), TimeSpan.FromHours(4)),
    ];

    public static RouteGroupBuilder MapStatsEndpoints(this RouteGroupBuilder stats)
    {
        stats.MapGet("", StatsAsync);
        stats.MapGet("trend", TrendAsync);
        return stats;
    }

    public static RouteGroupBuilder MapLogEndpoints(this RouteGroupBuilder logs)
    {
        logs.MapGet("requests", (HttpContext context, UsageLogReader reader) =>
            PageAsync(context, (filter, size, token, cancel) => reader.ReadRequestsAsync(filter, size, token, cancel), AdminJsonContext.Default.LogPageRequestLogEntry));
        logs.MapGet("errors", (HttpContext context, UsageLogReader reader) =>
            PageAsync(context, (filter, size, token, cancel) => reader.ReadErrorsAsync(filter, size, token, cancel), AdminJsonContext.Default.LogPageErrorLogEntry));
        logs.MapPost("errors/delete", DeleteErrorsAsync);
        logs.MapDelete("errors", async (LogTables tables, CancellationToken cancellationToken) =>
            TypedResults.Json(new DeletedLogRows(await tables.Errors.DeleteAllAsync(cancellationToken)), AdminJsonContext.Default.DeletedLogRows));
        return logs;
    }

    /// <summary>Without <c>?window=</c>, every window; with it, the one named (1m, 1h, 8h, 24h or month).</summary>
    private static async Task<IResult> StatsAsync(string? window, UsageStatistics statistics, TimeProvider time, CancellationToken cancellationToken)
    {
        var wanted = Windows.Where(entry => window is null || entry.Name == window).ToArray();
        if (wanted.Length == 0)
        {
            return AdminBody.Problem(StatusCodes.Status400BadRequest, "window must be 1m, 1h, 8h, 24h or month.");
        }

        var reports = new Dictionary<string, UsageReport>();
        foreach (var (name, span) in wanted)
        {
            reports[name] = await statistics.GetAsync(span(time.GetUtcNow()), cancellationToken);
        }

        return TypedResults.Json(reports, AdminJsonContext.Default.DictionaryStringUsageReport);
    }

    /// <summary>Deletes the error-log rows named by <c>{"ids":[…]}</c> (each entry's <c>id</c>).</summary>
    private static async Task<IResult> DeleteErrorsAsync(HttpContext context, LogTables tables)
    {
        var (request, error) = await AdminBody.ReadJsonAsync(context, AdminJsonContext.Default.KeyIdsRequest);
        if (request?.Ids is not { Count: > 0 })
        {
            return error ?? AdminBody.Problem(StatusCodes.Status400BadRequest, "Send {\"ids\":[…]} with the ids of the error-log entries to delete.");
        }

        var rows = request.Ids.Select(Storage.ErrorLogEntity.KeysOf).ToArray();
        if (rows.Any(row => row is null))
        {
            return AdminBody.Problem(StatusCodes.Status400BadRequest, "An id is not one the error log returned.");
        }

        await tables.Errors.DeleteAsync(rows.Select(row => row!.Value), context.RequestAborted);
        return TypedResults.Json(new DeletedLogRows(rows.Length), AdminJsonContext.Default.DeletedLogRows);
    }

    /// <summary>Calls, successes, failures and tokens per step over the range (1h, 8h, 24h or 7d), oldest first.</summary>
    private static async Task<IResult> TrendAsync(string? range, UsageStatistics statistics, CancellationToken cancellationToken)
    {
        if (Trends.FirstOrDefault(entry => entry.Name == (range ?? "1h")) is not { Name: not null } trend)
        {
            return AdminBody.Problem(StatusCodes.Status400BadRequest, "range must be 1h, 8h, 24h or 7d.");
        }

        return TypedResults.Json(await statistics.TrendAsync(trend.Range, trend.Step, cancellationToken), AdminJsonContext.Default.IReadOnlyListUsagePoint);
    }

    private static async Task<IResult> PageAsync<T>(
        HttpContext context,
        Func<LogFilter, int, string?, CancellationToken, Task<LogPage<T>>> read,
        System.Text.Json.Serialization.Metadata.JsonTypeInfo<LogPage<T>> type)
    {
        var query = context.Request.Query;
        if (!TryReadInt(query["pageSize"], DefaultPageSize, out var pageSize) || pageSize is < 1 or > UsageLogReader.MaxPageSize)
        {
            return AdminBody.Problem(StatusCodes.Status400BadRequest, $"pageSize must be a whole number from 1 to {UsageLogReader.MaxPageSize}.");
        }

        if (!TryReadInt(query["status"], null, out var status)
            || !TryReadTime(query["since"], out var since)
            || !TryReadTime(query["until"], out var until))
        {
            return AdminBody.Problem(StatusCodes.Status400BadRequest, "status must be a whole number, since and until ISO 8601 times.");
        }

        var filter = new LogFilter(NullIfEmpty(query["keyId"]), NullIfEmpty(query["model"]), status, since, until, NullIfEmpty(query["client"]));
        try
        {
            var page = await read(filter, pageSize!.Value, NullIfEmpty(query["continuationToken"]), context.RequestAborted);
            return TypedResults.Json(page, type);
        }
        catch (FormatException)
        {
            return AdminBody.Problem(StatusCodes.Status400BadRequest, "continuationToken is not one this API returned.");
        }
    }

    private static bool TryReadInt(string? text, int? fallback, out int? value)
    {
        value = fallback;
        if (string.IsNullOrEmpty(text))
        {
            return true;
        }

        var parsed = int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var number);
        value = parsed ? number : null;
        return parsed;
    }

    private static bool TryReadTime(string? text, out DateTimeOffset? value)
    {
        value = null;
        if (string.IsNullOrEmpty(text))
        {
            return true;
        }

        var parsed = DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time);
        value = parsed ? time : null;
        return parsed;
    }

    private static string? NullIfEmpty(string? text) => string.IsNullOrEmpty(text) ? null : text;
}
