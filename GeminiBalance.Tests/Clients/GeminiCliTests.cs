using System.Text.Json.Nodes;
using GeminiBalance.Tests.Integration;
using GeminiBalance.Tests.TestKit;

namespace GeminiBalance.Tests.Clients;

/// <summary>
/// Gemini CLI (<c>@google/gemini-cli</c>, pinned in package.json) run as <c>gemini -p</c> against the proxy's native routes
/// through <c>GOOGLE_GEMINI_BASE_URL</c>. Version 0.61 accepts that variable only when its settings select API-key
/// authentication (<c>security.auth.selectedType</c>), as docs/clients.md documents; telemetry, usage statistics and update
/// checks are switched off there too, and the working directory is trusted by its documented variable.
/// </summary>
[Collection(ProxyCollection.Name)]
public sealed class GeminiCliTests(AzuriteFixture storage)
{
    private const string PoolKey = "pool-key-secret-AIzaSyGeminiCli";

    private const string Settings = """
        {
          "security": { "auth": { "selectedType": "gemini-api-key" } },
          "telemetry": { "enabled": false },
          "privacy": { "usageStatisticsEnabled": false },
          "general": { "disableAutoUpdate": true, "disableUpdateNag": true }
        }
        """;

    [Fact]
    public async Task GeminiCliReadsAFileThroughAToolRoundTripAndAnswers()
    {
        await using var upstream = await EmulatedGemini.StartAsync();
        upstream.SetKey(PoolKey, new KeyBehavior.Good());
        await using var proxy = await ProxyHost.StartAsync(upstream, storage, [PoolKey]);
        using var cli = AgentCli.Create();
        upstream.FunctionCall = new FunctionCallPlan("read_file", new JsonObject { ["file_path"] = Path.Combine(cli.WorkDirectory, "note.txt") }.ToJsonString());

        var run = await cli.RunAsync(
            "gemini",
            ["-p", "Read note.txt", "-m", "gemini-2.5-flash", "--output-format", "json"],
            new Dictionary<string, string>
            {
                ["GOOGLE_GEMINI_BASE_URL"] = proxy.BaseUrl.ToString().TrimEnd('/'),
                ["GEMINI_API_KEY"] = ProxyHost.ClientToken,
                ["GEMINI_CLI_TRUST_WORKSPACE"] = "true",
            },
            homeFiles: new Dictionary<string, string> { [".gemini/settings.json"] = Settings },
            workFiles: new Dictionary<string, string> { ["note.txt"] = "the secret word is marmalade" });

        run.AssertSucceeded();
        var result = JsonNode.Parse(run.Stdout[run.Stdout.IndexOf('{')..])!;
        Assert.True(result["error"] is null, run.ToString());
        Assert.Equal("chunk 0 chunk 1 chunk 2", ((string?)result["response"])?.Trim());

        Assert.All(upstream.Requests, call => Assert.Equal(PoolKey, call.Key));
        var response = SentFunctionResponses.In(upstream).FirstOrDefault();
        Assert.True(response is not null, run.ToString());
        Assert.Equal("read_file", (string?)response["name"]);
        Assert.Contains("marmalade", response.ToJsonString());
    }
}
