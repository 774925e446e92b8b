using System.Diagnostics;

namespace GeminiBalance.Tests.TestKit;

public sealed class AzuriteFixtureTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task TableEndpointAnswersHttp()
    {
        using var http = new HttpClient();

        // Any status will do: an unsigned request is refused, but only a live Azurite can refuse it over HTTP.
        using var response = await http.GetAsync(new Uri($"{azurite.TableEndpoint}/Tables"));

        Assert.True((int)response.StatusCode is >= 200 and < 600);
    }

    [Fact]
    public void ConnectionStringNamesAllThreeEndpointsExplicitly()
    {
        var connectionString = azurite.ConnectionString;

        Assert.StartsWith("DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=", connectionString);
        Assert.Contains($"BlobEndpoint={azurite.BlobEndpoint};", connectionString);
        Assert.Contains($"QueueEndpoint={azurite.QueueEndpoint};", connectionString);
        Assert.Contains($"TableEndpoint={azurite.TableEndpoint};", connectionString);
        Assert.Equal("127.0.0.1", azurite.TableEndpoint.Host);
        Assert.Equal("/devstoreaccount1", azurite.TableEndpoint.AbsolutePath);
    }

    [Fact]
    public async Task DisposeKillsTheProcess()
    {
        var own = new AzuriteFixture();
        await own.InitializeAsync();
        var processId = own.ProcessId;
        Assert.False(Process.GetProcessById(processId).HasExited);

        await own.DisposeAsync();

        // Disposal waits for the exit and reaps the process, so its id is gone rather than a zombie.
        Assert.Throws<ArgumentException>(() => Process.GetProcessById(processId));
    }
}
