using System.Text.Json;
using System.Text.Json.Nodes;

namespace GeminiBalance.Translation;

/// <summary>
/// Turns a client's JSON Schema into the OpenAPI subset Gemini's <c>Schema</c> accepts (docs/protocols.md#gemini-request, #pitfalls item 6):
/// Gemini rejects the whole request for one keyword it does not know. Chosen over <c>parametersJsonSchema</c>
/// because <c>parameters</c> works on every Gemini model and in <c>responseSchema</c> alike.
/// </summary>
/// <remarks>
/// Structure is kept: <c>$ref</c> is inlined, <c>oneOf</c> becomes <c>anyOf</c>, <c>allOf</c> is merged, <c>const</c> becomes a
/// one-value <c>enum</c>, <c>type: [X, "null"]</c> becomes <c>nullable</c>. Validation-only keywords with no Gemini
/// equivalent (<c>additionalProperties</c>, <c>multipleOf</c>, <c>patternProperties</c>, <c>if</c>/<c>then</c>/<c>else</c>, …) and
/// annotations (<c>$schema</c>, <c>examples</c>, …) are left out: they constrain what the model may answer, not what it is asked.
/// </remarks>
internal static class JsonSchemaCleaner
{
    private const int MaxDepth = 64;

    private static readonly HashSet<string> CopiedAsIs = new(StringComparer.Ordinal)
    {
        "title", "description", "nullable", "maxItems", "minItems", "required", "minProperties", "maxProperties",
        "minimum", "maximum", "minLength", "maxLength", "pattern", "example", "propertyOrdering", "default",
    };

    private static readonly Dictionary<string, string[]> FormatsByType = new(StringComparer.Ordinal)
    {
        ["STRING"] = ["enum", "date-time"],
        ["INTEGER"] = ["int32", "int64"],
        ["NUMBER"] = ["float", "double"],
    };

    /// <returns>The Gemini schema, or null when the schema is an object without properties (a function without arguments).</returns>
    public static JsonObject? CleanParameters(JsonElement schema, string param)
    {
        var cleaned = Clean(schema, param);
        return cleaned["type"]?.GetValue<string>() == "OBJECT" && cleaned["properties"] is null ? null : cleaned;
    }

    public static JsonObject Clean(JsonElement schema, string param) =>
        schema.ValueKind == JsonValueKind.Object
            ? new Cleaner(schema, param).Clean(schema, param, 0)
            : throw new TranslationException(param, "A JSON Schema must be an object.");

    private static JsonNode? ToNode(this JsonElement value) => JsonNode.Parse(value.GetRawText());

    private sealed class Cleaner(JsonElement root, string rootParam)
    {
        private readonly Stack<string> _refs = new();

        public JsonObject Clean(JsonElement schema, string param, int depth)
        {
            if (depth > MaxDepth)
            {
                throw new TranslationException(rootParam, $"The JSON Schema is nested more than {MaxDepth} levels deep.");
            }

            if (schema.ValueKind != JsonValueKind.Object)
            {
                // `true` / `{}` schemas accept anything; Gemini has no such schema, so say so in words.
                return new JsonObject { ["type"] = "STRING", ["description"] = "Any JSON value, written as a string." };
            }

            if (schema.TryGetProperty("$ref", out var reference))
            {
                return CleanReference(schema, reference, param, depth);
            }

            var result = new JsonObject();
            foreach (var property in schema.EnumerateObject())
            {
                var name = property.Name;
                var value = property.Value;
                var path = $"{param}.{name}";
                switch (name)
                {
                    case "type":
                        CopyType(value, result, path);
                        break;
                    case "properties" when value.ValueKind == JsonValueKind.Object:
                        var properties = new JsonObject();
                        foreach (var child in value.EnumerateObject())
                        {
                            properties[child.Name] = Clean(child.Value, $"{path}.{child.Name}", depth + 1);
                        }

                        if (properties.Count > 0)
                        {
                            result["properties"] = properties;
                        }

                        break;
                    case "items":
                        result["items"] = value.ValueKind == JsonValueKind.Array
                            ? AnyOf(value.EnumerateArray().Select((item, i) => Clean(item, $"{path}[{i}]", depth + 1)))
                            : Clean(value, path, depth + 1);
                        break;
                    case "anyOf" or "oneOf" when value.ValueKind == JsonValueKind.Array:
                        AddAnyOf(result, value.EnumerateArray().Select((item, i) => Clean(item, $"{path}[{i}]", depth + 1)));
                        break;
                    case "allOf" when value.ValueKind == JsonValueKind.Array:
                        foreach (var (item, i) in value.EnumerateArray().Select((item, i) => (item, i)))
                        {
                            Merge(result, Clean(item, $"{path}[{i}]", depth + 1));
                        }

                        break;
                    case "const":
                        SetEnum(result, [value]);
                        break;
                    case "enum" when value.ValueKind == JsonValueKind.Array:
                        SetEnum(result, [.. value.EnumerateArray()]);
                        break;
                    case "format":
                        result["format"] = value.ToNode();
                        break;
                    case "exclusiveMinimum" when value.ValueKind == JsonValueKind.Number && !schema.TryGetProperty("minimum", out _):
                        result["minimum"] = value.ToNode();
                        break;
                    case "exclusiveMaximum" when value.ValueKind == JsonValueKind.Number && !schema.TryGetProperty("maximum", out _):
                        result["maximum"] = value.ToNode();
                        break;
                    default:
                        if (CopiedAsIs.Contains(name))
                        {
                            result[name] = value.ToNode();
                        }

                        break;
                }
            }

            DropUnsupportedFormat(result);
            return result;
        }

