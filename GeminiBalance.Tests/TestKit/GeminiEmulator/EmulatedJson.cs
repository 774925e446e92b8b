using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace GeminiBalance.Tests.TestKit.GeminiEmulator;

/// <summary>JSON writing as Google does it: raw UTF-8 rather than \u escapes, and pretty-printed REST bodies.</summary>
internal static class EmulatedJson
{
    public static JsonSerializerOptions Compact { get; } = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static JsonSerializerOptions Indented { get; } =
        new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, WriteIndented = true };

    // Google's proto3 JSON parser rejects duplicate fields, so the emulator does too.
    public static JsonDocumentOptions Parsing { get; } = new() { AllowDuplicateProperties = false };

    /// <summary>
    /// Parses a request body as Google's proto3 JSON parser reads one: besides malformed JSON, a string that is not
    /// text (an escaped lone surrogate such as <c>"\ud800"</c>) is "Invalid JSON payload received", a 400.
    /// </summary>
    public static JsonNode? ParseRequest(string body)
    {
        var node = JsonNode.Parse(body, documentOptions: Parsing);
        using var document = JsonDocument.Parse(body);
        try
        {
            RequireText(document.RootElement);
        }
        catch (InvalidOperationException e)
        {
            throw new EmulatedErrorException(EmulatedErrors.InvalidJson($"Invalid \\u escape.\n{e.Message}"));
        }

        return node;
    }

    private static void RequireText(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                _ = element.GetString();
                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    RequireText(item);
                }

                break;
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    _ = property.Name;
                    RequireText(property.Value);
                }

                break;
        }
    }

    /// <summary>A string field as Google reads one: any other JSON type is "Invalid value at '<paramref name="path"/>' (TYPE_STRING)", a 400.</summary>
    public static string? StringField(JsonNode? node, string path) => node switch
    {
        null => null,
        JsonValue value when value.GetValueKind() == JsonValueKind.String => value.GetValue<string>(),
        _ => throw new EmulatedErrorException(EmulatedErrors.InvalidJson($"Invalid value at '{path}' (TYPE_STRING), {node.ToJsonString()}")),
    };

    public static async Task WriteAsync(HttpResponse response, int statusCode, JsonNode body, CancellationToken cancellationToken)
    {
        response.StatusCode = statusCode;
        response.ContentType = "application/json; charset=UTF-8";
        await response.Body.WriteAsync(Encoding.UTF8.GetBytes(body.ToJsonString(Indented)), cancellationToken);
    }
}
