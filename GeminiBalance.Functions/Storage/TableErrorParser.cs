using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using Azure;
using Azure.Core;

namespace GeminiBalance.Storage;

/// <summary>
/// Reads the Table service's OData error (<c>{"odata.error":{"code":..,"message":{"value":..}}}</c>) so
/// <see cref="RequestFailedException.ErrorCode"/> and the message say what went wrong; Azure.Core's default parser
/// only knows the <c>{"error":..}</c> shape.
/// </summary>
internal sealed class TableErrorParser : RequestFailedDetailsParser
{
    public static readonly TableErrorParser Instance = new();

    public static RequestFailedException Failure(Response response) => new(response, null, Instance);

    /// <summary>The service's error code: the x-ms-error-code header, else the body's odata.error code.</summary>
    public static string? ErrorCode(Response response) =>
        response.Headers.TryGetValue("x-ms-error-code", out var code) ? code : TryRead(response.Content, out var error) ? error.Code : null;

    public override bool TryParse(Response response, out ResponseError? error, out IDictionary<string, string>? data)
    {
        data = null;
        if (TryRead(response.Content, out var parsed))
        {
            error = parsed;
            return true;
        }

        error = response.Headers.TryGetValue("x-ms-error-code", out var code) ? new ResponseError(code, code) : null;
        return error is not null;
    }

    /// <summary>Parses an OData error body; false for anything else (empty, XML, HTML from a proxy).</summary>
    public static bool TryRead(BinaryData? content, [NotNullWhen(true)] out ResponseError? error)
    {
        error = null;
        if (content is null || content.ToMemory().IsEmpty)
        {
            return false;
        }

        try
        {
            using var document = JsonDocument.Parse(content.ToMemory());
            if (document.RootElement.ValueKind != JsonValueKind.Object
                || !document.RootElement.TryGetProperty("odata.error", out var odata)
                || odata.ValueKind != JsonValueKind.Object)
            {
                return false;
            }

            var code = odata.TryGetProperty("code", out var codeElement) ? codeElement.GetString() : null;
            var message = odata.TryGetProperty("message", out var messageElement)
                ? messageElement.ValueKind == JsonValueKind.Object && messageElement.TryGetProperty("value", out var value) ? value.GetString()
                : messageElement.ValueKind == JsonValueKind.String ? messageElement.GetString() : null
                : null;
            error = new ResponseError(code, message);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
