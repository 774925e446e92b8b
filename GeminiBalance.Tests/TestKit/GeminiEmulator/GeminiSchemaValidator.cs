using System.Text.Json.Nodes;

namespace GeminiBalance.Tests.TestKit.GeminiEmulator;

/// <summary>
/// Checks a <c>Schema</c> (function parameters, responseSchema) the way Google's proto3 parser does: a keyword outside the
/// OpenAPI subset fails the whole request with "Unknown name … Cannot find field." (docs/protocols.md#gemini-request).
/// </summary>
internal static class GeminiSchemaValidator
{
    private static readonly string[] Fields =
    [
        "type", "format", "title", "description", "nullable", "enum", "items", "maxItems", "minItems", "properties", "required",
        "minProperties", "maxProperties", "minimum", "maximum", "minLength", "maxLength", "pattern", "example", "anyOf",
        "propertyOrdering", "default",
    ];

    private static readonly string[] Types = ["TYPE_UNSPECIFIED", "STRING", "NUMBER", "INTEGER", "BOOLEAN", "ARRAY", "OBJECT", "NULL"];

    /// <param name="path">The snake_case field path Google reports, e.g. <c>tools[0].function_declarations[0].parameters</c>.</param>
    public static void Validate(JsonNode? schema, string path)
    {
        if (schema is not JsonObject obj)
        {
            throw JsonFields.InvalidValue(path, "type.googleapis.com/google.ai.generativelanguage.v1beta.Schema", schema);
        }

        foreach (var (name, value) in obj)
        {
            if (!Fields.Any(f => f == name || JsonFields.ToSnake(f) == name))
            {
                throw new EmulatedErrorException(EmulatedErrors.InvalidJson($"Unknown name \"{name}\" at '{path}': Cannot find field."));
            }

            switch (name)
            {
                case "type" when value is not JsonValue v || !v.TryGetValue<string>(out var type) || !Types.Contains(type.ToUpperInvariant()):
                    throw JsonFields.InvalidValue($"{path}.type", "type.googleapis.com/google.ai.generativelanguage.v1beta.Type", value);
                case "enum" when value is not JsonArray values || values.Any(e => e is not JsonValue ev || !ev.TryGetValue<string>(out _)):
                    throw JsonFields.InvalidValue($"{path}.enum", "TYPE_STRING", value);
                case "items":
                    Validate(value, $"{path}.items");
                    break;
                case "anyOf" or "any_of":
                    var options = value as JsonArray ?? throw JsonFields.InvalidValue($"{path}.any_of", "Schema", value);
                    for (var i = 0; i < options.Count; i++)
                    {
                        Validate(options[i], $"{path}.any_of[{i}]");
                    }

                    break;
                case "properties":
                    var properties = value as JsonObject ?? throw JsonFields.InvalidValue($"{path}.properties", "Schema", value);
                    var index = 0;
                    foreach (var (_, property) in properties)
                    {
                        Validate(property, $"{path}.properties[{index++}].value");
                    }

                    break;
            }
        }

        if (obj["type"] is JsonValue t && t.GetValue<string>().Equals("OBJECT", StringComparison.OrdinalIgnoreCase)
            && obj["properties"] is JsonObject { Count: 0 })
        {
            throw new EmulatedErrorException(EmulatedErrors.InvalidArgument($"* GenerateContentRequest.{path}.properties: should be non-empty for OBJECT type"));
        }
    }
}
