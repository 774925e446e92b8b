using System.Net;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using GeminiBalance.Admin;
using GeminiBalance.Files;
using GeminiBalance.Keys;
using GeminiBalance.Tests.TestKit;
using static GeminiBalance.Tests.TestKit.EmulatedGeminiWire;
using static GeminiBalance.Tests.TestKit.ResumableUpload;

namespace GeminiBalance.Tests.Integration;

/// <summary>
/// The Files API through the proxy against the emulated upstream (which, like Google, shows a file only to the key that
/// uploaded it) and a real Azurite: uploads of every kind, sessions continued on another instance, ownership per client.
/// </summary>
[Collection(ProxyCollection.Name)]
public sealed class FilesApiTests(AzuriteFixture storage)
{
    private const string OtherToken = "second-client-token";
    private const int SdkChunk = 8 * 1024 * 1024;
    private static readonly string[] PoolKeys = ["files-pool-key-1", "files-pool-key-2", "files-pool-key-3"];
    private static readonly Dictionary<string, string?> TwoClients = new() { ["ALLOWED_TOKENS"] = $"{ProxyHost.ClientToken},{OtherToken}" };

    [Fact]
    public async Task GoogleGenAiSdkUploadsInSeveralChunksThenGeneratesListsGetsAndDeletesWithTheOwnerKey()
    {
        await using var upstream = await StartUpstreamAsync();
        // Far below one 8 MiB chunk: file bytes must not be held to this limit (or held at all).
        await using var proxy = await ProxyHost.StartAsync(upstream, storage, PoolKeys, new Dictionary<string, string?> { ["MAX_REQUEST_BODY_MB"] = "1" });
        var bytes = Bytes((2 * SdkChunk) + 1000);
        var path = Path.Combine(Path.GetTempPath(), $"genai-files-{Guid.NewGuid():N}.bin");
        await File.WriteAllBytesAsync(path, bytes);
        try
        {
            using var result = await GenAiFilesScript.RunAsync(proxy, path, "application/pdf");
            var root = JsonNode.Parse(result.RootElement.GetRawText())!;
            var name = (string)root["uploaded"]!["name"]!;
            Assert.Equal(bytes.Length.ToString(System.Globalization.CultureInfo.InvariantCulture), (string?)root["uploaded"]!["sizeBytes"]);
            Assert.Equal(Convert.ToBase64String(SHA256.HashData(bytes)), (string?)root["uploaded"]!["sha256Hash"]);
            Assert.Equal(4, root["generated"]!.AsArray().Count);
            Assert.All(root["generated"]!.AsArray(), text => Assert.False(string.IsNullOrEmpty((string?)text)));
            Assert.Equal([name], root["listed"]!.AsArray().Select(file => (string?)file));
            Assert.Equal(name, (string?)root["got"]!["name"]);
            Assert.Empty(root["listedAfterDelete"]!.AsArray());
            Assert.Equal(403, (int)root["getAfterDelete"]!);
            Assert.DoesNotContain(PoolKeys, key => result.RootElement.GetRawText().Contains(key, StringComparison.Ordinal));

            // The start and its three chunks, then the get and the delete: one key throughout, the key that owns the file.
            var uploads = upstream.Requests.Where(request => request.Path == "/upload/v1beta/files").ToList();
            Assert.Equal(4, uploads.Count);
            var owner = uploads[0].Key;
            Assert.Contains(owner, PoolKeys);
            var fileCalls = upstream.Requests.Where(request => request.Path == $"/v1beta/{name}").ToList();
            Assert.Equal(["GET", "DELETE"], fileCalls.Select(request => request.Method));
            var generateCalls = upstream.Requests.Where(request => request.Path.Contains(":generateContent", StringComparison.Ordinal) || request.Path.Contains(":streamGenerateContent", StringComparison.Ordinal)).ToList();
            Assert.Equal(4, generateCalls.Count);
            Assert.All(uploads.Concat(fileCalls).Concat(generateCalls), request => Assert.Equal(owner, request.Headers["x-goog-api-key"]));
            Assert.DoesNotContain(upstream.Requests, request => request.Path == "/v1beta/files");
            Assert.Empty(upstream.Files);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task CurlStyleUploadStartedOnOneInstanceIsFinishedOnAnotherWithoutAnyKeyReachingTheClient()
    {
        await using var upstream = await StartUpstreamAsync();
        await using var instances = await ProxyInstances.StartAsync(2, upstream, storage, PoolKeys);
        var (first, second) = (instances[0], instances[1]);
        var transcript = new ResponseTranscript();
        using var http = new HttpClient(transcript);
        var bytes = Bytes(300_000);

        // ?key= on the start, as the official curl sample does: Google would repeat it in the session URL.
        using var start = await http.SendAsync(Start($"{first.BaseUrl}upload/v1beta/files", ProxyHost.ClientToken, bytes.Length, "audio/wav", "across", keyInQuery: true));
        Assert.Equal(HttpStatusCode.OK, start.StatusCode);
        Assert.Equal("active", Header(start, "X-Goog-Upload-Status"));
        var sessionUrl = Header(start, "X-Goog-Upload-URL");
        Assert.Matches($"^{first.BaseUrl}upload/v1beta/files\\?upload_id=[A-Za-z0-9_-]{{43}}&upload_protocol=resumable$", sessionUrl);

        // The load balancer sends the rest to the other instance; curl sends no token with the chunks.
        var onSecond = new UriBuilder(sessionUrl) { Port = second.BaseUrl.Port }.Uri.AbsoluteUri;
        using var chunk = await http.SendAsync(Command(onSecond, "upload", 0, bytes.AsMemory(0, 100_000)));
        Assert.Equal(HttpStatusCode.OK, chunk.StatusCode);
        Assert.Equal("active", Header(chunk, "X-Goog-Upload-Status"));
        using var query = await http.SendAsync(Command(onSecond, "query"));
        Assert.Equal("100000", Header(query, "X-Goog-Upload-Size-Received"));
        using var wrongOffset = await http.SendAsync(Command(onSecond, "upload", 5, bytes.AsMemory(5, 10)));
        Assert.Equal(HttpStatusCode.BadRequest, wrongOffset.StatusCode);
        Assert.Equal("100000", Header(wrongOffset, "X-Goog-Upload-Size-Received"));
        using var last = await http.SendAsync(Command(onSecond, "upload, finalize", 100_000, bytes.AsMemory(100_000)));
        Assert.Equal(HttpStatusCode.OK, last.StatusCode);
        Assert.Equal("final", Header(last, "X-Goog-Upload-Status"));
        var name = (string)(await ReadJsonAsync(last))["file"]!["name"]!;

        // Recorded before the answer, so the first instance knows the file at once.
        using var get = await http.SendAsync(first.Request(HttpMethod.Get, $"{first.BaseUrl}v1beta/{name}"));
        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        Assert.Equal("300000", (string?)(await ReadJsonAsync(get))["sizeBytes"]);
        using var finished = await http.SendAsync(Command(onSecond, "query"));
        Assert.Equal(HttpStatusCode.NotFound, finished.StatusCode);

        var uploads = upstream.Requests.Where(request => request.Path == "/upload/v1beta/files").ToList();
        var owner = uploads[0].Key!;
        Assert.All(upstream.Requests, request =>
        {
            Assert.Equal(owner, request.Headers["x-goog-api-key"]);
            Assert.DoesNotContain("key=", request.Query, StringComparison.Ordinal);
        });
        var record = await first.GetService<IFileRecords>().FindAsync(ClientId(ProxyHost.ClientToken), name["files/".Length..], CancellationToken.None);
        Assert.Equal(PoolKey.From(owner).Id, record!.OwnerKeyId);

        transcript.AssertFreeOf([.. PoolKeys, ProxyHost.ClientToken]);

        // The session id is a credential too: it alone lets a chunk in.
        var sessionId = sessionUrl.Split("upload_id=")[1].Split('&')[0];
        string[] secrets = [.. PoolKeys, ProxyHost.ClientToken, sessionId];
        var lines = instances.SelectMany(instance => instance.Logs.Lines).ToList();
        Assert.NotEmpty(lines);
        Assert.All(lines, line => Assert.DoesNotContain(secrets, secret => line.Contains(secret, StringComparison.Ordinal)));
        Assert.DoesNotContain(transcript.Answers, answer => answer.Contains("X-GUploader-UploadID", StringComparison.OrdinalIgnoreCase));
        // Google's own session (its upload_id) stays with the proxy too.
        Assert.All(upstream.Requests.Where(request => request.Query.Contains("upload_id=", StringComparison.Ordinal)), request =>
            Assert.DoesNotContain(transcript.Answers, answer => answer.Contains(request.Query.Split("upload_id=")[1].Split('&')[0], StringComparison.Ordinal)));
    }

    [Fact]
    public async Task MultipartAndMediaUploadsAreRecordedForTheUploader()
    {
        await using var upstream = await StartUpstreamAsync();
        await using var proxy = await ProxyHost.StartAsync(upstream, storage, PoolKeys);
        var transcript = new ResponseTranscript();
        using var http = new HttpClient(transcript) { BaseAddress = proxy.BaseUrl };

        using var multipart = await http.SendAsync(Multipart("gemini/upload/v1beta/files", ProxyHost.ClientToken, Bytes(4000), "image/png", "picture"));
        Assert.Equal(HttpStatusCode.OK, multipart.StatusCode);
        var picture = (await ReadJsonAsync(multipart))["file"]!;
        Assert.Equal("picture", (string?)picture["displayName"]);

        var media = new HttpRequestMessage(HttpMethod.Post, "upload/v1beta/files?uploadType=media") { Content = new ByteArrayContent(Bytes(123)) };
        media.Content.Headers.ContentType = new("text/plain");
        media.Headers.Add("x-goog-api-key", ProxyHost.ClientToken);
        using var raw = await http.SendAsync(media);
        Assert.Equal(HttpStatusCode.OK, raw.StatusCode);
        var text = (await ReadJsonAsync(raw))["file"]!;
        Assert.Equal("123", (string?)text["sizeBytes"]);

        using var list = await http.SendAsync(proxy.Request(HttpMethod.Get, "v1beta/files"));
        var listed = (await ReadJsonAsync(list))["files"]!.AsArray().Select(file => (string?)file!["name"]).Order().ToList();
        Assert.Equal(new[] { (string?)picture["name"], (string?)text["name"] }.Order(), listed);

        using var firstPage = await http.SendAsync(proxy.Request(HttpMethod.Get, "v1beta/files?pageSize=1"));
        var first = await ReadJsonAsync(firstPage);
        var token = (string)first["nextPageToken"]!;
        using var secondPage = await http.SendAsync(proxy.Request(HttpMethod.Get, $"v1beta/files?pageSize=1&pageToken={Uri.EscapeDataString(token)}"));
        var second = await ReadJsonAsync(secondPage);
        Assert.Equal(listed, new[] { (string?)first["files"]![0]!["name"], (string?)second["files"]![0]!["name"] }.Order());
        Assert.Null(second["nextPageToken"]);
        foreach (var file in upstream.Files)
        {
            var record = await proxy.GetService<IFileRecords>().FindAsync(ClientId(ProxyHost.ClientToken), file.Id, CancellationToken.None);
            Assert.Equal(PoolKey.From(file.OwnerKey).Id, record!.OwnerKeyId);
        }

        transcript.AssertFreeOf(PoolKeys);
    }

    [Fact]
    public async Task StartRefusedByAnInvalidKeyMovesToTheNextKeyWhichThenOwnsTheUpload()
    {
        await using var upstream = await EmulatedGemini.StartAsync();
        upstream.SetKey("files-invalid-key", new KeyBehavior.Invalid());
        upstream.SetKey(PoolKeys[0], new KeyBehavior.Good());
        await using var proxy = await ProxyHost.StartAsync(upstream, storage, ["files-invalid-key", PoolKeys[0]]);

        for (var i = 0; i < 2; i++)
        {
            using var start = await proxy.Client.SendAsync(Start("upload/v1beta/files", ProxyHost.ClientToken, 3, "text/plain"));
            Assert.Equal(HttpStatusCode.OK, start.StatusCode);
            using var finish = await proxy.Client.SendAsync(Command(Header(start, "X-Goog-Upload-URL"), "upload, finalize", 0, Bytes(3)));
            Assert.Equal(HttpStatusCode.OK, finish.StatusCode);
        }

        // Round-robin over two keys offers the invalid one to one of the two starts; after that it is set aside.
        Assert.Single(upstream.Requests, request => request.Key == "files-invalid-key");
        Assert.Equal(KeyStatus.Invalid, proxy.GetService<KeyPool>().HealthOf(PoolKey.From("files-invalid-key")).Status);
        Assert.Equal(2, upstream.Files.Count);
        Assert.All(upstream.Files, file => Assert.Equal(PoolKeys[0], file.OwnerKey));
    }

    [Fact]
    public async Task ClientsSeeOnlyTheirOwnFilesAndCannotTouchAnothersFileOrSession()
    {
        await using var upstream = await StartUpstreamAsync();
        await using var proxy = await ProxyHost.StartAsync(upstream, storage, PoolKeys, TwoClients);
        var mine = await UploadAsync(proxy, ProxyHost.ClientToken, "mine");
        var theirs = await UploadAsync(proxy, OtherToken, "theirs");

        Assert.Equal([mine], await ListAsync(proxy, ProxyHost.ClientToken));
        Assert.Equal([theirs], await ListAsync(proxy, OtherToken));

        upstream.ClearRequests();
        foreach (var method in new[] { HttpMethod.Get, HttpMethod.Delete })
        {
            var (status, error) = await proxy.Client.SendForErrorAsync(As(OtherToken, new HttpRequestMessage(method, $"v1beta/{mine}")));
            Assert.Equal(HttpStatusCode.Forbidden, status);
            Assert.Equal($"You do not have permission to access the File {mine} or it may not exist.", (string?)error["message"]);
            Assert.Equal("PERMISSION_DENIED", (string?)error["status"]);
        }

        // A file nobody uploaded reads exactly the same.
        var (unknownStatus, unknown) = await proxy.Client.SendForErrorAsync(As(OtherToken, new HttpRequestMessage(HttpMethod.Get, "v1beta/files/no-such-file")));
        Assert.Equal(HttpStatusCode.Forbidden, unknownStatus);
        Assert.Equal("You do not have permission to access the File files/no-such-file or it may not exist.", (string?)unknown["message"]);
        Assert.Empty(upstream.Requests);
        Assert.Equal(2, upstream.Files.Count);

        using var start = await proxy.Client.SendAsync(Start("upload/v1beta/files", ProxyHost.ClientToken, 10, "text/plain"));
        var sessionUrl = Header(start, "X-Goog-Upload-URL");
        Assert.Equal(HttpStatusCode.Forbidden, (await proxy.Client.SendForErrorAsync(Command(sessionUrl, "upload, finalize", 0, Bytes(10), key: OtherToken))).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await proxy.Client.SendForErrorAsync(Command(sessionUrl, "upload, finalize", 0, Bytes(10), key: "not-a-token"))).Status);
        var forged = sessionUrl.Replace("upload_id=", "upload_id=A", StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await proxy.Client.SendForErrorAsync(Command(forged, "upload, finalize", 0, Bytes(10)))).Status);
        using var own = await proxy.Client.SendAsync(Command(sessionUrl, "upload, finalize", 0, Bytes(10), key: ProxyHost.ClientToken));
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
    }

