using System.Text.Json;
using Azure;
using GeminiBalance.Auth;
using GeminiBalance.Errors;
using GeminiBalance.Hosting;
using GeminiBalance.Keys;
using GeminiBalance.Upstream;

namespace GeminiBalance.Files;

/// <summary>
/// Binds a call that uses uploaded files to the key whose Google project holds them: any other key gets 403 from
/// Google, so retrying elsewhere (what gemini-balance did) can only fail. Every surface passes through here, native or
/// translated, because it looks at the Gemini body the forwarder sends. A call without files costs one byte search.
/// </summary>
internal sealed class FileAffinity(IFileRecords records, KeyPool pool, ICurrentOptions options, TimeProvider time)
{
    /// <summary>Each file is one storage read on the request path; this bounds what one request can cost.</summary>
    public const int MaxFilesPerRequest = 100;

    public ValueTask<FileRoute> RouteAsync(GeminiCall call, HttpContext context)
    {
        if (call.Body is not { } body || !FileReferences.MayBeIn(body.Span))
        {
            return ValueTask.FromResult(FileRoute.AnyKey);
        }

        List<string>? ids;
        try
        {
            ids = FileReferences.Find(body.Span);
        }
        catch (JsonException)
        {
            return ValueTask.FromResult(Refuse(call.Answer.Protocol, StatusCodes.Status400BadRequest,
                "The request names a file (fileData.fileUri) but is not valid JSON; send it as standard JSON so the proxy can route it to the key that holds the file."));
        }

        // Only now is there anything to wait for: the parse above, like the search, allocates nothing when it finds no file.
        return ids is null ? ValueTask.FromResult(FileRoute.AnyKey) : LookUpAsync(call, ids, context);
    }

    private async ValueTask<FileRoute> LookUpAsync(GeminiCall call, List<string> ids, HttpContext context)
    {
        var protocol = call.Answer.Protocol;
        if (ids.Count > MaxFilesPerRequest)
        {
            return Refuse(protocol, StatusCodes.Status400BadRequest, $"The request uses {ids.Count} files; at most {MaxFilesPerRequest} are allowed in one request.");
        }

        // Files are per client: another client's file is answered exactly like a missing one, so ids cannot be probed.
        var clientId = context.Features.Get<ClientIdentity>()?.TokenId;
        var now = time.GetUtcNow();
        var owned = new List<FileRecord>(ids.Count);

        // Storage that does not answer must not hold the request longer than the upstream itself may (TIME_OUT).
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        deadline.CancelAfter(options.Current.Timeout);
        foreach (var id in ids)
        {
            FileRecord? record;
            try
            {
                record = clientId is null ? null : await records.FindAsync(clientId, id, deadline.Token);
            }
            catch (Exception exception) when (exception is RequestFailedException or HttpRequestException
                || (exception is OperationCanceledException && !context.RequestAborted.IsCancellationRequested))
            {
                return Refuse(protocol, StatusCodes.Status503ServiceUnavailable, $"The proxy could not read its record of files/{id} (which key holds it) right now; try again shortly.");
            }

            if (record is null || record.ExpiresAt <= now)
            {
                return Refuse(protocol, StatusCodes.Status403Forbidden, FileErrors.NoPermissionMessage(id));
            }

            owned.Add(record);
        }

        var byOwner = owned.GroupBy(record => record.OwnerKeyId, StringComparer.Ordinal).ToList();
        if (byOwner.Count > 1)
        {
            var groups = string.Join("; ", byOwner.Select(group => string.Join(", ", group.Select(record => record.Name))));
            return Refuse(protocol, StatusCodes.Status400BadRequest,
                $"These files belong to different API keys and cannot be used in one request (files that share a key are grouped): {groups}. "
                + "Gemini lets a request use only files of the key that uploaded them; send them in separate requests.");
        }

        var names = string.Join(", ", owned.Select(record => record.Name));
        var availability = pool.AvailabilityFor(owned[0].OwnerKeyId, call.Model);
        return OwnerKeyRefusal.For(availability, protocol, names, $"model '{call.Model}'") is { } refusal
            ? FileRoute.Refused(refusal)
            : FileRoute.OnlyKey(availability.Key!); // Not null: a key that left the pool was refused above.
    }

    private static FileRoute Refuse(ApiProtocol protocol, int statusCode, string message) => FileRoute.Refused(new ErrorResult(protocol, statusCode, message));
}
