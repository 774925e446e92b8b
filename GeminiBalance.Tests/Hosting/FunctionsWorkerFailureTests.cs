using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using GeminiBalance.Tests.TestKit;
using GeminiBalance.Tests.TestKit.FunctionsHost;

namespace GeminiBalance.Tests.Hosting;

/// <summary>
/// An exception escaping a function would make the worker answer 200 with an empty body; under the emulated host the
/// client must still get a 5xx in its own protocol. Storage that refuses every connection makes the admin API throw.
/// </summary>
[Trait("Category", "Integration")]
public sealed class FunctionsWorkerFailureTests : IAsyncLifetime
{
    private EmulatedFunctionsHost _host = null!;

    public async Task InitializeAsync()
    {
        // A port that was free a moment ago and that nothing listens on: every storage call is refused.
        var dead = LoopbackPorts.ReserveFree(1)[0];
        _host = await EmulatedFunctionsHost.StartAsync(new Dictionary<string, string?>
        {
            ["API_KEYS"] = "pool-key-worker-unused",
            ["ALLOWED_TOKENS"] = ProxyHost.ClientToken,
            ["AUTH_TOKEN"] = AdminApi.Token,
            ["AzureWebJobsStorage"] =
                $"DefaultEndpointsProtocol=http;AccountName={AzuriteFixture.AccountName};AccountKey={AzuriteFixture.AccountKey};"
                + $"BlobEndpoint=http://127.0.0.1:{dead}/{AzuriteFixture.AccountName};TableEndpoint=http://127.0.0.1:{dead}/{AzuriteFixture.AccountName};",
        });
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task ExceptionInAFunction_ThroughTheHost_IsA500InTheCallersProtocol()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "manage/stats");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", AdminApi.Token);

        using var response = await _host.Client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();

        Assert.True(response.StatusCode == HttpStatusCode.InternalServerError, $"answered {(int)response.StatusCode}: '{text}'\n{_host.WorkerDiagnostics}");
        // The admin API speaks google.rpc.Status, as its own errors do.
        using var body = JsonDocument.Parse(text);
        var error = body.RootElement.GetProperty("error");
        Assert.Equal(500, error.GetProperty("code").GetInt32());
        Assert.Equal("INTERNAL", error.GetProperty("status").GetString());
        Assert.DoesNotContain(AzuriteFixture.AccountKey, text);
    }
}