    [Fact]
    public async Task SessionUrlFollowsXForwardedHostOrPublicBaseUrl()
    {
        await using var upstream = await StartUpstreamAsync();
        await using var proxy = await ProxyHost.StartAsync(upstream, storage, PoolKeys);
        var forwarded = Start("gemini/upload/v1beta/files", ProxyHost.ClientToken, 10, "text/plain");
        forwarded.Headers.Add("X-Forwarded-Host", "gemini.example.com");
        forwarded.Headers.Add("X-Forwarded-Proto", "https");
        using var behindProxy = await proxy.Client.SendAsync(forwarded);
        Assert.StartsWith("https://gemini.example.com/gemini/upload/v1beta/files?upload_id=", Header(behindProxy, "X-Goog-Upload-URL"));

        await using var configured = await ProxyHost.StartAsync(upstream, storage, PoolKeys, new Dictionary<string, string?> { ["PUBLIC_BASE_URL"] = "https://files.example.net/api/" });
        using var withSetting = await configured.Client.SendAsync(Start("upload/v1beta/files", ProxyHost.ClientToken, 10, "text/plain"));
        Assert.StartsWith("https://files.example.net/api/upload/v1beta/files?upload_id=", Header(withSetting, "X-Goog-Upload-URL"));
    }

    [Fact]
    public async Task ExpiredFilesAndFilesOfRemovedKeysAreGoneAndACoolingOwnerKeyMeans503()
    {
        await using var upstream = await StartUpstreamAsync();
        await using var proxy = await ProxyHost.StartAsync(upstream, storage, PoolKeys);
        var records = proxy.GetService<IFileRecords>();
        var client = ClientId(ProxyHost.ClientToken);
        var now = DateTimeOffset.UtcNow;
        await records.SaveAsync(new FileRecord(client, "expired-file", PoolKey.From(PoolKeys[0]).Id, now.AddMinutes(-1), """{"name":"files/expired-file"}"""), CancellationToken.None);
        await records.SaveAsync(new FileRecord(client, "orphan-file", "000000000000", now.AddHours(1), """{"name":"files/orphan-file"}"""), CancellationToken.None);

        // Listing leaves out what expired; a file whose key is gone still lists until someone looks at it.
        Assert.Equal(["files/orphan-file"], await ListAsync(proxy, ProxyHost.ClientToken));
        foreach (var id in new[] { "expired-file", "orphan-file" })
        {
            var (status, error) = await proxy.Client.SendForErrorAsync(proxy.Request(HttpMethod.Get, $"v1beta/files/{id}"));
            Assert.Equal(HttpStatusCode.NotFound, status);
            Assert.Equal("NOT_FOUND", (string?)error["status"]);
            Assert.StartsWith($"File files/{id} no longer exists", (string?)error["message"]);
        }

        Assert.Empty(await ListAsync(proxy, ProxyHost.ClientToken));

        var name = await UploadAsync(proxy, ProxyHost.ClientToken, "cooling");
        var owner = PoolKey.From(upstream.Files.Single().OwnerKey);
        proxy.GetService<KeyPool>().ReportFailure(owner, FileUpstream.QuotaName, new UpstreamFailure(FailureKind.RateLimited, TimeSpan.FromSeconds(40)));
        using var cooling = await proxy.Client.SendAsync(proxy.Request(HttpMethod.Get, $"v1beta/{name}"));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, cooling.StatusCode);
        Assert.InRange(int.Parse(cooling.Headers.RetryAfter!.ToString(), System.Globalization.CultureInfo.InvariantCulture), 1, 40);
        Assert.Equal("UNAVAILABLE", (string?)(await ReadJsonAsync(cooling))["error"]!["status"]);

