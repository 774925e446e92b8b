using System.IO.Compression;
using System.Net.Http.Headers;
using System.Text;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using GeminiBalance.Tests.Integration;
using GeminiBalance.Tests.TestKit;
using GeminiBalance.Usage;

namespace GeminiBalance.Tests.Hostile;

/// <summary>
/// A representative traffic mix (every protocol, streams, stored responses, uploads, failing keys, the admin API and
/// the console's login), then a scan of everything it left behind for every key and token it used: the answers and
/// their headers, the log lines at Trace, the URLs and headers the upstream received, every table row and blob.
/// </summary>
[Collection(ProxyCollection.Name)]
public sealed class SecretScanTests(AzuriteFixture storage)
{
    private const string GoodKey = "AIzaSyScanGoodKey-secret-000000000000000";
    private const string InvalidKey = "AIzaSyScanInvalidKey-secret-0000000000000";
    private const string LimitedKey = "AIzaSyScanLimitedKey-secret-0000000000000";
    private const string AddedKey = "AIzaSyScanAddedKey-secret-00000000000000";
    private const string AdminToken = "admin-token-scan-secret";

    [Fact]
    public async Task NoKeyOrTokenIsInAnyAnswerLogUrlRowOrBlobAfterATrafficMix()
    {
        string[] secrets = [GoodKey, InvalidKey, LimitedKey, AddedKey, AdminToken, ProxyHost.ClientToken];
        await using var upstream = await EmulatedGemini.StartAsync();
        upstream.SetKey(GoodKey, new KeyBehavior.Good());
        upstream.SetKey(InvalidKey, new KeyBehavior.Invalid());
        upstream.SetKey(LimitedKey, new KeyBehavior.RateLimited(TimeSpan.FromSeconds(30)));
        upstream.SetKey(AddedKey, new KeyBehavior.Good());
        var prefix = ProxyHost.NewTablePrefix();
        await using var proxy = await ProxyHost.StartAsync(upstream, storage, [GoodKey, InvalidKey, LimitedKey], new Dictionary<string, string?>
        {
            ["AUTH_TOKEN"] = AdminToken,
            ["STORAGE_TABLE_PREFIX"] = prefix,
            ["MAX_FAILURES"] = "1",
        });

        var seen = new StringBuilder();
        async Task Send(HttpMethod method, string path, string? json, string auth, Action<HttpRequestMessage>? more = null)
        {
            using var request = new HttpRequestMessage(method, path);
            switch (auth)
            {
                case "bearer": request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", ProxyHost.ClientToken); break;
                case "x-api-key": request.Headers.Add("x-api-key", ProxyHost.ClientToken); break;
                case "x-goog-api-key": request.Headers.Add("x-goog-api-key", ProxyHost.ClientToken); break;
                case "admin": request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", AdminToken); break;
            }

            if (json is not null)
            {
                request.Content = new StringContent(json, Encoding.UTF8, "application/json");
            }

            more?.Invoke(request);
            using var response = await proxy.Client.SendAsync(request);
            seen.Append(response.StatusCode).Append(string.Join('\n', response.Headers.Concat(response.Content.Headers).Select(h => $"{h.Key}: {string.Join(',', h.Value)}")))
                .Append(await response.Content.ReadAsStringAsync()).Append('\n');
        }

        const string Native = """{"contents":[{"parts":[{"text":"hi"}]}]}""";
        const string Chat = """{"model":"gemini-2.5-flash","messages":[{"role":"user","content":"hi"}]}""";
        const string ChatStream = """{"model":"gemini-2.5-flash","stream":true,"messages":[{"role":"user","content":"hi"}]}""";
        for (var round = 0; round < 3; round++)
        {
            await Send(HttpMethod.Post, "v1beta/models/gemini-2.5-flash:generateContent", Native, "x-goog-api-key");
            await Send(HttpMethod.Post, $"v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse&key={ProxyHost.ClientToken}", Native, "none");
            await Send(HttpMethod.Post, "v1/chat/completions", Chat, "bearer");
            await Send(HttpMethod.Post, "v1/chat/completions", ChatStream, "bearer");
        }

        await Send(HttpMethod.Post, "v1/messages", """{"model":"claude-sonnet-4-5","max_tokens":16,"messages":[{"role":"user","content":"hi"}]}""", "x-api-key");
        await Send(HttpMethod.Post, "v1/messages", """{"model":"claude-sonnet-4-5","max_tokens":16,"stream":true,"messages":[{"role":"user","content":"hi"}]}""", "x-api-key");
        await Send(HttpMethod.Post, "v1/messages/count_tokens", """{"model":"claude-sonnet-4-5","messages":[{"role":"user","content":"hi"}]}""", "x-api-key");
        await Send(HttpMethod.Post, "v1/responses", """{"model":"gemini-2.5-flash","input":"hi","store":true}""", "bearer");
        await Send(HttpMethod.Post, "v1/embeddings", """{"model":"text-embedding-004","input":"hi"}""", "bearer");
        await Send(HttpMethod.Post, "v1beta/models/gemini-2.5-flash:countTokens", Native, "x-goog-api-key");
        await Send(HttpMethod.Get, "v1beta/models", null, "x-goog-api-key");
        await Send(HttpMethod.Get, "v1/models", null, "bearer");
        using (var start = ResumableUpload.Start("upload/v1beta/files", ProxyHost.ClientToken, 5, "text/plain", "notes"))
        using (var started = await proxy.Client.SendAsync(start))
        {
            var session = ResumableUpload.Header(started, "X-Goog-Upload-URL");
            seen.Append(session).Append(await started.Content.ReadAsStringAsync());
            using var upload = ResumableUpload.Command(session, "upload, finalize", 0, Encoding.ASCII.GetBytes("hello"), ProxyHost.ClientToken);
            using var uploaded = await proxy.Client.SendAsync(upload);
            seen.Append(await uploaded.Content.ReadAsStringAsync());
        }

        await Send(HttpMethod.Get, "v1beta/files", null, "x-goog-api-key");
        await Send(HttpMethod.Post, "manage/keys", $$"""{"keys":"{{AddedKey}}"}""", "admin");
        await Send(HttpMethod.Get, "manage/keys", null, "admin");
        await Send(HttpMethod.Post, "manage/keys/verify", "{\"ids\":[]}", "admin");
        await Send(HttpMethod.Get, "manage/logs/errors", null, "admin");
        await Send(HttpMethod.Get, "manage/logs/requests", null, "admin");
        await Send(HttpMethod.Get, "manage/config", null, "admin");
        await Send(HttpMethod.Get, "v1/keys/list", null, "admin");
        await Send(HttpMethod.Post, "console/login", $$"""{"token":"{{AdminToken}}"}""", "none");
        await Send(HttpMethod.Post, "console/login", """{"token":"wrong"}""", "none");
        await Send(HttpMethod.Get, "manage/stats", null, "admin");

        // The background writers' rounds, now: what they store is scanned too.
        await proxy.GetService<UsageFlusher>().WriteOnceAsync(CancellationToken.None);
        await proxy.GetService<UsageLogWriter>().WriteOnceAsync(CancellationToken.None);
        var stored = await StoredTextAsync(prefix);

        var upstreamSaw = string.Join('\n', upstream.Requests.Select(request => request.Path + " " + string.Join(' ', request.Headers.Where(h => h.Key != "x-goog-api-key").Select(h => h.Value))));
        Assert.NotEmpty(proxy.Logs.Lines);
        Assert.NotEmpty(upstream.Requests);
        Assert.Contains("requestlog", stored, StringComparison.Ordinal);
        foreach (var secret in secrets)
        {
            Assert.False(seen.ToString().Contains(secret, StringComparison.Ordinal), $"An answer carries {Name(secret)}.");
            Assert.DoesNotContain(proxy.Logs.Lines, line => line.Contains(secret, StringComparison.Ordinal));
            Assert.False(stored.Contains(secret, StringComparison.Ordinal), $"A stored row or blob holds {Name(secret)}: {Around(stored, secret)}");
            Assert.False(upstreamSaw.Contains(secret, StringComparison.Ordinal), $"An upstream URL or header (besides the key header) carries {Name(secret)}.");
        }
    }

