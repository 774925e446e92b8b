using Azure;
using Microsoft.AspNetCore.Http.Features;
using GeminiBalance.Auth;
using GeminiBalance.Endpoints;
using GeminiBalance.Errors;
using GeminiBalance.Keys;
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

    public static IEndpointRouteBuilder MapFileEndpoints(this IEndpointRouteBuilder app)
    {
        foreach (var (prefix, version) in new[] { ("", "v1beta"), ("", "v1"), ("gemini/", "v1beta"), ("gemini/", "v1") })
        {
            // No group token filter: a session URL is used verbatim by curl, which sends no token with the chunks.
            app.MapPost($"{prefix}upload/{version}/files", (HttpContext context, FileUploads uploads) => uploads.HandleAsync(version, context));

            var files = app.MapGroup($"{prefix}{version}/files").RequireClientToken(ApiProtocol.Gemini);
            files.MapGet("", ListAsync);
            files.MapGet("{id}", (string id, HttpContext context, IFileRecords records, GeminiForwarder forwarder, KeyPool pool, TimeProvider time) =>
                CallOwnerAsync(HttpMethod.Get, version, id, context, records, forwarder, pool, time));
            files.MapDelete("{id}", (string id, HttpContext context, IFileRecords records, GeminiForwarder forwarder, KeyPool pool, TimeProvider time) =>
                CallOwnerAsync(HttpMethod.Delete, version, id, context, records, forwarder, pool, time));
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
        HttpMethod method, string version, string id, HttpContext context, IFileRecords records, GeminiForwarder forwarder, KeyPool pool, TimeProvider time)
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

        var (key, refusal) = FileOwnerKey.Find(pool, record, time.GetUtcNow());
        if (key is null)
        {
            if (refusal!.StatusCode == StatusCodes.Status404NotFound)
            {
                await FileCallRelay.ForgetAsync(records, record, aborted);
            }

            return refusal;
        }

        await forwarder.ForwardAsync(GeminiCall.OnFile(method, $"/{version}/files/{id}", key, new FileCallRelay(method, record, records)), context);
        return Results.Empty;
    }
}
