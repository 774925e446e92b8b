using System.Net;
using System.Text.Json;
using GeminiBalance.Files;
using GeminiBalance.Tests.TestKit;
using GeminiBalance.Usage;
using static GeminiBalance.Tests.TestKit.EmulatedGeminiWire;
using static GeminiBalance.Tests.TestKit.ResumableUpload;

namespace GeminiBalance.Tests.Integration;

/// <summary>
/// Every kind of Files API call goes through the one attempt pipeline, so each is counted in the usage statistics and
/// written to the request log and (when an attempt fails) the error log, under the model name "files", as the admin API
/// reads them back from real storage.
/// </summary>
[Collection(ProxyCollection.Name)]
public sealed class FilesUsageTests(AzuriteFixture storage)
{
    private const string UploadPath = "/upload/v1beta/files";

    [Fact]
    public async Task ResumableStartIsRetriedOnAnotherKeyAndEachAttemptIsCountedAndLogged()
    {
        var (invalid, good) = (AdminApi.NewKey(), AdminApi.NewKey());
        await using var upstream = await EmulatedGemini.StartAsync();
        upstream.SetKey(invalid, new KeyBehavior.Invalid());
        upstream.SetKey(good, new KeyBehavior.Good());
        await using var proxy = await ProxyHost.StartAsync(upstream, storage, [invalid, good], AdminApi.Settings());

        using var start = await proxy.Client.SendAsync(Start($"{proxy.BaseUrl}upload/v1beta/files", ProxyHost.ClientToken, 10, "text/plain"));

        Assert.Equal(HttpStatusCode.OK, start.StatusCode);
        Assert.Equal([invalid, good], upstream.Requests.Where(request => request.Path.EndsWith(UploadPath, StringComparison.Ordinal)).Select(request => request.Key));
        var usage = await FilesUsage.ReadAsync(proxy);
        Assert.Equal((Calls: 2, Successes: 1, Failures: 1, ClientErrors: 0), usage.Counts);
        var row = Assert.Single(usage.Requests);
        Assert.Equal((UploadPath, 200, 2, AdminApi.IdOf(good)), (row.Path, row.Status, row.Attempts, row.KeyId));
        Assert.Equal(ClientIdOf(ProxyHost.ClientToken), row.ClientId);
        var error = Assert.Single(usage.Errors);
        Assert.Equal((AdminApi.IdOf(invalid), 400, "KeyInvalid"), (error.KeyId, error.Status, error.Kind));
        usage.AssertFreeOf(invalid, good, ProxyHost.ClientToken);
    }

    [Fact]
    public async Task ChunksAndTheFinalizingChunkAreCountedAndLoggedUnderTheUploader()
    {
        var key = AdminApi.NewKey();
        await using var upstream = await EmulatedGemini.StartAsync();
        upstream.SetKey(key, new KeyBehavior.Good());
        await using var proxy = await ProxyHost.StartAsync(upstream, storage, [key], AdminApi.Settings());
        var bytes = Bytes(1000);
        using var start = await proxy.Client.SendAsync(Start($"{proxy.BaseUrl}upload/v1beta/files", ProxyHost.ClientToken, bytes.Length, "text/plain"));
        var sessionUrl = Header(start, "X-Goog-Upload-URL");

        // No token on the chunks, as curl sends them: the session stands for its uploader.
        using var misplaced = await proxy.Client.SendAsync(Command(sessionUrl, "upload", 7, bytes.AsMemory(7, 10)));
        using var chunk = await proxy.Client.SendAsync(Command(sessionUrl, "upload", 0, bytes.AsMemory(0, 600)));
        using var last = await proxy.Client.SendAsync(Command(sessionUrl, "upload, finalize", 600, bytes.AsMemory(600)));

        Assert.Equal(HttpStatusCode.BadRequest, misplaced.StatusCode);
        Assert.Equal("0", Header(misplaced, "X-Goog-Upload-Size-Received"));
        Assert.Equal(HttpStatusCode.OK, chunk.StatusCode);
        Assert.Equal("final", Header(last, "X-Goog-Upload-Status"));
        var usage = await FilesUsage.ReadAsync(proxy);
        Assert.Equal((Calls: 4, Successes: 3, Failures: 0, ClientErrors: 1), usage.Counts);
        Assert.Equal([200, 400, 200, 200], usage.Requests.Reverse().Select(row => row.Status));
        Assert.All(usage.Requests, row => Assert.Equal((UploadPath, 1, AdminApi.IdOf(key), ClientIdOf(ProxyHost.ClientToken)), (row.Path, row.Attempts, row.KeyId, row.ClientId)));
        var error = Assert.Single(usage.Errors);
        Assert.Equal((AdminApi.IdOf(key), 400, "ClientError"), (error.KeyId, error.Status, error.Kind));
        usage.AssertFreeOf(key, ProxyHost.ClientToken, sessionUrl.Split("upload_id=")[1]);
    }

