using Azure.Data.Tables;
using GeminiBalance.Errors;
using GeminiBalance.Upstream;
using GeminiBalance.Usage;

namespace GeminiBalance.Storage;

/// <summary>A <see cref="RequestLogEntry"/> as a row of the <c>requestlog</c> table, mapped by hand.</summary>
internal static class RequestLogEntity
{
    public static TableEntity From(RequestLogEntry entry, string uniqueSuffix)
    {
        var entity = new TableEntity(LogRowKeys.DayOf(entry.Time), LogRowKeys.Row(entry.Time, uniqueSuffix))
        {
            ["Time"] = entry.Time,
            ["ClientId"] = entry.ClientId,
            ["Protocol"] = entry.Protocol.ToString(),
            ["Path"] = entry.Path,
            ["Model"] = entry.Model,
            ["StatusCode"] = entry.StatusCode,
            ["LatencyMs"] = entry.LatencyMs,
            ["Attempts"] = entry.Attempts,
            ["KeyId"] = entry.KeyId,
        };
        if (entry.Tokens is { } tokens)
        {
            entity["PromptTokens"] = tokens.Prompt;
            entity["OutputTokens"] = tokens.Candidates;
            entity["ThoughtTokens"] = tokens.Thoughts;
            entity["TotalTokens"] = tokens.Total;
        }

        return entity;
    }

    public static RequestLogEntry ToEntry(TableEntity entity) => new(
        entity.GetDateTimeOffset("Time") ?? default,
        entity.GetString("ClientId") ?? "",
        Enum.TryParse<ApiProtocol>(entity.GetString("Protocol"), out var protocol) ? protocol : default,
        entity.GetString("Path") ?? "",
        entity.GetString("Model") ?? "",
        entity.GetInt32("StatusCode") ?? 0,
        entity.GetInt64("LatencyMs") ?? 0,
        entity.GetInt32("Attempts") ?? 0,
        entity.GetString("KeyId"),
        entity.GetInt32("TotalTokens") is { } total
            ? new TokenUsage(entity.GetInt32("PromptTokens") ?? 0, entity.GetInt32("OutputTokens") ?? 0, entity.GetInt32("ThoughtTokens") ?? 0, total)
            : null);
}