    /// <summary>Every row of this proxy's tables and every blob in the account, as text (gzip opened).</summary>
    private async Task<string> StoredTextAsync(string prefix)
    {
        var text = new StringBuilder();
        var tables = new TableServiceClient(storage.ConnectionString);
        await foreach (var table in tables.QueryAsync(item => item.Name.CompareTo(prefix) >= 0 && item.Name.CompareTo(prefix + "~") < 0))
        {
            // The admin-added keys table holds the keys the pool uses, by design (as API_KEYS does in the settings).
            if (table.Name == prefix + "adminkeys")
            {
                continue;
            }

            await foreach (var row in tables.GetTableClient(table.Name).QueryAsync<TableEntity>())
            {
                text.Append(table.Name).Append(' ').AppendJoin(' ', row.Select(pair => $"{pair.Key}={Readable(pair.Value)}")).Append('\n');
            }
        }

        var blobs = new BlobServiceClient(storage.ConnectionString);
        await foreach (var container in blobs.GetBlobContainersAsync())
        {
            var client = blobs.GetBlobContainerClient(container.Name);
            await foreach (var blob in client.GetBlobsAsync())
            {
                var content = (await client.GetBlobClient(blob.Name).DownloadContentAsync()).Value.Content.ToArray();
                text.Append(container.Name).Append('/').Append(blob.Name).Append(' ').Append(Readable(content)).Append('\n');
            }
        }

        return text.ToString();
    }

    private static string Readable(object? value) => value switch
    {
        byte[] bytes when bytes.Length > 2 && bytes[0] == 0x1f && bytes[1] == 0x8b => Gunzip(bytes),
        byte[] bytes => Encoding.UTF8.GetString(bytes),
        _ => value?.ToString() ?? "",
    };

    private static string Gunzip(byte[] bytes)
    {
        using var gzip = new GZipStream(new MemoryStream(bytes), CompressionMode.Decompress);
        using var reader = new StreamReader(gzip);
        return reader.ReadToEnd();
    }

    private static string Name(string secret) => secret[..12] + "…";

    private static string Around(string text, string secret) =>
        text.IndexOf(secret, StringComparison.Ordinal) is var at and >= 0 ? text[Math.Max(0, at - 150)..Math.Min(text.Length, at + 50)].Replace(secret, "<SECRET>", StringComparison.Ordinal) : "";
}
