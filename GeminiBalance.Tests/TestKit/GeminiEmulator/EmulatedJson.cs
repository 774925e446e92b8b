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

    public static async Task WriteAsync(HttpResponse response, int statusCode, JsonNode body, CancellationToken cancellationToken)
    {
        response.StatusCode = statusCode;
        response.ContentType = "application/json; charset=UTF-8";
        await response.Body.WriteAsync(Encoding.UTF8.GetBytes(body.ToJsonString(Indented)), cancellationToken);
    }
}
