using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace GeminiBalance.Tests.TestKit.GeminiEmulator;

/// <summary>
/// The Files API (docs/protocols.md#files-api): resumable, multipart and media uploads, list, get and delete. Every file belongs to
/// the key that uploaded it; any other key is told it has no permission, exactly as for a file that does not exist.
/// </summary>
internal sealed partial class EmulatedFilesHandler(EmulatedGeminiState state)
{
    private const int MaxPageSize = 100;
    private const int DefaultPageSize = 10;

    public async Task HandleAsync(HttpContext context, FilesRoute route, CancellationToken cancellationToken)
    {
        var request = context.Request;
        var key = KeyOf(request);
        if (route.IsUpload && HttpMethods.IsPost(request.Method))
        {
            if (request.Query.ContainsKey("upload_id"))
            {
                // The session URL is itself the credential (Google's carries ?key= only when the start did).
                state.Record(EmulatedGeminiHandler.Describe(request, ""));
                await ContinueUploadAsync(context, request.Query["upload_id"].ToString(), key, cancellationToken);
                return;
            }

            var protocol = request.Headers["X-Goog-Upload-Protocol"].ToString();
            var uploadType = request.Query["uploadType"].ToString();
            if (protocol == "multipart" || uploadType == "multipart")
            {
                state.Record(EmulatedGeminiHandler.Describe(request, ""));
                await MultipartAsync(context, Authenticate(route, "CreateFile", key), cancellationToken);
                return;
            }

            if (protocol == "raw" || uploadType == "media")
            {
                state.Record(EmulatedGeminiHandler.Describe(request, ""));
                await MediaAsync(context, Authenticate(route, "CreateFile", key), cancellationToken);
                return;
            }

            var body = await new StreamReader(request.Body, Encoding.UTF8).ReadToEndAsync(cancellationToken);
            state.Record(EmulatedGeminiHandler.Describe(request, body));
            if (protocol != "resumable")
            {
                throw new EmulatedErrorException(EmulatedErrors.InvalidArgument("Upload requests need X-Goog-Upload-Protocol resumable, multipart or raw."));
            }

            await StartAsync(context, Authenticate(route, "CreateFile", key), body, cancellationToken);
            return;
        }

        state.Record(EmulatedGeminiHandler.Describe(request, ""));
        switch (route)
        {
            case { IsUpload: false, FileId: null } when HttpMethods.IsGet(request.Method):
                await EmulatedJson.WriteAsync(context.Response, 200, List(Authenticate(route, "ListFiles", key), request.Query), cancellationToken);
                return;
            case { IsUpload: false, FileId: { } id } when HttpMethods.IsGet(request.Method):
                await EmulatedJson.WriteAsync(context.Response, 200, FileReplies.File(Owned(Authenticate(route, "GetFile", key), id)), cancellationToken);
                return;
            case { IsUpload: false, FileId: { } id } when HttpMethods.IsDelete(request.Method):
                state.RemoveFile(Owned(Authenticate(route, "DeleteFile", key), id).Id);
                await EmulatedJson.WriteAsync(context.Response, 200, new JsonObject(), cancellationToken);
                return;
            default:
                throw new EmulatedErrorException(EmulatedErrors.UrlNotFound(request.Path.Value ?? ""));
        }
    }