        Assert.Equal(HttpStatusCode.BadRequest, (await proxy.Client.SendForErrorAsync(proxy.Request(HttpMethod.Get, "v1beta/files?pageSize=many"))).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await proxy.Client.SendForErrorAsync(proxy.Request(HttpMethod.Get, "v1beta/files?pageToken=!!not-ours!!"))).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await proxy.Client.SendForErrorAsync(proxy.Request(HttpMethod.Get, "v1beta/files/Not_An_Id"))).Status);

        // Creating a file from metadata alone is not offered; the refusal is still in Gemini's shape on /v1.
        var (notAllowed, shape) = await proxy.Client.SendForErrorAsync(proxy.Request(HttpMethod.Post, "v1/files", "{}"));
        Assert.Equal(HttpStatusCode.MethodNotAllowed, notAllowed);
        Assert.Equal("UNIMPLEMENTED", (string?)shape["status"]);
    }

    [Fact]
    public async Task FileGoogleNoLongerHasIsGoneOnGetAndDeletedAnywayOnDelete()
    {
        await using var upstream = await StartUpstreamAsync();
        await using var proxy = await ProxyHost.StartAsync(upstream, storage, PoolKeys);
        var lostOnGet = await UploadAsync(proxy, ProxyHost.ClientToken, "lost-a");
        var lostOnDelete = await UploadAsync(proxy, ProxyHost.ClientToken, "lost-b");

        // Google deleted them early, by its own clock: to the owner key they now read like another project's files.
        foreach (var file in upstream.Files)
        {
            upstream.AddFile(file with { ExpiresAt = DateTimeOffset.UtcNow.AddSeconds(-1) });
        }

        var (status, error) = await proxy.Client.SendForErrorAsync(proxy.Request(HttpMethod.Get, $"v1beta/{lostOnGet}"));
        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal($"File {lostOnGet} no longer exists: Google no longer has it.", (string?)error["message"]);
        using var delete = await proxy.Client.SendAsync(proxy.Request(HttpMethod.Delete, $"v1beta/{lostOnDelete}"));
        Assert.Equal(HttpStatusCode.OK, delete.StatusCode);
        Assert.Equal("""{"success":true,"message":"File deleted successfully"}""", await delete.Content.ReadAsStringAsync());

        Assert.Empty(await ListAsync(proxy, ProxyHost.ClientToken));
        Assert.Equal(2, upstream.Requests.Count(request => request.Path.StartsWith("/v1beta/files/", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task UploadWhoseKeyLeftThePoolGetsAClearErrorAndRetentionForgetsExpiredFilesAndSessions()
    {
        await using var upstream = await StartUpstreamAsync();
        upstream.SetKey("admin-added-key", new KeyBehavior.Good());
        await using var proxy = await ProxyHost.StartAsync(upstream, storage, []);
        var pool = proxy.GetService<KeyPool>();
        var admin = proxy.GetService<KeyAdministration>();

        // Through the admin API's own path (stored, then applied), so the background key sync cannot undo it.
        await admin.AddAsync(["admin-added-key"], 0, CancellationToken.None);

        using var start = await proxy.Client.SendAsync(Start("upload/v1beta/files", ProxyHost.ClientToken, 10, "text/plain"));
        var sessionUrl = Header(start, "X-Goog-Upload-URL");
        var name = await UploadAsync(proxy, ProxyHost.ClientToken, "kept");
        await admin.RemoveAsync(pool.Set.Find(PoolKey.From("admin-added-key").Id)!, CancellationToken.None);
        var (status, error) = await proxy.Client.SendForErrorAsync(Command(sessionUrl, "upload, finalize", 0, Bytes(10)));
        Assert.Equal(HttpStatusCode.Gone, status);
        Assert.Contains("removed from the pool", (string?)error["message"]);

        // Past their expiry, by the app's own records: the timer deletes them, and the file upstream with its owner key.
        await admin.AddAsync(["admin-added-key"], 0, CancellationToken.None);
        var records = proxy.GetService<IFileRecords>();
        var client = ClientId(ProxyHost.ClientToken);
        var record = await records.FindAsync(client, name["files/".Length..], CancellationToken.None);
        await records.SaveAsync(record! with { ExpiresAt = DateTimeOffset.UtcNow.AddMinutes(-5) }, CancellationToken.None);
        var sessions = proxy.GetService<IUploadSessions>();
        await sessions.SaveAsync(new UploadSession(UploadSessionId.New(), "http://127.0.0.1:9/unused", "k", client, null, null, DateTimeOffset.UtcNow.AddMinutes(-5)), CancellationToken.None);
        upstream.ClearRequests();

        var deleted = await proxy.GetService<FileRetention>().RunAsync(CancellationToken.None);

        Assert.Equal(2, deleted);
        Assert.Null(await records.FindAsync(client, name["files/".Length..], CancellationToken.None));
        var delete = Assert.Single(upstream.Requests);
        Assert.Equal(("DELETE", $"/v1beta/{name}", "admin-added-key"), (delete.Method, delete.Path, delete.Key));
        Assert.Empty(upstream.Files);
        Assert.Equal(0, await proxy.GetService<FileRetention>().RunAsync(CancellationToken.None));
    }

    private static async Task<EmulatedGemini> StartUpstreamAsync()
    {
        var upstream = await EmulatedGemini.StartAsync();
        foreach (var key in PoolKeys)
        {
            upstream.SetKey(key, new KeyBehavior.Good());
        }

        return upstream;
    }

    private static async Task<string> UploadAsync(ProxyHost proxy, string token, string displayName)
    {
        using var response = await proxy.Client.SendAsync(Multipart("upload/v1beta/files", token, Bytes(64), "text/plain", displayName));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (string)(await ReadJsonAsync(response))["file"]!["name"]!;
    }

    private static async Task<List<string>> ListAsync(ProxyHost proxy, string token)
    {
        using var response = await proxy.Client.SendAsync(As(token, new HttpRequestMessage(HttpMethod.Get, "v1beta/files?pageSize=100")));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return [.. (await ReadJsonAsync(response))["files"]!.AsArray().Select(file => (string)file!["name"]!)];
    }

    private static HttpRequestMessage As(string token, HttpRequestMessage request)
    {
        request.Headers.Add("x-goog-api-key", token);
        return request;
    }

    private static string ClientId(string token) => GeminiBalance.Auth.ShortId.From(token);
}
