using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Azure;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using GeminiBalance.Hosting;
using GeminiBalance.Keys;
using GeminiBalance.Storage;
using GeminiBalance.Tests.TestKit;
using Microsoft.Extensions.Azure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace GeminiBalance.Tests.Storage;

/// <summary>
/// Identity-based storage as on Azure: the clients the app registers from service URIs, sending Bearer tokens from a
/// <see cref="Azure.Core.TokenCredential"/>, against an Azurite of its own on HTTPS (Bearer tokens never travel over
/// plain HTTP) that checks each token's issuer, audience and lifetime. The client trusts exactly the certificate the test made.
/// </summary>
public sealed class ManagedIdentityStorageTests : IAsyncLifetime
{
    private static readonly CancellationToken None = CancellationToken.None;

    private readonly SelfSignedCertificate _certificate = new();
    private AzuriteFixture? _azurite;

    private AzuriteFixture Azurite => _azurite ?? throw new InvalidOperationException("Not started.");

    public async Task InitializeAsync()
    {
        _azurite = AzuriteFixture.WithOAuth(_certificate.CertificatePath, _certificate.KeyPath);
        await _azurite.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        if (_azurite is not null)
        {
            await _azurite.DisposeAsync();
        }

        _certificate.Dispose();
    }

    [Fact]
    public async Task StoresWorkOnTablesAndBlobsWithTokensFromTheCredential()
    {
        var credential = new EmulatorTokenCredential("https://storage.azure.com");
        await using var clients = Registered(credential);
        var tables = new StorageTables(ProxyHost.NewTablePrefix());

        // A read-modify-write on the keys table, twice: the second applies on top of the first.
        var keys = new TableKeyStateStore(clients.GetRequiredService<TableServiceClient>(), tables);
        await keys.ApplyAsync(new KeyTransition("key1", health => health with { TotalFailures = health.TotalFailures + 2 }), None);
        await keys.ApplyAsync(new KeyTransition("key1", health => health with { TotalFailures = health.TotalFailures + 1 }), None);

        // A stored response too large for a row: a blob, then a row pointing at it.
        var responses = new TableResponseStore(
            clients.GetRequiredService<TableServiceClient>(), tables, clients.GetRequiredService<BlobServiceClient>().GetBlobContainerClient($"c{Guid.NewGuid():N}"),
            Options(), TimeProvider.System);
        var text = Convert.ToBase64String(RandomNumberGenerator.GetBytes(500_000));
        var id = "resp_" + new string('m', 32);
        await responses.SaveAsync(Response(id, text), None);

        Assert.Equal(3, (await keys.LoadAsync(None))["key1"].TotalFailures);
        var read = await responses.GetAsync(id, "owner", None);
        Assert.Equal(text, read?.Response["text"]?.GetValue<string>());
        Assert.NotEmpty(credential.Scopes);
        Assert.All(credential.Scopes, scope => Assert.Equal("https://storage.azure.com/.default", scope));
    }

    [Fact]
    public async Task ATokenForAnotherAudienceIsRefusedByBothServices()
    {
        // Proves Azurite checks the tokens, so the test above passing means they were right, not ignored.
        await using var clients = Registered(new EmulatorTokenCredential("https://vault.azure.net"));

        var table = clients.GetRequiredService<TableServiceClient>().GetTableClient(AzuriteTables.UniqueName());
        var tableFailure = await Assert.ThrowsAsync<RequestFailedException>(() => table.CreateIfNotExistsAsync());
        var container = clients.GetRequiredService<BlobServiceClient>().GetBlobContainerClient($"c{Guid.NewGuid():N}");
        var blobFailure = await Assert.ThrowsAsync<RequestFailedException>(() => container.CreateIfNotExistsAsync());

        Assert.Equal(403, tableFailure.Status);
        Assert.Equal(403, blobFailure.Status);
    }

    private ServiceProvider Registered(EmulatorTokenCredential credential)
    {
        var services = new ServiceCollection().AddStorageClients(new StorageOptions(null, Azurite.TableEndpoint, Azurite.BlobEndpoint), credential);
        services.AddAzureClients(builder => builder.ConfigureDefaults(options => options.Transport = new HttpClientTransport(_certificate.TrustingHandler())));
        return services.BuildServiceProvider();
    }

    private static ProxyOptions Options() => ProxyOptionsReader.Read(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
    {
        [SettingNames.AllowedTokens] = "token",
        [SettingNames.AzureWebJobsStorage] = "UseDevelopmentStorage=true",
        [SettingNames.ResponsesRetentionDays] = 30.ToString(CultureInfo.InvariantCulture),
    }).Build());

    private static StoredResponse Response(string id, string text) =>
        new(id, "owner", DateTimeOffset.UtcNow, new JsonObject { ["id"] = id, ["text"] = text }, [new JsonObject { ["role"] = "user", ["content"] = text }]);
}
