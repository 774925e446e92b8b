using Azure;
using GeminiBalance.Storage;
using GeminiBalance.Tests.Integration;
using GeminiBalance.Tests.TestKit;

namespace GeminiBalance.Tests.Storage;

[Collection(ProxyCollection.Name)]
public sealed class TableAuthorizationTests(AzuriteFixture storage)
{
    [Fact]
    public async Task AzuriteRefusesASignatureMadeWithTheWrongKey()
    {
        // Azurite checks SharedKey signatures even with --loose (which only relaxes unsupported headers and
        // parameters), so a 403 here proves the signature is computed and checked, not ignored.
        var wrongKey = Convert.ToBase64String(new byte[64]);
        var table = new TableServiceClient(storage.TableEndpoint, new TableSharedKeyCredential(AzuriteFixture.AccountName, wrongKey))
            .GetTableClient(AzuriteTables.UniqueName());

        var failure = await Assert.ThrowsAsync<RequestFailedException>(() => table.CreateIfNotExistsAsync(CancellationToken.None));

        Assert.Equal(403, failure.Status);
        Assert.Equal("AuthorizationFailure", failure.ErrorCode);
        Assert.DoesNotContain(wrongKey, failure.ToString());
    }

    [Fact]
    public async Task TheRightKeyIsAccepted()
    {
        var table = new TableServiceClient(storage.TableEndpoint, new TableSharedKeyCredential(AzuriteFixture.AccountName, AzuriteFixture.AccountKey))
            .GetTableClient(AzuriteTables.UniqueName());

        await table.CreateIfNotExistsAsync(CancellationToken.None);
    }
}
