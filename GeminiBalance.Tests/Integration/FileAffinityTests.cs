using System.Net;
using System.Text.Json.Nodes;
using GeminiBalance.Auth;
using GeminiBalance.Files;
using GeminiBalance.Keys;
using GeminiBalance.Storage;
using GeminiBalance.Tests.TestKit;
using GeminiBalance.Tests.TestKit.GeminiEmulator;
using Microsoft.Extensions.DependencyInjection;
using OpenAI.Chat;

#pragma warning disable OPENAI001 // ChatMessageContentPart.CreateFilePart(fileId) is marked experimental in the SDK.

namespace GeminiBalance.Tests.Integration;

/// <summary>
/// Every use of an uploaded file goes to the key whose project holds it, and only there (issue #6): a 4-key pool, the
/// emulator refusing files to every other key as Google does, and the proxy's file records in Azurite.
/// </summary>
[Collection(ProxyCollection.Name)]
public sealed class FileAffinityTests(AzuriteFixture storage)
{
    private const string Model = "gemini-2.5-flash";
    private const string Owner = "key-c-owner";
    private const string OtherClientToken = "other-client-token";
    private static readonly string[] Keys = ["key-a", "key-b", Owner, "key-d"];

    private static string Native(string fileUri) =>
        $$$"""{"contents":[{"role":"user","parts":[{"text":"describe it"},{"fileData":{"mimeType":"image/png","fileUri":"{{{fileUri}}}"}}]}]}""";

    [Theory]
    [InlineData("generateContent", "files/photo-1")]
    [InlineData("streamGenerateContent?alt=sse", "https://generativelanguage.googleapis.com/v1beta/files/photo-1")]
    [InlineData("streamGenerateContent", "files/photo-1")]
    [InlineData("countTokens", "https://generativelanguage.googleapis.com/v1/files/photo-1")]
    public async Task NativeCallsWithAFileReachTheOwnerKeyEveryTime(string action, string fileUri)
    {
        await using var setup = await Setup.StartAsync(storage);
        await setup.UploadAsync("photo-1", Owner);

        for (var i = 0; i < 6; i++)
        {
            using var response = await setup.Proxy.Client.SendAsync(setup.Proxy.Request(HttpMethod.Post, $"v1beta/models/{Model}:{action}", Native(fileUri)));
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.OK, body);
            Assert.DoesNotContain("PERMISSION_DENIED", body);
        }

