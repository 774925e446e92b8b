namespace GeminiBalance.Clients;

/// <summary>What a window counts toward: requests per minute, requests and tokens per day, tokens per month.</summary>
internal enum WindowKind
{
    Minute,
    Day,
    Month,
}

/// <summary>
/// One fixed counting window (a UTC clock minute, UTC day or UTC calendar month). Fixed windows, not sliding ones, so
/// every instance names the same window the same way and their counts meet in one shared row per client per window.
/// </summary>
/// <param name="Number">Minutes or days since the Unix epoch, or year × 12 + month − 1.</param>
internal readonly record struct ClientWindow(WindowKind Kind, long Number)
{
    public static ClientWindow MinuteOf(DateTimeOffset time) => new(WindowKind.Minute, time.ToUnixTimeSeconds() / 60);

    public static ClientWindow DayOf(DateTimeOffset time) => new(WindowKind.Day, time.ToUnixTimeSeconds() / 86_400);

    public static ClientWindow MonthOf(DateTimeOffset time) => new(WindowKind.Month, (time.UtcDateTime.Year * 12L) + time.UtcDateTime.Month - 1);

    public DateTimeOffset Start => Kind switch
    {
        WindowKind.Minute => DateTimeOffset.FromUnixTimeSeconds(Number * 60),
        WindowKind.Day => DateTimeOffset.FromUnixTimeSeconds(Number * 86_400),
        _ => new DateTimeOffset((int)(Number / 12), (int)(Number % 12) + 1, 1, 0, 0, 0, TimeSpan.Zero),
    };

    public DateTimeOffset End => Kind switch
    {
        WindowKind.Minute => Start.AddMinutes(1),
        WindowKind.Day => Start.AddDays(1),
        _ => Start.AddMonths(1),
    };

    /// <summary>The table partition of this window's count rows (one row per client).</summary>
    public string Partition => Kind switch
    {
        WindowKind.Minute => $"count-minute-{Number}",
        WindowKind.Day => $"count-day-{Number}",
        _ => $"count-month-{Number}",
    };
}
