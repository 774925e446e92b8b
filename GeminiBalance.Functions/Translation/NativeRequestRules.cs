using System.Text.Json;
using System.Text.Json.Nodes;
using GeminiBalance.Hosting;

namespace GeminiBalance.Translation;

/// <summary>
/// gemini-balance's server-side rules on a native <c>generateContent</c> / <c>streamGenerateContent</c> body, and nothing
/// else: SAFETY_SETTINGS and the default thinking budget when the client sent none, the Google Search tool of a
/// <c>-search</c> model (not beside function declarations, which Gemini refuses with it), the image output of an
/// <c>-image</c> model. Everything the client sent stays as sent, under its own spelling (camelCase or snake_case).
/// </summary>
/// <remarks>
/// The request path's cost: one forward-only scan of the top level; no rule, the client's own bytes; only SAFETY_SETTINGS
/// (the default case), the bytes copied once with the field spliced in before the closing brace. A rule inside
/// generationConfig or tools re-writes the body through <see cref="JsonNode"/>, for suffixed models and mapped budgets only.
/// </remarks>
internal static class NativeRequestRules
{
    /// <returns>The body to send upstream: <paramref name="body"/> itself when no rule applies, or when it is not a JSON
    /// object (Google answers that in its own words).</returns>
    public static byte[] Apply(byte[] body, ModelName model, ProxyOptions options)
    {
        Shape shape;
        try
        {
            shape = Scan(body);
        }
        catch (JsonException)
        {
            return body;
        }

        if (!shape.IsObject)
        {
            return body;
        }

        var safety = !shape.HasSafetySettings && options.SafetySettings.Count > 0;
        var budget = model.Thinks && !shape.HasThinkingConfig ? model.DefaultThinkingBudget(options) : null;
        var modalities = model.Image && !shape.HasResponseModalities;
        var search = model.Search && !shape.HasFunctionDeclarations && !shape.HasGoogleSearch;
        if (budget is null && !modalities && !search)
        {
            return safety ? SpliceSafetySettings(body, shape, options) : body;
        }

        var request = JsonNode.Parse(body)!.AsObject();
        if (safety)
        {
            request["safetySettings"] = ServerRules.SafetySettings(options);
        }

        if (budget is not null || modalities)
        {
            var config = FieldOf(request, "generationConfig", "generation_config") as JsonObject ?? new JsonObject();
            request[NameOf(request, "generationConfig", "generation_config")] = config;
            if (budget is { } value)
            {
                config["thinkingConfig"] = new JsonObject { ["thinkingBudget"] = value };
            }

            if (modalities)
            {
                config["responseModalities"] = ServerRules.ImageModalities();
            }
        }

        if (search)
        {
            var tools = request["tools"] as JsonArray ?? [];
            request["tools"] = tools;
            tools.Add(ServerRules.GoogleSearchTool());
        }

        return JsonOutput.ToUtf8(request);
    }

    private static byte[] SpliceSafetySettings(byte[] body, Shape shape, ProxyOptions options)
    {
        var field = JsonOutput.ToUtf8(new JsonObject { ["safetySettings"] = ServerRules.SafetySettings(options) });
        // field is {"safetySettings":[…]}; its inside goes before the client's closing brace.
        var inside = field.AsSpan(1, field.Length - 2);
        var separator = shape.HasProperties ? 1 : 0;
        var result = new byte[body.Length + separator + inside.Length];
        body.AsSpan(0, shape.End).CopyTo(result);
        if (separator == 1)
        {
            result[shape.End] = (byte)',';
        }

        inside.CopyTo(result.AsSpan(shape.End + separator));
        body.AsSpan(shape.End).CopyTo(result.AsSpan(shape.End + separator + inside.Length));
        return result;
    }

    private static Shape Scan(ReadOnlySpan<byte> body)
    {
        var reader = new Utf8JsonReader(body, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip });
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return default;
        }

        var shape = new Shape { IsObject = true };
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            shape.HasProperties = true;
            var safety = Is(ref reader, "safetySettings"u8, "safety_settings"u8);
            var config = Is(ref reader, "generationConfig"u8, "generation_config"u8);
            var tools = reader.ValueTextEquals("tools"u8);
            reader.Read();
            if (safety)
            {
                shape.HasSafetySettings = reader.TokenType != JsonTokenType.Null;
                reader.Skip();
            }
            else if (config && reader.TokenType == JsonTokenType.StartObject)
            {
                ScanGenerationConfig(ref reader, ref shape);
            }
            else if (tools && reader.TokenType == JsonTokenType.StartArray)
            {
                ScanTools(ref reader, ref shape);
            }
            else
            {
                reader.Skip();
            }
        }

        if (reader.TokenType != JsonTokenType.EndObject)
        {
            return default;
        }

        shape.End = (int)reader.TokenStartIndex;
        // Anything after the object but whitespace is not JSON; Google says so.
        return reader.Read() ? default : shape;
    }

    private static void ScanGenerationConfig(ref Utf8JsonReader reader, ref Shape shape)
    {
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var thinking = Is(ref reader, "thinkingConfig"u8, "thinking_config"u8);
            var modalities = Is(ref reader, "responseModalities"u8, "response_modalities"u8);
            reader.Read();
            shape.HasThinkingConfig |= thinking && reader.TokenType != JsonTokenType.Null;
            shape.HasResponseModalities |= modalities && reader.TokenType != JsonTokenType.Null;
            reader.Skip();
        }
    }

    private static void ScanTools(ref Utf8JsonReader reader, ref Shape shape)
    {
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                reader.Skip();
                continue;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                shape.HasFunctionDeclarations |= Is(ref reader, "functionDeclarations"u8, "function_declarations"u8);
                shape.HasGoogleSearch |= Is(ref reader, "googleSearch"u8, "google_search"u8);
                reader.Read();
                reader.Skip();
            }
        }
    }

    /// <summary>Whether the property name under the reader is the field in either spelling Google accepts.</summary>
    private static bool Is(ref Utf8JsonReader reader, ReadOnlySpan<byte> camel, ReadOnlySpan<byte> snake) =>
        reader.ValueTextEquals(camel) || reader.ValueTextEquals(snake);

    private static JsonNode? FieldOf(JsonObject request, string camel, string snake) => request[camel] ?? request[snake];

    private static string NameOf(JsonObject request, string camel, string snake) => request.ContainsKey(snake) && !request.ContainsKey(camel) ? snake : camel;

    private struct Shape
    {
        public bool IsObject;
        public bool HasProperties;
        public bool HasSafetySettings;
        public bool HasThinkingConfig;
        public bool HasResponseModalities;
        public bool HasFunctionDeclarations;
        public bool HasGoogleSearch;

        /// <summary>Where the top-level object's closing brace is.</summary>
        public int End;
    }
}
