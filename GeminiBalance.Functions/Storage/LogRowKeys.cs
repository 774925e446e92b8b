using System.Globalization;

namespace GeminiBalance.Storage;

/// <summary>
/// Keys of the log tables: partition = the UTC day (<c>yyyyMMdd</c>), so retention deletes whole days; row = the
/// time's ticks subtracted from the largest, so within a day a query returns the newest row first, then a suffix
/// that keeps rows written in the same tick apart.
/// </summary>
internal static class LogRowKeys
{
    public static string DayOf(DateTimeOffset time) => time.UtcDateTime.ToString("yyyyMMdd", CultureInfo.InvariantCulture);

    public static DateTimeOffset StartOfDay(string day) =>
        new(DateTime.ParseExact(day, "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal), TimeSpan.Zero);

    public static string Row(DateTimeOffset time, string uniqueSuffix) => $"{Inverted(time)}-{uniqueSuffix}";

    /// <summary>The smallest row key of rows at <paramref name="time"/> or before: "RowKey ge" this keeps rows up to that time.</summary>
    public static string AtOrBefore(DateTimeOffset time) => Inverted(time);

    /// <summary>A row key above every row at <paramref name="time"/> or after: "RowKey lt" this keeps rows from that time on.</summary>
    public static string AtOrAfter(DateTimeOffset time) => Inverted(time) + "~";

    private static string Inverted(DateTimeOffset time) =>
        (DateTimeOffset.MaxValue.UtcTicks - time.UtcTicks).ToString("D19", CultureInfo.InvariantCulture);
}
