using System.Net;
using System.Text;
using System.Text.Json;
using GeminiBalance.Hosting;

namespace GeminiBalance.Tests.Deployment;

/// <summary>
/// How the Functions host invokes a custom handler's timer, pinned down from the custom handler docs ("Request
/// payload", "Response payload") and the host's DefaultHttpWorkerService: <c>POST /{function name}</c> on the handler's
/// loopback port, with a JSON body <c>{"Data":{"timer":{...}},"Metadata":{...}}</c> and the host's invocation headers;
/// the handler answers 200 with <c>{"Outputs":{...},"Logs":[...],"ReturnValue":...}</c>, and a non-2xx fails the run.
/// </summary>
[Collection(GeminiBalance.Tests.Integration.ProxyCollection.Name)]
public sealed class TimerInvocationContractTests(GeminiBalance.Tests.TestKit.AzuriteFixture storage) : IAsyncLifetime
{
    private GeminiBalance.Tests.TestKit.ProxyHost _app = null!;

    public static TheoryData<string, bool> Invocations
    {
        get
        {
            var data = new TheoryData<string, bool>();
            foreach (var timer in FunctionRoutes.Timers)
            {
                data.Add(timer.Name, false);
                data.Add(timer.Name, true);
            }

            return data;
        }
    }

    public async Task InitializeAsync() =>
        _app = await GeminiBalance.Tests.TestKit.ProxyHost.StartAsync(new Dictionary<string, string?>
        {
            [SettingNames.AllowedTokens] = "client-token-timer",
            // The re-check keeps its schedule in Table Storage.
            [SettingNames.AzureWebJobsStorage] = storage.ConnectionString,
            [SettingNames.StorageTablePrefix] = GeminiBalance.Tests.TestKit.ProxyHost.NewTablePrefix(),
        });

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Theory]
    [MemberData(nameof(Invocations))]
    public async Task Timer_HostInvocation_IsAnsweredWithAnInvocationResponse(string timer, bool isPastDue)
    {
        // The shape the host sends for a timer trigger (as captured from a running host: Schedule, ScheduleStatus, IsPastDue).
        var payload = $$"""
            {
              "Data": {
                "timer": {
                  "Schedule": { "AdjustForDST": true },
                  "ScheduleStatus": { "Last": "2025-06-01T10:00:00+00:00", "Next": "2025-06-01T10:05:00+00:00", "LastUpdated": "2025-06-01T10:00:00+00:00" },
                  "IsPastDue": {{(isPastDue ? "true" : "false")}}
                }
              },
              "Metadata": {
                "sys": { "MethodName": "{{timer}}", "UtcNow": "2025-06-01T10:05:00.0123456Z", "RandGuid": "35e6e68c-5583-436c-a277-5aec2b416ba8" }
              }
            }
            """;
        using var request = new HttpRequestMessage(HttpMethod.Post, "/" + timer)
        {
            Content = new StringContent(payload, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("X-Azure-Functions-HostVersion", "4.1040.300.0");
        request.Headers.Add("X-Azure-Functions-InvocationId", "83a33220-a921-460a-bec0-b3f043dcf1ff");
        request.Headers.UserAgent.ParseAdd("Azure-Functions-Host/4.1040.300.0");

        using var response = await _app.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = document.RootElement;
        // The host reads these PascalCase names (HttpScriptInvocationResult); camelCase would be silently ignored.
        Assert.Equal(JsonValueKind.Object, root.GetProperty("Outputs").ValueKind);
        Assert.Equal(JsonValueKind.Array, root.GetProperty("Logs").ValueKind);
        Assert.All(root.GetProperty("Logs").EnumerateArray(), log => Assert.Equal(JsonValueKind.String, log.ValueKind));
        Assert.True(root.TryGetProperty("ReturnValue", out _), "ReturnValue is missing");
    }

    [Fact]
    public async Task Timer_InvokedWithGet_IsNotRun()
    {
        // The host only ever POSTs; a GET on the timer's path is not an invocation.
        using var response = await _app.Client.GetAsync("/" + FunctionRoutes.Timers[0].Name);

        Assert.NotEqual(HttpStatusCode.OK, response.StatusCode);
    }
}