        Assert.Equal(Enumerable.Repeat(Owner, 6), setup.Upstream.Requests.Select(request => request.Key));
    }

    [Fact]
    public async Task GoogleGenAiSdkUsingAFileReachesTheOwnerKeyEveryTime()
    {
        await using var setup = await Setup.StartAsync(storage);
        await setup.UploadAsync("sdk-file", Owner);

        var output = await NodeScript.RunAsync("genai-sdk-file-use.mjs", setup.Proxy.BaseUrl.ToString().TrimEnd('/'), ProxyHost.ClientToken,
            "https://generativelanguage.googleapis.com/v1beta/files/sdk-file", "image/png", "3");

        var result = JsonNode.Parse(output)!;
        Assert.All(result["generate"]!.AsArray(), text => Assert.Equal("echo: describe the file", (string?)text));
        Assert.All(result["stream"]!.AsArray(), text => Assert.False(string.IsNullOrEmpty((string?)text)));
        Assert.Equal(3, result["countTokens"]!.AsArray().Count);
        Assert.Equal(Enumerable.Repeat(Owner, 9), setup.Upstream.Requests.Select(request => request.Key));
    }

    [Fact]
    public async Task OpenAiChatWithAFileIdReachesTheOwnerKey()
    {
        await using var setup = await Setup.StartAsync(storage);
        await setup.UploadAsync("report", Owner);
        var client = OpenAiSdk.Client(setup.Proxy).GetChatClient(Model);

        for (var i = 0; i < 3; i++)
        {
            ChatCompletion completion = await client.CompleteChatAsync(
                [new UserChatMessage(ChatMessageContentPart.CreateTextPart("summarize"), ChatMessageContentPart.CreateFilePart("files/report"))]);
            Assert.Equal("echo: summarize", completion.Content[0].Text);
        }

        Assert.Equal(Enumerable.Repeat(Owner, 3), setup.Upstream.Requests.Select(request => request.Key));
        var part = JsonNode.Parse(setup.Upstream.Requests[0].Body)!["contents"]![0]!["parts"]![1]!;
        Assert.Equal("https://generativelanguage.googleapis.com/v1beta/files/report", (string?)part["fileData"]!["fileUri"]);
    }

    [Theory]
    [InlineData("v1/messages", """{"model":"gemini-2.5-flash","max_tokens":50,"messages":[{"role":"user","content":[{"type":"text","text":"summarize"},{"type":"document","source":{"type":"file","file_id":"files/report"}}]}]}""")]
    [InlineData("v1/messages", """{"model":"gemini-2.5-flash","max_tokens":50,"stream":true,"messages":[{"role":"user","content":[{"type":"text","text":"summarize"},{"type":"image","source":{"type":"file","file_id":"files/report"}}]}]}""")]
    [InlineData("v1/messages/count_tokens", """{"model":"gemini-2.5-flash","messages":[{"role":"user","content":[{"type":"text","text":"summarize"},{"type":"document","source":{"type":"file","file_id":"files/report"}}]}]}""")]
    [InlineData("v1/responses", """{"model":"gemini-2.5-flash","input":[{"role":"user","content":[{"type":"input_text","text":"summarize"},{"type":"input_file","file_id":"files/report"}]}]}""")]
    [InlineData("v1/responses", """{"model":"gemini-2.5-flash","stream":true,"input":[{"role":"user","content":[{"type":"input_text","text":"summarize"},{"type":"input_image","file_id":"files/report"}]}]}""")]
    [InlineData("v1/chat/completions", """{"model":"gemini-2.5-flash","messages":[{"role":"user","content":[{"type":"text","text":"summarize"},{"type":"image_url","image_url":{"url":"https://generativelanguage.googleapis.com/v1beta/files/report"}}]}]}""")]
    [InlineData("v1/messages", """{"model":"gemini-2.5-flash","max_tokens":50,"messages":[{"role":"user","content":[{"type":"text","text":"summarize"},{"type":"image","source":{"type":"url","url":"https://generativelanguage.googleapis.com/v1beta/files/report"}}]}]}""")]
    public async Task TranslatedFileReferencesReachTheOwnerKey(string path, string json)
    {
        await using var setup = await Setup.StartAsync(storage);
        await setup.UploadAsync("report", Owner);

        for (var i = 0; i < 3; i++)
        {
            using var response = await setup.Proxy.Client.SendAsync(OpenAiSdk.Request(HttpMethod.Post, path, json));
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.OK, body);
            Assert.DoesNotContain("permission", body, StringComparison.OrdinalIgnoreCase);
        }

        Assert.Equal(Enumerable.Repeat(Owner, 3), setup.Upstream.Requests.Select(request => request.Key));
    }

    [Fact]
    public async Task EveryInstanceSendsTheFileToItsOwnerAndLearnsWhenTheOwnerCools()
    {
        await using var upstream = await EmulatedGemini.StartAsync();
        foreach (var key in Keys)
        {
            upstream.SetKey(key, new KeyBehavior.Good());
        }

        await using var instances = await ProxyInstances.StartAsync(3, upstream, storage, Keys);
        upstream.AddFile(new EmulatedFile("shared", Owner, "image/png", 68, DateTimeOffset.UtcNow.AddHours(48)));
        await instances[0].GetService<IFileRecords>().SaveAsync(
            new FileRecord(ShortId.From(ProxyHost.ClientToken), "shared", PoolKey.From(Owner).Id, DateTimeOffset.UtcNow.AddHours(48), "{}"), default);

        for (var i = 0; i < 6; i++)
        {
            var proxy = instances[i % 3];
            using var response = await proxy.Client.SendAsync(proxy.Request(HttpMethod.Post, $"v1beta/models/{Model}:generateContent", Native("files/shared")));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        Assert.Equal(Enumerable.Repeat(Owner, 6), upstream.Requests.Select(request => request.Key));

        // The owner's own 429 is the client's answer on the instance that saw it; the others learn of the cooling from storage.
        upstream.SetKey(Owner, new KeyBehavior.RateLimited(TimeSpan.FromSeconds(120), Model: Model));
        using (var limited = await instances[0].Client.SendAsync(instances[0].Request(HttpMethod.Post, $"v1beta/models/{Model}:generateContent", Native("files/shared"))))
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        }

        await instances.SyncAllAsync();
        upstream.ClearRequests();
        using var cooling = await instances[2].Client.SendAsync(instances[2].Request(HttpMethod.Post, $"v1beta/models/{Model}:generateContent", Native("files/shared")));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, cooling.StatusCode);
        Assert.InRange(cooling.Headers.RetryAfter?.Delta?.TotalSeconds ?? 0, 1, 120);
        Assert.Empty(upstream.Requests);
    }

    [Fact]
    public async Task OwnerCoolingGets503WithRetryAfterAndNoOtherKeyIsAsked()
    {
        await using var setup = await Setup.StartAsync(storage);
        await setup.UploadAsync("photo-1", Owner);
        setup.Pool.ReportFailure(PoolKey.From(Owner), Model, new UpstreamFailure(FailureKind.RateLimited, RetryAfter: TimeSpan.FromSeconds(90)));

        using var response = await setup.Proxy.Client.SendAsync(setup.Proxy.Request(HttpMethod.Post, $"v1beta/models/{Model}:generateContent", Native("files/photo-1")));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.InRange(response.Headers.RetryAfter?.Delta?.TotalSeconds ?? 0, 1, 90);
        var message = await ErrorMessageAsync(response);
        Assert.Contains("files/photo-1", message);
        Assert.Contains("rate-limited", message);
        Assert.Empty(setup.Upstream.Requests);

        // Cooling is per model: the same file on another model goes through, still to its owner.
        using var otherModel = await setup.Proxy.Client.SendAsync(setup.Proxy.Request(HttpMethod.Post, "v1beta/models/gemini-2.5-pro:generateContent", Native("files/photo-1")));
        Assert.Equal(HttpStatusCode.OK, otherModel.StatusCode);
        Assert.Equal([Owner], setup.Upstream.Requests.Select(request => request.Key));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task OwnerInvalidOrDisabledGets503AndNoOtherKeyIsAsked(bool disabled)
    {
        await using var setup = await Setup.StartAsync(storage);
        await setup.UploadAsync("photo-1", Owner);
        var owner = PoolKey.From(Owner);
        if (disabled)
        {
            setup.Pool.Disable(owner);
        }
        else
        {
            setup.Pool.ReportFailure(owner, Model, UpstreamFailure.KeyInvalid);
        }

        using var request = OpenAiSdk.Request(HttpMethod.Post, "v1/chat/completions",
            """{"model":"gemini-2.5-flash","messages":[{"role":"user","content":[{"type":"file","file":{"file_id":"files/photo-1"}}]}]}""");
        using var response = await setup.Proxy.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        var error = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!;
        Assert.Contains("holds files/photo-1 is unavailable", (string?)error["message"]);
        Assert.Equal("server_error", (string?)error["type"]);
        Assert.Empty(setup.Upstream.Requests);
    }

    [Fact]
    public async Task OwnerRemovedFromThePoolMakesTheFileGoneNotA500()
    {
        await using var setup = await Setup.StartAsync(storage);
        await setup.UploadAsync("orphan", "a-key-no-longer-in-the-pool");

        using var response = await setup.Proxy.Client.SendAsync(setup.Proxy.Request(HttpMethod.Post, $"v1beta/models/{Model}:generateContent", Native("files/orphan")));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("File files/orphan no longer exists", await ErrorMessageAsync(response));
        Assert.Empty(setup.Upstream.Requests);
    }

    [Fact]
    public async Task FilesOfTwoKeysInOneRequestGet400NamingThem()
    {
        await using var setup = await Setup.StartAsync(storage);
        await setup.UploadAsync("from-c", Owner);
        await setup.UploadAsync("from-a", "key-a");
        var body = """{"contents":[{"parts":[{"fileData":{"fileUri":"files/from-c"}},{"fileData":{"fileUri":"files/from-a"}}]}]}""";

        using var response = await setup.Proxy.Client.SendAsync(setup.Proxy.Request(HttpMethod.Post, $"v1beta/models/{Model}:generateContent", body));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var message = await ErrorMessageAsync(response);
        Assert.Contains("different API keys", message);
        Assert.Contains("files/from-c; files/from-a", message);
        Assert.Empty(setup.Upstream.Requests);
    }

    [Fact]
    public async Task UnknownExpiredAndOtherClientsFilesGetGoogles403WithoutAnUpstreamCall()
    {
        await using var setup = await Setup.StartAsync(storage);
        await setup.UploadAsync("theirs", Owner, clientToken: OtherClientToken);
        await setup.UploadAsync("stale", Owner, expiresIn: TimeSpan.FromSeconds(-5));

        var messages = new List<string>();
        foreach (var id in new[] { "never-uploaded", "theirs", "stale" })
        {
            using var response = await setup.Proxy.Client.SendAsync(setup.Proxy.Request(HttpMethod.Post, $"v1beta/models/{Model}:generateContent", Native($"files/{id}")));
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            messages.Add(await ErrorMessageAsync(response));
        }

        Assert.Equal(
            ["never-uploaded", "theirs", "stale"],
            messages.Select(message => message.Replace("You do not have permission to access the File files/", "").Replace(" or it may not exist.", "")));
        Assert.Empty(setup.Upstream.Requests);

        // The owner of "theirs" uses it as usual.
        using var theirs = new HttpRequestMessage(HttpMethod.Post, $"v1beta/models/{Model}:generateContent") { Content = new StringContent(Native("files/theirs")) };
        theirs.Headers.Add("x-goog-api-key", OtherClientToken);
        using var answer = await setup.Proxy.Client.SendAsync(theirs);
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Equal([Owner], setup.Upstream.Requests.Select(request => request.Key));
    }

    [Fact]
    public async Task SingleQuotedJsonNamingAFileGets400RatherThanAGuessedKey()
    {
        await using var setup = await Setup.StartAsync(storage);
        await setup.UploadAsync("photo-1", Owner);

        using var response = await setup.Proxy.Client.SendAsync(setup.Proxy.Request(HttpMethod.Post, $"v1beta/models/{Model}:generateContent",
            "{'contents':[{'parts':[{'file_data':{'file_uri':'files/photo-1'}}]}]}"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("standard JSON", await ErrorMessageAsync(response));
        Assert.Empty(setup.Upstream.Requests);
    }

    [Fact]
    public async Task UpstreamRefusingTheFileBlamesNoKeyAndTriesNoOther()
    {
        await using var setup = await Setup.StartAsync(storage);
        // The record says key-b, but Google holds the file in the owner's project: key-b is refused by Google.
        await setup.UploadAsync("moved", Owner);
        await setup.Records.SaveAsync(new FileRecord(ShortId.From(ProxyHost.ClientToken), "moved", PoolKey.From("key-b").Id, DateTimeOffset.UtcNow.AddHours(1), "{}"), default);

        for (var i = 0; i < 2; i++)
        {
            using var response = await setup.Proxy.Client.SendAsync(setup.Proxy.Request(HttpMethod.Post, $"v1beta/models/{Model}:generateContent", Native("files/moved")));
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            Assert.Equal("You do not have permission to access the File files/moved or it may not exist.", await ErrorMessageAsync(response));
        }

        Assert.Equal(["key-b", "key-b"], setup.Upstream.Requests.Select(request => request.Key));
        Assert.Same(KeyHealth.Fresh, setup.Pool.HealthOf(PoolKey.From("key-b")));
    }

    [Fact]
    public async Task TransientFailureOfTheOwnerIsTheClientsAnswer()
    {
        await using var setup = await Setup.StartAsync(storage);
        await setup.UploadAsync("photo-1", Owner);
        setup.Upstream.SetKey(Owner, new KeyBehavior.Unavailable());

        using var response = await setup.Proxy.Client.SendAsync(setup.Proxy.Request(HttpMethod.Post, $"v1beta/models/{Model}:generateContent", Native("files/photo-1")));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Contains("overloaded", await ErrorMessageAsync(response));
        Assert.Equal([Owner], setup.Upstream.Requests.Select(request => request.Key));
    }

    [Fact]
    public async Task RequestsWithoutFilesNeverReadTheFileRecords()
    {
        await using var setup = await Setup.StartAsync(storage);
        await setup.UploadAsync("photo-1", Owner);

        foreach (var body in new[]
        {
            """{"contents":[{"parts":[{"text":"files/photo-1 is just text"}]}]}""",
            """{"contents":[{"parts":[{"fileData":{"fileUri":"https://www.youtube.com/watch?v=x"}}]}]}""",
            """{"contents":[{"parts":[{"text":"caf\u00e9"}]}]}""",
        })
        {
            using var response = await setup.Proxy.Client.SendAsync(setup.Proxy.Request(HttpMethod.Post, $"v1beta/models/{Model}:generateContent", body));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        Assert.Equal(0, setup.Counting.Finds);
        using var withFile = await setup.Proxy.Client.SendAsync(setup.Proxy.Request(HttpMethod.Post, $"v1beta/models/{Model}:generateContent", Native("files/photo-1")));
        Assert.Equal(HttpStatusCode.OK, withFile.StatusCode);
        Assert.Equal(1, setup.Counting.Finds);
    }

    private static async Task<string> ErrorMessageAsync(HttpResponseMessage response) =>
        (string?)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!["message"] ?? "";

    /// <summary>The emulator with four good keys, the proxy in front of it, and a way to "upload" a file as the Files API would record it.</summary>
    private sealed class Setup(EmulatedGemini upstream, ProxyHost proxy, CountingFileRecords counting) : IAsyncDisposable
    {
        public EmulatedGemini Upstream => upstream;

        public ProxyHost Proxy => proxy;

        public CountingFileRecords Counting => counting;

        public IFileRecords Records => counting.Inner;

        public KeyPool Pool => proxy.GetService<KeyPool>();

        public static async Task<Setup> StartAsync(AzuriteFixture storage)
        {
            var upstream = await EmulatedGemini.StartAsync();
            foreach (var key in Keys)
            {
                upstream.SetKey(key, new KeyBehavior.Good());
            }

            CountingFileRecords? counting = null;
            var proxy = await ProxyHost.StartAsync(upstream, storage, Keys,
                new Dictionary<string, string?> { ["ALLOWED_TOKENS"] = $"{ProxyHost.ClientToken},{OtherClientToken}", ["MAX_RETRIES"] = "4" },
                services => services.AddSingleton<IFileRecords>(provider =>
                    counting = new CountingFileRecords(ActivatorUtilities.CreateInstance<TableFileRecords>(provider))));
            _ = proxy.GetService<IFileRecords>();
            return new Setup(upstream, proxy, counting!);
        }

        /// <summary>What a finalized upload leaves behind: the file in the owner key's project, and the proxy's record of it.</summary>
        public async Task UploadAsync(string id, string ownerKey, string clientToken = ProxyHost.ClientToken, TimeSpan? expiresIn = null)
        {
            var expiresAt = DateTimeOffset.UtcNow + (expiresIn ?? TimeSpan.FromHours(48));
            upstream.AddFile(new EmulatedFile(id, ownerKey, "image/png", 68, expiresAt));
            var resource = new JsonObject { ["name"] = $"files/{id}", ["mimeType"] = "image/png", ["uri"] = $"https://generativelanguage.googleapis.com/v1beta/files/{id}" };
            await Records.SaveAsync(new FileRecord(ShortId.From(clientToken), id, PoolKey.From(ownerKey).Id, expiresAt, resource.ToJsonString()), default);
        }

        public async ValueTask DisposeAsync()
        {
            await proxy.DisposeAsync();
            await upstream.DisposeAsync();
        }
    }

    /// <summary>The app's own file records, counting the lookups the request path makes.</summary>
    private sealed class CountingFileRecords(IFileRecords inner) : IFileRecords
    {
        private int _finds;

        public IFileRecords Inner => inner;

        public int Finds => Volatile.Read(ref _finds);

        public Task SaveAsync(FileRecord record, CancellationToken cancellationToken) => inner.SaveAsync(record, cancellationToken);

        public Task<FileRecord?> FindAsync(string clientId, string fileId, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _finds);
            return inner.FindAsync(clientId, fileId, cancellationToken);
        }

        public Task<FileRecordPage> ListAsync(string clientId, int pageSize, string? pageToken, CancellationToken cancellationToken) =>
            inner.ListAsync(clientId, pageSize, pageToken, cancellationToken);

        public Task DeleteAsync(string clientId, string fileId, CancellationToken cancellationToken) => inner.DeleteAsync(clientId, fileId, cancellationToken);

        public IAsyncEnumerable<FileRecord> ExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken) => inner.ExpiredAsync(now, cancellationToken);
    }
}