    private async Task StartAsync(HttpContext context, string key, string body, CancellationToken cancellationToken)
    {
        var request = context.Request;
        if (!string.Equals(request.Headers["X-Goog-Upload-Command"].ToString().Trim(), "start", StringComparison.OrdinalIgnoreCase))
        {
            throw new EmulatedErrorException(EmulatedErrors.InvalidArgument("A resumable upload begins with X-Goog-Upload-Command: start."));
        }

        var declared = request.Headers["X-Goog-Upload-Header-Content-Length"].ToString();
        long? size = declared.Length == 0 ? null
            : long.TryParse(declared, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) ? parsed
            : throw new EmulatedErrorException(EmulatedErrors.InvalidArgument("X-Goog-Upload-Header-Content-Length must be a byte count."));
        var metadata = FileMetadata(body);
        var mimeType = NonEmpty(request.Headers["X-Goog-Upload-Header-Content-Type"].ToString()) ?? metadata.MimeType ?? "application/octet-stream";
        var uploadId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        state.Uploads[uploadId] = new EmulatedUpload(key, size, mimeType, metadata.DisplayName, metadata.RequestedId);

        // Google answers with its own host, and repeats ?key= in the URL when the start carried it (docs/protocols.md#files-api).
        var keyInQuery = request.Query.ContainsKey("key") ? $"key={Uri.EscapeDataString(key)}&" : "";
        var response = context.Response;
        response.StatusCode = 200;
        response.Headers["X-Goog-Upload-URL"] = $"{request.Scheme}://{request.Host}{request.Path}?{keyInQuery}upload_id={uploadId}&upload_protocol=resumable";
        response.Headers["X-Goog-Upload-Status"] = "active";
        response.Headers["X-Goog-Upload-Chunk-Granularity"] = "262144";
        response.Headers["X-GUploader-UploadID"] = uploadId;
        await response.CompleteAsync();
    }

    private async Task ContinueUploadAsync(HttpContext context, string uploadId, string? key, CancellationToken cancellationToken)
    {
        var request = context.Request;
        var response = context.Response;
        if (!state.Uploads.TryGetValue(uploadId, out var upload))
        {
            throw new EmulatedErrorException(EmulatedFileErrors.UnknownSession());
        }

        if (key is not null && key != upload.OwnerKey)
        {
            throw new EmulatedErrorException(EmulatedFileErrors.OtherKey());
        }

        var commands = request.Headers["X-Goog-Upload-Command"].ToString()
            .Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(command => command.ToLowerInvariant()).ToHashSet();
        await upload.Gate.WaitAsync(cancellationToken);
        try
        {
            if (commands.SetEquals(["query"]))
            {
                response.Headers["X-Goog-Upload-Status"] = "active";
                response.Headers["X-Goog-Upload-Size-Received"] = upload.Received.ToString(CultureInfo.InvariantCulture);
                await response.CompleteAsync();
                return;
            }

            if (commands.SetEquals(["cancel"]))
            {
                state.Uploads.TryRemove(uploadId, out _);
                response.Headers["X-Goog-Upload-Status"] = "cancelled";
                await response.CompleteAsync();
                return;
            }

            var finalize = commands.Remove("finalize");
            var uploading = commands.Remove("upload");
            if (commands.Count > 0 || !(finalize || uploading))
            {
                throw new EmulatedErrorException(EmulatedErrors.InvalidArgument($"Unknown X-Goog-Upload-Command '{request.Headers["X-Goog-Upload-Command"]}'."));
            }

            if (uploading)
            {
                var offsetHeader = request.Headers["X-Goog-Upload-Offset"].ToString();
                if (!long.TryParse(offsetHeader, NumberStyles.None, CultureInfo.InvariantCulture, out var offset) || offset != upload.Received)
                {
                    // Tells the client where to resume, as the resumable protocol does.
                    response.Headers["X-Goog-Upload-Status"] = "active";
                    response.Headers["X-Goog-Upload-Size-Received"] = upload.Received.ToString(CultureInfo.InvariantCulture);
                    throw new EmulatedErrorException(EmulatedFileErrors.WrongOffset(upload.Received, offsetHeader.Length == 0 ? -1 : offset));
                }

                await upload.AppendAsync(request.Body, cancellationToken);
            }

            if (!finalize)
            {
                response.Headers["X-Goog-Upload-Status"] = "active";
                await response.CompleteAsync();
                return;
            }

            if (upload.DeclaredSize is { } declared && declared != upload.Received)
            {
                response.Headers["X-Goog-Upload-Status"] = "active";
                throw new EmulatedErrorException(EmulatedFileErrors.SizeMismatch(declared, upload.Received));
            }

            var file = Create(upload);
            state.Uploads.TryRemove(uploadId, out _);
            response.Headers["X-Goog-Upload-Status"] = "final";
            await EmulatedJson.WriteAsync(response, 200, new JsonObject { ["file"] = FileReplies.File(file) }, cancellationToken);
        }
        finally
        {
            upload.Gate.Release();
        }
    }