    [Fact]
    public async Task OneRequestUploadsGetOneAttemptEachAndAreCountedAndLogged()
    {
        var (invalid, good) = (AdminApi.NewKey(), AdminApi.NewKey());
        await using var upstream = await EmulatedGemini.StartAsync();
        upstream.SetKey(invalid, new KeyBehavior.Invalid());
        upstream.SetKey(good, new KeyBehavior.Good());
        await using var proxy = await ProxyHost.StartAsync(upstream, storage, [invalid, good], AdminApi.Settings());

        // The file's bytes stream through as they arrive, so they cannot be sent to a second key: the first key's refusal is the answer.
        using var refused = await proxy.Client.SendAsync(Multipart("upload/v1beta/files", ProxyHost.ClientToken, Bytes(64), "text/plain", "first"));
        using var uploaded = await proxy.Client.SendAsync(Multipart("upload/v1beta/files", ProxyHost.ClientToken, Bytes(64), "text/plain", "second"));

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal(HttpStatusCode.OK, uploaded.StatusCode);
        Assert.Equal([invalid, good], upstream.Requests.Select(request => request.Key));
        var usage = await FilesUsage.ReadAsync(proxy);
        Assert.Equal((Calls: 2, Successes: 1, Failures: 1, ClientErrors: 0), usage.Counts);
        Assert.Equal([(400, AdminApi.IdOf(invalid)), (200, AdminApi.IdOf(good))], usage.Requests.Reverse().Select(row => (row.Status, row.KeyId)));
        Assert.All(usage.Requests, row => Assert.Equal((UploadPath, 1), (row.Path, row.Attempts)));
        var error = Assert.Single(usage.Errors);
        Assert.Equal((AdminApi.IdOf(invalid), "KeyInvalid"), (error.KeyId, error.Kind));
        usage.AssertFreeOf(invalid, good, ProxyHost.ClientToken);
    }

