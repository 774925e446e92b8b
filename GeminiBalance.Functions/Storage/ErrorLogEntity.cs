using Azure.Data.Tables;
using GeminiBalance.Keys;
using GeminiBalance.Usage;

namespace GeminiBalance.Storage;

/// <summary>An <see cref="ErrorLogEntry"/> as a row of the <c>errorlog</c> table, mapped by hand.</summary>
internal static class ErrorLogEntity
{
    public static TableEntity From(ErrorLogEntry entry, string uniqueSuffix) =>
        new(LogRowKeys.DayOf(entry.Time), LogRowKeys.Row(entry.Time, uniqueSuffix))
        {
            ["Time"] = entry.Time,
            ["ClientId"] = entry.ClientId,
            ["KeyId"] = entry.KeyId,
            ["Model"] = entry.Model,
            ["StatusCode"] = entry.StatusCode,
            ["Kind"] = entry.Kind.ToString(),
            ["Reason"] = entry.Reason,
            ["ErrorBody"] = entry.ErrorBody,
            ["RequestBody"] = entry.RequestBody,
        };

    public static ErrorLogEntry ToEntry(TableEntity entity) => new(
        entity.GetDateTimeOffset("Time") ?? default,
        entity.GetString("ClientId") ?? "",
        entity.GetString("KeyId") ?? "",
        entity.GetString("Model") ?? "",
        entity.GetInt32("StatusCode") ?? 0,
        Enum.TryParse<FailureKind>(entity.GetString("Kind"), out var kind) ? kind : FailureKind.Transient,
        entity.GetString("Reason") ?? "",
        entity.GetString("ErrorBody") ?? "",
        entity.GetString("RequestBody"),
        IdOf(entity));

    // The day and the row key: the day is eight digits, so the first '_' splits them.
    public static string IdOf(TableEntity entity) => entity.PartitionKey + "_" + entity.RowKey;

    public static (string PartitionKey, string RowKey)? KeysOf(string id) =>
        id.Length > 9 && id[8] == '_' && id[..8].All(char.IsAsciiDigit) ? (id[..8], id[9..]) : null;
}
