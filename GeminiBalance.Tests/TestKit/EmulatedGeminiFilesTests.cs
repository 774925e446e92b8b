using System.Net;
using System.Security.Cryptography;
using static GeminiBalance.Tests.TestKit.EmulatedGeminiWire;
using static GeminiBalance.Tests.TestKit.ResumableUpload;

namespace GeminiBalance.Tests.TestKit;

/// <summary>The emulator's Files API: the resumable protocol, multipart uploads, and per-key ownership like Google's.</summary>
public sealed class EmulatedGeminiFilesTests : EmulatedGeminiFixture
{
    private const string Upload = "/upload/v1beta/files";

    [Fact]
    public async Task ResumableUploadInChunksMakesAFileOwnedByTheStartingKey()
    {
        var bytes = Bytes(1000);
        using var start = await Http.SendAsync(Start(Upload, GoodKey, bytes.Length, "text/plain", "notes", keyInQuery: true));
        Assert.Equal(HttpStatusCode.OK, start.StatusCode);
        Assert.Equal("active", Header(start, "X-Goog-Upload-Status"));
        var sessionUrl = Header(start, "X-Goog-Upload-URL");
        // Like Google: its own host, and the start's ?key= repeated in the URL.
        Assert.StartsWith($"{Gemini.BaseUrl}upload/v1beta/files?key={GoodKey}&upload_id=", sessionUrl);
        Assert.EndsWith("&upload_protocol=resumable", sessionUrl);

        using var first = await Http.SendAsync(Command(sessionUrl, "upload", 0, bytes.AsMemory(0, 600)));
        Assert.Equal("active", Header(first, "X-Goog-Upload-Status"));
        using var query = await Http.SendAsync(Command(sessionUrl, "query"));
        Assert.Equal("600", Header(query, "X-Goog-Upload-Size-Received"));
        using var last = await Http.SendAsync(Command(sessionUrl, "upload, finalize", 600, bytes.AsMemory(600)));

        Assert.Equal(HttpStatusCode.OK, last.StatusCode);
        Assert.Equal("final", Header(last, "X-Goog-Upload-Status"));
        var file = (await ReadJsonAsync(last))["file"]!;
        var name = (string)file["name"]!;
        Assert.StartsWith("files/", name);
        Assert.Equal("notes", (string?)file["displayName"]);
        Assert.Equal("text/plain", (string?)file["mimeType"]);
        Assert.Equal("1000", (string?)file["sizeBytes"]);
        Assert.Equal(Convert.ToBase64String(SHA256.HashData(bytes)), (string?)file["sha256Hash"]);
        Assert.Equal($"https://generativelanguage.googleapis.com/v1beta/{name}", (string?)file["uri"]);
        Assert.Equal("ACTIVE", (string?)file["state"]);
        Assert.Equal("UPLOADED", (string?)file["source"]);
        Assert.True(DateTimeOffset.Parse((string)file["expirationTime"]!.ToString()[..27] + "Z") > DateTimeOffset.UtcNow.AddHours(47));
        Assert.Equal(GoodKey, Gemini.FindFile(name["files/".Length..])!.OwnerKey);
    }

    [Fact]
    public async Task WrongOffsetIsRefusedWithWhereToResumeAndCancelEndsTheSession()
    {
        using var start = await Http.SendAsync(Start(Upload, GoodKey, 10, "text/plain"));
        var sessionUrl = Header(start, "X-Goog-Upload-URL");
        Assert.DoesNotContain("key=", sessionUrl);

        using var wrong = await Http.SendAsync(Command(sessionUrl, "upload", 5, Bytes(5)));
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        Assert.Equal("0", Header(wrong, "X-Goog-Upload-Size-Received"));

        Gemini.SetKey("other-key", new KeyBehavior.Good());
        var (status, _) = await Http.SendForErrorAsync(Command(sessionUrl, "upload", 0, Bytes(5), key: "other-key"));
        Assert.Equal(HttpStatusCode.Forbidden, status);

        using var cancel = await Http.SendAsync(Command(sessionUrl, "cancel"));
        Assert.Equal("cancelled", Header(cancel, "X-Goog-Upload-Status"));
        using var after = await Http.SendAsync(Command(sessionUrl, "upload, finalize", 0, Bytes(10)));
        Assert.Equal(HttpStatusCode.NotFound, after.StatusCode);
        Assert.Empty(Gemini.Files);
    }

    [Fact]
    public async Task FilesAreVisibleOnlyToTheirOwnersKey()
    {
        Gemini.SetKey("other-key", new KeyBehavior.Good());
        using var upload = await Http.SendAsync(Multipart(Upload, GoodKey, Bytes(50), "image/png", "mine"));
        Assert.Equal(HttpStatusCode.OK, upload.StatusCode);
        var name = (string)(await ReadJsonAsync(upload))["file"]!["name"]!;
        Assert.Equal(50, Gemini.FindFile(name["files/".Length..])!.SizeBytes);

        var (status, error) = await Http.SendForErrorAsync(Get($"/v1beta/{name}", "other-key"));
        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Equal($"You do not have permission to access the File {name} or it may not exist.", (string?)error["message"]);
        using var othersList = await Http.SendAsync(Get("/v1beta/files", "other-key"));
        Assert.Null((await ReadJsonAsync(othersList))["files"]);

        using var mine = await Http.SendAsync(Get($"/v1beta/{name}", GoodKey));
        Assert.Equal("mine", (string?)(await ReadJsonAsync(mine))["displayName"]);
        using var ownList = await Http.SendAsync(Get("/v1beta/files", GoodKey));
        Assert.Equal(name, (string?)(await ReadJsonAsync(ownList))["files"]![0]!["name"]);

        using var delete = await Http.SendAsync(new HttpRequestMessage(HttpMethod.Delete, $"/v1beta/{name}") { Headers = { { "x-goog-api-key", GoodKey } } });
        Assert.Equal("{}", (await ReadJsonAsync(delete)).ToJsonString());
        Assert.Empty(Gemini.Files);
        Assert.Equal([GoodKey, "other-key", "other-key", GoodKey, GoodKey, GoodKey], Gemini.Requests.Select(request => request.Key));
    }
}
