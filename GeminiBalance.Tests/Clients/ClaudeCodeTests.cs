using System.Text.Json.Nodes;
using GeminiBalance.Tests.Integration;
using GeminiBalance.Tests.TestKit;

namespace GeminiBalance.Tests.Clients;

/// <summary>
/// Claude Code (<c>@anthropic-ai/claude-code</c>, pinned in package.json) run as <c>claude -p</c> against the proxy, set up
/// as docs/clients.md documents, with its traffic to Anthropic's own hosts (telemetry, updates, error reports) turned off.
/// </summary>
[Collection(ProxyCollection.Name)]
public sealed class ClaudeCodeTests(AzuriteFixture storage)
{
    private const string PoolKey = "pool-key-secret-AIzaSyClaudeCode";

    [Fact]
    public async Task ClaudeCodeReadsAFileThroughAToolRoundTripAndAnswers()
    {
        await using var upstream = await EmulatedGemini.StartAsync();
        upstream.SetKey(PoolKey, new KeyBehavior.Good());
        await using var proxy = await ProxyHost.StartAsync(upstream, storage, [PoolKey]);
        using var cli = AgentCli.Create();
        // The emulated model reads the note with Claude Code's own Read tool; its content must come back in the next request.
        upstream.FunctionCall = new FunctionCallPlan("Read", new JsonObject { ["file_path"] = Path.Combine(cli.WorkDirectory, "note.txt") }.ToJsonString());

        var run = await cli.RunAsync(
            "claude",
            ["-p", "Read note.txt", "--output-format", "json", "--model", "gemini-2.5-flash"],
            new Dictionary<string, string>
            {
                ["ANTHROPIC_BASE_URL"] = proxy.BaseUrl.ToString().TrimEnd('/'),
                ["ANTHROPIC_API_KEY"] = ProxyHost.ClientToken,
                ["ANTHROPIC_MODEL"] = "gemini-2.5-flash",
                ["ANTHROPIC_SMALL_FAST_MODEL"] = "gemini-2.5-flash",
                ["ANTHROPIC_DEFAULT_HAIKU_MODEL"] = "gemini-2.5-flash",
                ["CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC"] = "1",
                ["DISABLE_AUTOUPDATER"] = "1",
                ["DISABLE_TELEMETRY"] = "1",
                ["DISABLE_ERROR_REPORTING"] = "1",
            },
            workFiles: new Dictionary<string, string> { ["note.txt"] = "the secret word is marmalade" });

        run.AssertSucceeded();
        var result = JsonNode.Parse(run.Stdout.Trim().Split('\n')[^1])!;
        Assert.False((bool)result["is_error"]!, run.ToString());
        // The emulated model's streamed answer, given once the tool's result is in.
        Assert.Equal("chunk 0 chunk 1 chunk 2", ((string?)result["result"])?.Trim());
        Assert.True((int)result["num_turns"]! >= 2, run.ToString());
        var response = SentFunctionResponses.In(upstream).FirstOrDefault();
        Assert.True(response is not null, run.ToString());
        Assert.Equal("Read", (string?)response["name"]);
        Assert.Contains("marmalade", response.ToJsonString());
    }
}
