using Azure;
using Microsoft.AspNetCore.Http.Features;
using GeminiBalance.Auth;
using GeminiBalance.Endpoints;
using GeminiBalance.Errors;
using GeminiBalance.Upstream;

namespace GeminiBalance.Files;

/// <summary>
/// The Files API: uploads (<see cref="FileUploads"/>), and list, get and delete of the caller's own files. Listing reads
/// the proxy's records (Google's list would show every file of one key's project, whoever uploaded it); get and delete
/// check the record, then call Google with the key that owns the file and no other.
/// </summary>
internal static class FileEndpoints
{
    private const int DefaultPageSize = 10;
    private const int MaxPageSize = 100;

    // Google answers a delete with {}; gemini-balance's documented answer is this, and SDKs read neither.
    private static readonly IResult Deleted = Results.Text("""{"success":true,"message":"File deleted successfully"}""", "application/json; charset=utf-8");

    public static IEndpointRouteBuilder MapFileEndpoints(this IEndpointRouteBuilder app)
    {
        foreach (var (prefix, version) in new[] { ("", "v1beta"), ("", "v1"), ("gemini/", "v1beta"), ("gemini/", "v1") })
        {
            // No group token filter: a session URL is used verbatim by curl, which sends no token with the chunks.
            app.MapPost($"{prefix}upload/{version}/files", (HttpContext context, FileUploads uploads) => uploads.HandleAsync(version, context));

            var files = app.MapGroup($"{prefix}{version}/files").RequireClientToken(ApiProtocol.Gemini);
            files.MapGet("", ListAsync);
            files.MapGet("{id}", (string id, HttpContext context, IFileRecords records, FileUpstream upstream, TimeProvider time) =>
                CallOwnerAsync(HttpMethod.Get, version, id, context, records, upstream, time));
            files.MapDelete("{id}", (string id, HttpContext context, IFileRecords records, FileUpstream upstream, TimeProvider time) =>
                CallOwnerAsync(HttpMethod.Delete, version, id, context, records, upstream, time));
        }

        return app;
    }

    private static async Task<IResult> ListAsync(HttpContext context, IFileRecords records, TimeProvider time)
    {
        var client = context.Features.GetRequiredFeature<ClientIdentity>();
        var query = context.Request.Query;
        var pageSizeText = query["pageSize"].ToString();
        if (PageSizeQuery.Read(pageSizeText, DefaultPageSize, MaxPageSize) is not { } pageSize)
        {
            return FileErrors.BadRequest($"pageSize must be a whole number from 0 to {MaxPageSize}; got '{pageSizeText}'.");
        }
        var pageToken = query["pageToken"].ToString() is { Length: > 0 } token ? token : null;
        FileRecordPage page;
        try
        {
            page = await records.ListAsync(client.TokenId, pageSize, pageToken, context.RequestAborted);
        }
        catch (Exception exception) when (exception is FormatException || (exception is RequestFailedException { Status: 400 } && pageToken is not null))
        {
            return FileErrors.BadRequest("pageToken is not one this proxy issued; start again without it.");
        }
        catch (RequestFailedException)
        {
            return FileErrors.StorageFailed("The file records");
        }

        var now = time.GetUtcNow();
        return new FileList(page.Records.Where(record => record.ExpiresAt > now), page.NextPageToken);
    }

    private static async Task<IResult> CallOwnerAsync(
        HttpMethod method, string version, string id, HttpContext context, IFileRecords records, FileUpstream upstream, TimeProvider time)
    {
        if (!GeminiFileName.IsValidId(id))
        {
            return FileErrors.InvalidId(id);
        }

        var client = context.Features.GetRequiredFeature<ClientIdentity>();
        var aborted = context.RequestAborted;
        FileRecord? record;
        try
        {
            record = await records.FindAsync(client.TokenId, id, aborted);
        }
        catch (RequestFailedException)
        {
            return FileErrors.StorageFailed("The file record");
        }

        // Another client's file reads exactly like a missing one, as Google answers for another project's.
        if (record is null)
        {
            return FileErrors.NoPermission(id);
        }

        var (key, refusal) = FileOwnerKey.Find(upstream.Pool, record, time.GetUtcNow());
        if (key is null)
        {
            if (refusal!.StatusCode == StatusCodes.Status404NotFound)
            {
                await ForgetAsync(records, record, aborted);
            }

            return refusal;
        }

        using var deadline = upstream.Deadline(aborted);
        using var message = new HttpRequestMessage(method, upstream.UpstreamUri($"/{version}/files/{id}"));
        var (response, unanswered) = await upstream.TrySendAsync(message, key, deadline.Token, aborted);
        if (response is null)
        {
            return unanswered!;
        }

        using (response)
        {
            var body = await FileUpstream.ReadSmallAsync(response, deadline.Token);
            if (body is null)
            {
                return FileErrors.BadGateway("The upstream Gemini API answered with an unexpectedly large body.");
            }

            if (response.IsSuccessStatusCode)
            {
                upstream.Succeeded(key);
                if (method == HttpMethod.Delete)
                {
                    await ForgetAsync(records, record, aborted);
                    return Deleted;
                }
                else if (FileResource.Read(body) is { } fresh)
                {
                    // The state moves on (PROCESSING → ACTIVE); the listing shows what the last look saw.
                    await RememberAsync(records, record with { Resource = fresh.Json }, aborted);
                }

                await FileUpstream.RelayAsync(response, body, context);
                return Results.Empty;
            }

            upstream.Failed(key, (int)response.StatusCode, body);
            if (GoneUpstream((int)response.StatusCode, body))
            {
                await ForgetAsync(records, record, aborted);
                return method == HttpMethod.Delete ? Deleted : FileErrors.Gone(id, "Google no longer has it");
            }

            await FileUpstream.RelayAsync(response, body, context);
            return Results.Empty;
        }
    }

    // Google answers a file its key's project no longer has with 403 "…or it may not exist" (or 404).
    private static bool GoneUpstream(int statusCode, ReadOnlySpan<byte> body) =>
        statusCode == StatusCodes.Status404NotFound
        || (statusCode == StatusCodes.Status403Forbidden && GoogleError.Read(body).Message.Contains("permission to access the File", StringComparison.OrdinalIgnoreCase));

    // The record is only the proxy's memory of the file; failing to update it must not fail the caller's call.
    private static async Task ForgetAsync(IFileRecords records, FileRecord record, CancellationToken cancellationToken)
    {
        try
        {
            await records.DeleteAsync(record.ClientId, record.FileId, cancellationToken);
        }
        catch (RequestFailedException)
        {
            // The hourly retention removes it once it expires.
        }
    }

    private static async Task RememberAsync(IFileRecords records, FileRecord record, CancellationToken cancellationToken)
    {
        try
        {
            await records.SaveAsync(record, cancellationToken);
        }
        catch (RequestFailedException)
        {
            // The stored resource stays as it was at upload.
        }
    }
}
