using System.Diagnostics.Tracing;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Azure.Core.Diagnostics;
using Azure.Core.Pipeline;
using GeminiBalance.Hosting;
using GeminiBalance.Storage;
using GeminiBalance.Tests.TestKit;

namespace GeminiBalance.Tests.Storage;

public sealed class TableSharedKeyTests
{
    // A made-up key, so a leak of it is detectable by plain substring search.
    private static readonly string Key = Convert.ToBase64String(Encoding.ASCII.GetBytes("not-a-real-key-but-64-bytes-long-so-it-looks-like-one-0123456789"));
    private static readonly DateTimeOffset Noon = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void StringToSign_PathStyleEmulatorUrl_NamesTheAccountTwice()
    {
        var signed = TableSharedKeyPolicy.StringToSign(
            "POST", null, "application/json", "Sun, 01 Jun 2025 12:00:00 GMT", new Uri("http://127.0.0.1:10002/devstoreaccount1/Tables"), "devstoreaccount1");

        Assert.Equal("POST\n\napplication/json\nSun, 01 Jun 2025 12:00:00 GMT\n/devstoreaccount1/devstoreaccount1/Tables", signed);
    }

    [Fact]
    public void StringToSign_KeepsOnlyTheCompParameterOfTheQuery()
    {
        var signed = TableSharedKeyPolicy.StringToSign(
            "GET", null, null, "d", new Uri("https://acct.table.core.windows.net/?restype=service&comp=properties"), "acct");
        var query = TableSharedKeyPolicy.StringToSign(
            "GET", null, null, "d", new Uri("https://acct.table.core.windows.net/t()?$filter=a%20eq%201&$top=2"), "acct");

        Assert.Equal("GET\n\n\nd\n/acct/?comp=properties", signed);
        Assert.Equal("GET\n\n\nd\n/acct/t()", query);
    }

    [Fact]
    public async Task EachRequestIsSignedWithTheKeyOverDateTypeAndResource()
    {
        var handler = new RecordingHandler(HttpStatusCode.NoContent);
        var options = new TableClientOptions { TimeProvider = new ManualTimeProvider(Noon), Transport = new HttpClientTransport(new HttpClient(handler)) };
        var table = new TableServiceClient(new Uri("http://127.0.0.1:10002/devstoreaccount1"), new TableSharedKeyCredential("devstoreaccount1", Key), options)
            .GetTableClient("keys");

        await table.CreateIfNotExistsAsync(CancellationToken.None);

        var request = Assert.Single(handler.Requests);
        var date = Assert.Single(request.Headers.GetValues("x-ms-date"));
        Assert.Equal("Sun, 01 Jun 2025 12:00:00 GMT", date);
        var expected = Convert.ToBase64String(HMACSHA256.HashData(
            Convert.FromBase64String(Key),
            Encoding.UTF8.GetBytes($"POST\n\napplication/json\n{date}\n/devstoreaccount1/devstoreaccount1/Tables")));
        Assert.Equal($"SharedKey devstoreaccount1:{expected}", Assert.Single(request.Headers.GetValues("Authorization")));
        Assert.Equal("2019-02-02", Assert.Single(request.Headers.GetValues("x-ms-version")));
        Assert.Equal("application/json", request.Content?.Headers.ContentType?.ToString());
    }

    [Fact]
    public async Task AzureCoreLogsRedactTheAuthorizationHeader()
    {
        var handler = new RecordingHandler(HttpStatusCode.NoContent);
        var options = new TableClientOptions { Transport = new HttpClientTransport(new HttpClient(handler)) };
        var table = new TableServiceClient(new Uri("http://127.0.0.1:10002/devstoreaccount1"), new TableSharedKeyCredential("devstoreaccount1", Key), options)
            .GetTableClient("logged");
        var logs = new List<string>();
        using (new AzureEventSourceListener((_, message) => { lock (logs) { logs.Add(message); } }, EventLevel.Verbose))
        {
            await table.CreateIfNotExistsAsync(CancellationToken.None);
        }

        var signature = Assert.Single(handler.Requests.Single().Headers.GetValues("Authorization"))["SharedKey devstoreaccount1:".Length..];
        string text;
        lock (logs)
        {
            text = string.Join('\n', logs);
        }

        Assert.Contains("/devstoreaccount1/Tables", text);
        Assert.Contains("REDACTED", text);
        Assert.DoesNotContain(signature, text);
        Assert.DoesNotContain(Key, text);
    }

    [Fact]
    public void TheKeyAppearsInNoStringOrException()
    {
        var credential = new TableSharedKeyCredential("acct", Key);
        var policy = new TableSharedKeyPolicy(credential, TimeProvider.System);
        var connection = StorageConnectionString.Parse($"AccountName=acct;AccountKey={Key}");
        var badKey = Key[..^4] + "!@#$";
        var invalid = Assert.Throws<ArgumentException>(() => new TableSharedKeyCredential("acct", badKey));

        Assert.DoesNotContain(Key, credential.ToString());
        Assert.DoesNotContain(Key, policy.ToString());
        Assert.DoesNotContain(Key, connection.ToString());
        Assert.Contains("(redacted)", connection.ToString());
        Assert.DoesNotContain(badKey, invalid.ToString());
        Assert.Null(invalid.InnerException);
    }

    [Fact]
    public void FactoryUsesSharedKeyForAConnectionStringAndAnIdentityForAnAccountName()
    {
        var keyed = TableServiceClientFactory.Create(new StorageOptions("UseDevelopmentStorage=true", null));
        var identity = TableServiceClientFactory.Create(new StorageOptions(null, "myaccount"));

        Assert.Equal(new Uri("http://127.0.0.1:10002/devstoreaccount1"), Assert.IsType<TableServiceClient>(keyed).Endpoint);
        Assert.Equal(new Uri("https://myaccount.table.core.windows.net"), Assert.IsType<TableServiceClient>(identity).Endpoint);
        Assert.Throws<SettingException>(() => TableServiceClientFactory.Create(new StorageOptions(null, null)));
    }
}
