using System.Globalization;
using System.Text.Json;
using Azure;

namespace GeminiBalance.Storage;

/// <summary>
/// The Table service's JSON payload for one entity, written and read by hand (no reflection, AOT-clean).
/// Types JSON cannot say on its own carry an <c>@odata.type</c> annotation, written before the value:
/// https://learn.microsoft.com/rest/api/storageservices/payload-format-for-table-service-operations
/// </summary>
internal static class TableEntityJson
{
    private const string PartitionKey = "PartitionKey";
    private const string RowKey = "RowKey";
    private const string Timestamp = "Timestamp";
    private const string ETagProperty = "odata.etag";
    private const string TypeSuffix = "@odata.type";

    // Seven fractional digits: the service keeps 100 ns ticks, so nothing written is rounded away.
    private const string DateTimeFormat = "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'";

    public static bool IsSystemProperty(string name) =>
        name is PartitionKey or RowKey or Timestamp || name.StartsWith("odata.", StringComparison.Ordinal) || name.Contains('@', StringComparison.Ordinal);

    public static ReadOnlyMemory<byte> Serialize(TableEntity entity)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            Write(writer, entity);
        }

        return buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
    }

    public static void Write(Utf8JsonWriter writer, TableEntity entity)
    {
        writer.WriteStartObject();
        writer.WriteString(PartitionKey, entity.PartitionKey);
        writer.WriteString(RowKey, entity.RowKey);
        foreach (var (name, value) in entity)
        {
            WriteProperty(writer, name, value);
        }

        writer.WriteEndObject();
    }

    public static TableEntity Read(JsonElement element)
    {
        // Annotations may come before or after their value, so collect them first.
        Dictionary<string, string>? types = null;
        foreach (var property in element.EnumerateObject())
        {
            if (property.Name.EndsWith(TypeSuffix, StringComparison.Ordinal) && property.Value.ValueKind == JsonValueKind.String)
            {
                (types ??= new(StringComparer.Ordinal))[property.Name[..^TypeSuffix.Length]] = property.Value.GetString()!;
            }
        }

        var entity = new TableEntity();
        foreach (var property in element.EnumerateObject())
        {
            var name = property.Name;
            var value = property.Value;
            switch (name)
            {
                case PartitionKey:
                    entity.PartitionKey = value.GetString() ?? string.Empty;
                    break;
                case RowKey:
                    entity.RowKey = value.GetString() ?? string.Empty;
                    break;
                case Timestamp when value.ValueKind == JsonValueKind.String:
                    entity.Timestamp = ParseDateTime(value.GetString()!);
                    break;
                case ETagProperty when value.ValueKind == JsonValueKind.String:
                    entity.ETag = new ETag(value.GetString()!);
                    break;
                default:
                    if (!IsSystemProperty(name) && value.ValueKind != JsonValueKind.Null)
                    {
                        entity[name] = ReadValue(value, types?.GetValueOrDefault(name));
                    }

                    break;
            }
        }

        return entity;
    }

    private static void WriteProperty(Utf8JsonWriter writer, string name, object? value)
    {
        switch (value)
        {
            // The service has no null; leaving the property out is the closest meaning (and a Merge keeps the old value).
            case null:
                break;
            case string text:
                writer.WriteString(name, text);
                break;
            case bool flag:
                writer.WriteBoolean(name, flag);
                break;
            case int small:
                writer.WriteNumber(name, small);
                break;
            case long large:
                // As a string: a JSON number above 2^53 loses digits in many parsers.
                WriteType(writer, name, "Edm.Int64");
                writer.WriteString(name, large.ToString(CultureInfo.InvariantCulture));
                break;
            case double real:
                // Annotated so a whole number stays a double instead of coming back as an Int32.
                WriteType(writer, name, "Edm.Double");
                if (double.IsFinite(real))
                {
                    writer.WriteNumber(name, real);
                }
                else
                {
                    writer.WriteString(name, double.IsNaN(real) ? "NaN" : real > 0 ? "Infinity" : "-Infinity");
                }

                break;
            case DateTimeOffset time:
                WriteType(writer, name, "Edm.DateTime");
                writer.WriteString(name, time.UtcDateTime.ToString(DateTimeFormat, CultureInfo.InvariantCulture));
                break;
            case Guid id:
                WriteType(writer, name, "Edm.Guid");
                writer.WriteString(name, id.ToString("D"));
                break;
            case byte[] bytes:
                WriteType(writer, name, "Edm.Binary");
                writer.WriteBase64String(name, bytes);
                break;
            default:
                throw new InvalidOperationException($"Property {name} has unsupported type {value.GetType().Name}.");
        }
    }

    private static void WriteType(Utf8JsonWriter writer, string name, string edmType) => writer.WriteString(name + TypeSuffix, edmType);

    private static object ReadValue(JsonElement value, string? edmType) => edmType switch
    {
        "Edm.Int64" => value.ValueKind == JsonValueKind.String ? long.Parse(value.GetString()!, CultureInfo.InvariantCulture) : value.GetInt64(),
        "Edm.Int32" => value.ValueKind == JsonValueKind.String ? int.Parse(value.GetString()!, CultureInfo.InvariantCulture) : value.GetInt32(),
        "Edm.Double" => value.ValueKind == JsonValueKind.String ? ParseDouble(value.GetString()!) : value.GetDouble(),
        "Edm.DateTime" => ParseDateTime(value.GetString()!),
        "Edm.Guid" => Guid.Parse(value.GetString()!, CultureInfo.InvariantCulture),
        "Edm.Binary" => value.GetBytesFromBase64(),
        "Edm.Boolean" => value.GetBoolean(),
        _ => value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            JsonValueKind.Number => ReadNumber(value),

            // Edm.String, or a type this client does not know, which is better kept as text than dropped.
            _ => value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText(),
        },
    };

    // Without an annotation the JSON number's own form decides: a decimal point or exponent means Edm.Double.
    private static object ReadNumber(JsonElement value)
    {
        var raw = value.GetRawText();
        if (raw.AsSpan().IndexOfAny('.', 'e', 'E') >= 0)
        {
            return value.GetDouble();
        }

        // Not a ternary chain: that would convert every branch to double and box an Int32 as a Double.
        if (value.TryGetInt32(out var small))
        {
            return small;
        }

        if (value.TryGetInt64(out var large))
        {
            return large;
        }

        return value.GetDouble();
    }

    private static double ParseDouble(string text) => text switch
    {
        "NaN" => double.NaN,
        "Infinity" or "INF" => double.PositiveInfinity,
        "-Infinity" or "-INF" => double.NegativeInfinity,
        _ => double.Parse(text, CultureInfo.InvariantCulture),
    };

    private static DateTimeOffset ParseDateTime(string text) =>
        DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
}
