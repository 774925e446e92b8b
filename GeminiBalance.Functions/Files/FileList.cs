using System.Text.Json;

namespace GeminiBalance.Files;

/// <summary><c>{"files":[File…],"nextPageToken":…}</c> from recorded File resources, written as stored.</summary>
internal sealed class FileList(IEnumerable<FileRecord> records, string? nextPageToken) : IResult
{
    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/json; charset=utf-8";
        await using var writer = new Utf8JsonWriter(response.Body);
        writer.WriteStartObject();
        writer.WriteStartArray("files");
        foreach (var record in records)
        {
            writer.WriteRawValue(record.Resource);
        }

        writer.WriteEndArray();
        if (nextPageToken is not null)
        {
            writer.WriteString("nextPageToken", nextPageToken);
        }

        writer.WriteEndObject();
        await writer.FlushAsync(httpContext.RequestAborted);
    }
}