        private JsonObject CleanReference(JsonElement schema, JsonElement reference, string param, int depth)
        {
            var target = reference.GetString() ?? "";
            if (_refs.Contains(target))
            {
                throw new TranslationException(rootParam, $"The JSON Schema refers to itself through '{target}'; Gemini's schemas cannot be recursive.");
            }

            _refs.Push(target);
            var resolved = Clean(Resolve(target, param), param, depth + 1);
            _refs.Pop();

            // Siblings of $ref (a description, say) refine the referenced schema.
            foreach (var property in schema.EnumerateObject().Where(p => p.Name is "description" or "title" or "nullable" or "default"))
            {
                resolved[property.Name] = property.Value.ToNode();
            }

            return resolved;
        }

        private JsonElement Resolve(string reference, string param)
        {
            if (!reference.StartsWith("#/", StringComparison.Ordinal))
            {
                throw new TranslationException(param, $"Only local references ('#/$defs/…') can be resolved, not '{reference}'.");
            }

            var current = root;
            foreach (var segment in reference[2..].Split('/'))
            {
                var name = segment.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
                if (current.ValueKind != JsonValueKind.Object || !current.TryGetProperty(name, out current))
                {
                    throw new TranslationException(param, $"The reference '{reference}' points nowhere in the schema.");
                }
            }

            return current;
        }

        private static void CopyType(JsonElement value, JsonObject result, string path)
        {
            if (value.ValueKind == JsonValueKind.String)
            {
                result["type"] = GeminiType(value.GetString() ?? "", path);
                return;
            }

            if (value.ValueKind != JsonValueKind.Array)
            {
                throw new TranslationException(path, "'type' must be a string or an array of strings.");
            }

            var types = value.EnumerateArray().Select(t => t.GetString() ?? "").ToList();
            if (types.Remove("null"))
            {
                result["nullable"] = true;
            }

            if (types.Count == 1)
            {
                result["type"] = GeminiType(types[0], path);
            }
            else if (types.Count > 1)
            {
                AddAnyOf(result, types.Select(t => new JsonObject { ["type"] = GeminiType(t, path) }));
            }
        }

        private static string GeminiType(string type, string path) => type switch
        {
            "string" or "number" or "integer" or "boolean" or "array" or "object" or "null" => type.ToUpperInvariant(),
            _ => throw new TranslationException(path, $"'{type}' is not a JSON Schema type."),
        };

        private static void SetEnum(JsonObject result, IReadOnlyList<JsonElement> values)
        {
            // Gemini's enum is for strings only; other values are described instead, so the model still sees them.
            if (values.All(v => v.ValueKind == JsonValueKind.String))
            {
                result["enum"] = new JsonArray([.. values.Select(v => JsonValue.Create(v.GetString()))]);
                result["type"] ??= "STRING";
                return;
            }

            var allowed = $"One of: {string.Join(", ", values.Select(v => v.GetRawText()))}.";
            result["description"] = result["description"] is { } existing ? $"{existing.GetValue<string>()} {allowed}" : allowed;
        }

        private static JsonObject AnyOf(IEnumerable<JsonObject> options)
        {
            var result = new JsonObject();
            AddAnyOf(result, options);
            return result;
        }

        private static void AddAnyOf(JsonObject result, IEnumerable<JsonObject> options)
        {
            var list = options.ToList();
            var nonNull = list.Where(o => o["type"]?.GetValue<string>() != "NULL").ToList();
            if (nonNull.Count < list.Count)
            {
                result["nullable"] = true;
            }

            if (nonNull.Count == 1)
            {
                Merge(result, nonNull[0]);
            }
            else if (nonNull.Count > 1)
            {
                result["anyOf"] = new JsonArray([.. nonNull]);
            }
        }

        private static void Merge(JsonObject target, JsonObject source)
        {
            foreach (var (name, value) in source.ToList())
            {
                source.Remove(name);
                if (name == "properties" && target["properties"] is JsonObject properties && value is JsonObject more)
                {
                    foreach (var (child, schema) in more.ToList())
                    {
                        more.Remove(child);
                        properties[child] = schema;
                    }
                }
                else if (name == "required" && target["required"] is JsonArray required && value is JsonArray extra)
                {
                    foreach (var item in extra.Select(e => e?.GetValue<string>()).Where(e => !required.Any(r => r?.GetValue<string>() == e)))
                    {
                        required.Add(item);
                    }
                }
                else
                {
                    target[name] = value;
                }
            }
        }

        private static void DropUnsupportedFormat(JsonObject result)
        {
            if (result["format"] is not { } format)
            {
                return;
            }

            var type = result["type"]?.GetValue<string>() ?? "";
            var text = format.GetValueKind() == JsonValueKind.String ? format.GetValue<string>() : "";
            if (!FormatsByType.TryGetValue(type, out var supported) || !supported.Contains(text))
            {
                // An unsupported format is a hint Gemini refuses; keep the hint in the description instead.
                result.Remove("format");
                if (text.Length > 0)
                {
                    var hint = $"Format: {text}.";
                    result["description"] = result["description"] is { } existing ? $"{existing.GetValue<string>()} {hint}" : hint;
                }
            }
        }
    }
}
