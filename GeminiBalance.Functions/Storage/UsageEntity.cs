using System.Globalization;
using Azure.Data.Tables;
using GeminiBalance.Usage;

namespace GeminiBalance.Storage;

/// <summary>
/// One instance's cumulative usage for a key, model and minute in the <c>usage</c> table, mapped by hand.
/// Partition = the UTC hour (<c>yyyyMMddHH</c>): one flush's rows (mostly the current minute) share it, so they go in
/// few entity-group transactions, and a 24-hour window is one range over 25 partitions. Row = minute|key|model|instance:
/// only this instance writes its row, so each flush replaces it with the new total and never double counts.
/// </summary>
internal static class UsageEntity
{
    public static string PartitionOf(DateTimeOffset minute) => minute.UtcDateTime.ToString("yyyyMMddHH", CultureInfo.InvariantCulture);

    public static string MinuteStamp(DateTimeOffset minute) => minute.UtcDateTime.ToString("yyyyMMddHHmm", CultureInfo.InvariantCulture);

    public static TableEntity From(UsageBucket bucket, UsageCounts counts, string instanceId) =>
        new(PartitionOf(bucket.Minute), $"{MinuteStamp(bucket.Minute)}|{bucket.KeyId}|{RowKeySafe(bucket.Model)}|{instanceId}")
        {
            ["Minute"] = bucket.Minute,
            ["KeyId"] = bucket.KeyId,
            ["Model"] = bucket.Model,
            ["Instance"] = instanceId,
            ["Calls"] = counts.Calls,
            ["Successes"] = counts.Successes,
            ["Failures"] = counts.Failures,
            ["ClientErrors"] = counts.ClientErrors,
            ["PromptTokens"] = counts.PromptTokens,
            ["OutputTokens"] = counts.OutputTokens,
            ["ThoughtTokens"] = counts.ThoughtTokens,
            ["TotalTokens"] = counts.TotalTokens,
        };

    public static (UsageBucket Bucket, UsageCounts Counts) ToUsage(TableEntity entity) => (
        new UsageBucket(entity.GetDateTimeOffset("Minute") ?? default, entity.GetString("KeyId") ?? "", entity.GetString("Model") ?? ""),
        new UsageCounts(
            entity.GetInt64("Calls") ?? 0,
            entity.GetInt64("Successes") ?? 0,
            entity.GetInt64("Failures") ?? 0,
            entity.GetInt64("ClientErrors") ?? 0,
            entity.GetInt64("PromptTokens") ?? 0,
            entity.GetInt64("OutputTokens") ?? 0,
            entity.GetInt64("ThoughtTokens") ?? 0,
            entity.GetInt64("TotalTokens") ?? 0));

    // Row keys may not hold '/', '\', '#', '?' or '|' (our separator) could blur two models into one row; escaping is
    // one-to-one and leaves ordinary model ids (letters, digits, '.', '_', '-') as they are.
    private static string RowKeySafe(string model) => Uri.EscapeDataString(model);
}
