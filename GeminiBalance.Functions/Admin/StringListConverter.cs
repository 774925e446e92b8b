using System.Text.Json;
using System.Text.Json.Serialization;

namespace GeminiBalance.Admin;

/// <summary>
/// A list of strings with no null in it: the serializer lets <c>{"ids":[null]}</c> through as a null entry, which the
/// routes then hand to a regex or a row key and fail with a 500. Refused here, as a JsonException the body reader
/// answers with a 400.
/// </summary>
internal sealed class StringListConverter : JsonConverter<IReadOnlyList<string>>
{
    public override IReadOnlyList<string> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw new JsonException("Expected an array of strings.");
        }

        var items = new List<string>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            items.Add(reader.TokenType == JsonTokenType.String ? reader.GetString() ?? "" : throw new JsonException("Every entry must be a string."));
        }

        return items;
    }

    public override void Write(Utf8JsonWriter writer, IReadOnlyList<string> value, JsonSerializerOptions options)
    {
        writer.WriteStartArray();
        foreach (var item in value)
        {
            writer.WriteStringValue(item);
        }

        writer.WriteEndArray();
    }
}