    private async Task MultipartAsync(HttpContext context, string key, CancellationToken cancellationToken)
    {
        var contentType = MediaTypeHeaderValue.TryParse(context.Request.ContentType, out var parsed) ? parsed : null;
        var boundary = HeaderUtilities.RemoveQuotes(contentType?.Boundary ?? default).Value;
        if (contentType?.MediaType.Value?.StartsWith("multipart/", StringComparison.OrdinalIgnoreCase) != true || string.IsNullOrEmpty(boundary))
        {
            throw new EmulatedErrorException(EmulatedErrors.InvalidArgument("A multipart upload needs Content-Type multipart/related with a boundary."));
        }

        var reader = new MultipartReader(boundary, context.Request.Body);
        var metadataSection = await reader.ReadNextSectionAsync(cancellationToken)
            ?? throw new EmulatedErrorException(EmulatedErrors.InvalidArgument("The multipart body has no metadata part."));
        var metadata = FileMetadata(await new StreamReader(metadataSection.Body, Encoding.UTF8).ReadToEndAsync(cancellationToken));
        var media = await reader.ReadNextSectionAsync(cancellationToken)
            ?? throw new EmulatedErrorException(EmulatedErrors.InvalidArgument("The multipart body has no media part."));
        var mimeType = metadata.MimeType ?? NonEmpty(media.ContentType) ?? "application/octet-stream";
        using var upload = new EmulatedUpload(key, null, mimeType, metadata.DisplayName, metadata.RequestedId);
        await upload.AppendAsync(media.Body, cancellationToken);
        await WriteCreatedAsync(context.Response, Create(upload), cancellationToken);
    }

    private async Task MediaAsync(HttpContext context, string key, CancellationToken cancellationToken)
    {
        using var upload = new EmulatedUpload(key, null, NonEmpty(context.Request.ContentType) ?? "application/octet-stream", null, null);
        await upload.AppendAsync(context.Request.Body, cancellationToken);
        await WriteCreatedAsync(context.Response, Create(upload), cancellationToken);
    }

    private static Task WriteCreatedAsync(HttpResponse response, EmulatedFile file, CancellationToken cancellationToken)
    {
        response.Headers["X-Goog-Upload-Status"] = "final";
        return EmulatedJson.WriteAsync(response, 200, new JsonObject { ["file"] = FileReplies.File(file) }, cancellationToken);
    }

    private EmulatedFile Create(EmulatedUpload upload)
    {
        var file = new EmulatedFile(upload.RequestedId ?? state.NextFileId(), upload.OwnerKey, upload.MimeType, upload.Received, DateTimeOffset.UtcNow + FileReplies.Lifetime)
        {
            DisplayName = upload.DisplayName,
            Sha256Hash = upload.Sha256Base64(),
        };
        return state.TryAddFile(file) ? file : throw new EmulatedErrorException(EmulatedFileErrors.AlreadyExists(file.Name));
    }

