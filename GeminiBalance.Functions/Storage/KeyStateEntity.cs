using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;
using Azure.Data.Tables;
using GeminiBalance.Keys;

namespace GeminiBalance.Storage;

/// <summary>
/// Maps <see cref="KeyHealth"/> to a row of the <c>keys</c> table by hand (no reflection): partition <c>key</c>,
/// row key = the key id. No secret is ever stored here; admin-added keys live in their own table.
/// </summary>
internal static class KeyStateEntity
{
    public const string Partition = "key";

    public static TableEntity From(string keyId, KeyHealth health)
    {
        var entity = new TableEntity(Partition, keyId)
        {
            ["Status"] = health.Status.ToString(),
            ["ConsecutiveFailures"] = health.ConsecutiveFailures,
            ["TotalFailures"] = health.TotalFailures,
            ["CoolingUntil"] = CoolingToJson(health.CoolingUntil),
        };
        if (health.LastError is { } error)
        {
            entity["LastErrorStatus"] = error.StatusCode;
            entity["LastErrorReason"] = error.Reason;
            entity["LastErrorAt"] = error.At;
        }

        if (health.LastSuccess is { } success)
        {
            entity["LastSuccessAt"] = success;
        }

        return entity;
    }

    public static KeyHealth ToHealth(TableEntity entity) => KeyHealth.Fresh with
    {
        Status = Enum.TryParse<KeyStatus>(entity.GetString("Status"), out var status) ? status : KeyStatus.Active,
        ConsecutiveFailures = entity.GetInt32("ConsecutiveFailures") ?? 0,
        TotalFailures = entity.GetInt64("TotalFailures") ?? 0,
        CoolingUntil = CoolingFromJson(entity.GetString("CoolingUntil")),
        LastError = entity.GetDateTimeOffset("LastErrorAt") is { } at
            ? new KeyError(entity.GetInt32("LastErrorStatus") ?? 0, entity.GetString("LastErrorReason") ?? "", at)
            : null,
        LastSuccess = entity.GetDateTimeOffset("LastSuccessAt"),
    };

    // One JSON column keeps the per-model map in a single entity, so one conditional write covers the whole key.
    private static string CoolingToJson(ImmutableDictionary<string, DateTimeOffset> cooling)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var (model, until) in cooling)
            {
                writer.WriteString(model, until.UtcDateTime.ToString("O", CultureInfo.InvariantCulture));
            }

            writer.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static ImmutableDictionary<string, DateTimeOffset> CoolingFromJson(string? json)
    {
        var cooling = KeyHealth.Fresh.CoolingUntil;
        if (string.IsNullOrEmpty(json))
        {
            return cooling;
        }

        using var document = JsonDocument.Parse(json);
        foreach (var property in document.RootElement.EnumerateObject())
        {
            if (DateTimeOffset.TryParse(property.Value.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var until))
            {
                cooling = cooling.SetItem(property.Name, until);
            }
        }

        return cooling;
    }
}