    [Fact]
    public async Task GetsAndDeletesWithTheOwnerKeyAreCountedAndLogged()
    {
        var key = AdminApi.NewKey();
        await using var upstream = await EmulatedGemini.StartAsync();
        upstream.SetKey(key, new KeyBehavior.Good());
        await using var proxy = await ProxyHost.StartAsync(upstream, storage, [key], AdminApi.Settings());
        var kept = await UploadAsync(proxy, "kept");
        var lost = await UploadAsync(proxy, "lost");
        var lostFile = upstream.FindFile(lost["files/".Length..])!;

        // Google deleted one early, by its own clock: to its owner key it now reads like another project's file.
        upstream.AddFile(lostFile with { ExpiresAt = DateTimeOffset.UtcNow.AddSeconds(-1) });
        using var got = await proxy.Client.SendAsync(proxy.Request(HttpMethod.Get, $"v1beta/{kept}"));
        using var gone = await proxy.Client.SendAsync(proxy.Request(HttpMethod.Get, $"v1beta/{lost}"));
        using var deleted = await proxy.Client.SendAsync(proxy.Request(HttpMethod.Delete, $"v1beta/{kept}"));

        Assert.Equal(HttpStatusCode.OK, got.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        var usage = await FilesUsage.ReadAsync(proxy);
        Assert.Equal((Calls: 5, Successes: 4, Failures: 0, ClientErrors: 1), usage.Counts);
        var fileCalls = usage.Requests.Where(row => row.Path.StartsWith("/v1beta/files/", StringComparison.Ordinal)).Reverse().ToList();
        Assert.Equal([($"/v1beta/{kept}", 200), ($"/v1beta/{lost}", 404), ($"/v1beta/{kept}", 200)], fileCalls.Select(row => (row.Path, row.Status)));
        Assert.All(usage.Requests, row => Assert.Equal((1, AdminApi.IdOf(key), ClientIdOf(ProxyHost.ClientToken)), (row.Attempts, row.KeyId, row.ClientId)));
        var error = Assert.Single(usage.Errors);
        Assert.Equal((AdminApi.IdOf(key), 403, "ClientError"), (error.KeyId, error.Status, error.Kind));
        usage.AssertFreeOf(key, ProxyHost.ClientToken);
    }

    private static async Task<string> UploadAsync(ProxyHost proxy, string displayName)
    {
        using var response = await proxy.Client.SendAsync(Multipart("upload/v1beta/files", ProxyHost.ClientToken, Bytes(64), "text/plain", displayName));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (string)(await ReadJsonAsync(response))["file"]!["name"]!;
    }

    private static string ClientIdOf(string token) => GeminiBalance.Auth.ShortId.From(token);

    private sealed record RequestRow(string ClientId, string Path, int Status, int Attempts, string? KeyId);

    private sealed record ErrorRow(string KeyId, int Status, string Kind);

    /// <summary>What the admin API shows for model "files" (log rows newest first) once the usage totals and log rows were written to storage.</summary>
    private sealed record FilesUsage(
        (long Calls, long Successes, long Failures, long ClientErrors) Counts, IReadOnlyList<RequestRow> Requests, IReadOnlyList<ErrorRow> Errors, string[] Texts)
    {
        public static async Task<FilesUsage> ReadAsync(ProxyHost proxy)
        {
            await proxy.GetService<UsageFlusher>().WriteOnceAsync(CancellationToken.None);
            await proxy.GetService<UsageLogWriter>().WriteOnceAsync(CancellationToken.None);
            var (stats, statsText) = await proxy.AdminJsonAsync(HttpMethod.Get, "manage/stats?window=1h");
            var files = stats.GetProperty("1h").GetProperty("perModel").EnumerateArray().Single(model => model.GetProperty("name").GetString() == FileUpstream.QuotaName);
            var counts = files.GetProperty("counts");
            var (requests, requestsText) = await proxy.AdminJsonAsync(HttpMethod.Get, $"manage/logs/requests?model={FileUpstream.QuotaName}&pageSize=100");
            var (errors, errorsText) = await proxy.AdminJsonAsync(HttpMethod.Get, $"manage/logs/errors?model={FileUpstream.QuotaName}&pageSize=100");
            return new FilesUsage(
                (Number(counts, "calls"), Number(counts, "successes"), Number(counts, "failures"), Number(counts, "clientErrors")),
                [.. requests.GetProperty("items").EnumerateArray().Select(row => new RequestRow(
                    row.GetProperty("clientId").GetString()!, row.GetProperty("path").GetString()!,
                    row.GetProperty("statusCode").GetInt32(), row.GetProperty("attempts").GetInt32(), row.GetProperty("keyId").GetString()))],
                [.. errors.GetProperty("items").EnumerateArray().Select(row => new ErrorRow(
                    row.GetProperty("keyId").GetString()!, row.GetProperty("statusCode").GetInt32(), row.GetProperty("kind").GetString()!))],
                [statsText, requestsText, errorsText]);
        }

        public void AssertFreeOf(params string[] secrets)
        {
            foreach (var text in Texts)
            {
                Assert.All(secrets, secret => Assert.DoesNotContain(secret, text, StringComparison.Ordinal));
            }
        }

        private static long Number(JsonElement counts, string name) => counts.GetProperty(name).GetInt64();
    }
}