    private JsonObject List(string key, IQueryCollection query)
    {
        var pageSizeText = query["pageSize"].ToString();
        var pageSize = pageSizeText.Length == 0 ? DefaultPageSize
            : int.TryParse(pageSizeText, NumberStyles.Integer, CultureInfo.InvariantCulture, out var size) && size >= 0 ? Math.Min(size == 0 ? DefaultPageSize : size, MaxPageSize)
            : throw new EmulatedErrorException(EmulatedErrors.InvalidArgument($"Invalid value for pageSize: {pageSizeText}"));
        var after = query["pageToken"].ToString() is { Length: > 0 } token ? DecodeToken(token) : "";
        var files = Live().Where(file => file.OwnerKey == key && string.CompareOrdinal(file.Id, after) > 0).OrderBy(file => file.Id, StringComparer.Ordinal).ToList();
        var page = files.Take(pageSize).ToList();

        // Google leaves out empty repeated fields, so a project without files lists as {}.
        var reply = new JsonObject();
        if (page.Count > 0)
        {
            reply["files"] = new JsonArray([.. page.Select(FileReplies.File)]);
        }

        if (files.Count > page.Count)
        {
            reply["nextPageToken"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(page[^1].Id));
        }

        return reply;
    }

    private EmulatedFile Owned(string key, string fileId)
    {
        var name = "files/" + fileId;
        return Live().FirstOrDefault(file => file.Id == fileId) is { } file && file.OwnerKey == key
            ? file
            : throw new EmulatedErrorException(EmulatedFileErrors.NoPermission(name));
    }

    // Google deletes files 48 h after upload; they vanish from every listing and lookup then.
    private IEnumerable<EmulatedFile> Live()
    {
        var now = DateTimeOffset.UtcNow;
        foreach (var file in state.Files)
        {
            if (file.ExpiresAt > now)
            {
                yield return file;
            }
            else
            {
                state.RemoveFile(file.Id);
            }
        }
    }

    private string Authenticate(FilesRoute route, string rpc, string? key)
    {
        var behavior = key is null ? throw new EmulatedErrorException(EmulatedErrors.NoKey()) : state.FindKey(key) ?? new KeyBehavior.Invalid();
        return behavior switch
        {
            KeyBehavior.Invalid => throw new EmulatedErrorException(EmulatedErrors.InvalidKey()),
            KeyBehavior.PermissionDenied => throw new EmulatedErrorException(EmulatedErrors.ServiceBlocked($"google.ai.generativelanguage.{route.Version}.FileService.{rpc}")),
            _ => key,
        };
    }

    private static (string? DisplayName, string? MimeType, string? RequestedId) FileMetadata(string body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return (null, null, null);
        }

        JsonObject? file;
        try
        {
            file = (EmulatedJson.ParseRequest(body) as JsonObject)?["file"] as JsonObject;
        }
        catch (JsonException e)
        {
            throw new EmulatedErrorException(EmulatedErrors.InvalidJson($"Unexpected token.\n{e.Message}"));
        }

        var name = EmulatedJson.StringField(file?["name"], "file.name");
        string? id = null;
        if (name is not null)
        {
            id = name.StartsWith("files/", StringComparison.Ordinal) ? name["files/".Length..] : name;
            if (!FileId().IsMatch(id))
            {
                throw new EmulatedErrorException(EmulatedErrors.InvalidArgument($"Invalid file name {name}: ids are up to 40 lowercase letters, digits and dashes, not starting or ending with a dash."));
            }
        }

        return (EmulatedJson.StringField(file?["displayName"] ?? file?["display_name"], "file.display_name"),
            EmulatedJson.StringField(file?["mimeType"] ?? file?["mime_type"], "file.mime_type"), id);
    }

    private static string DecodeToken(string token)
    {
        try
        {
            return Encoding.UTF8.GetString(Convert.FromBase64String(token));
        }
        catch (FormatException)
        {
            throw new EmulatedErrorException(EmulatedErrors.InvalidArgument("Invalid page token."));
        }
    }

    private static string? KeyOf(HttpRequest request) =>
        NonEmpty(request.Headers["x-goog-api-key"].ToString()) ?? NonEmpty(request.Query["key"].ToString());

    private static string? NonEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    [GeneratedRegex("^[a-z0-9]([a-z0-9-]{0,38}[a-z0-9])?$")]
    private static partial Regex FileId();
}
