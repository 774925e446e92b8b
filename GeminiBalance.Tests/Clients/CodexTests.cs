using System.Text.Json.Nodes;
using GeminiBalance.Tests.Integration;
using GeminiBalance.Tests.TestKit;

namespace GeminiBalance.Tests.Clients;

/// <summary>
/// Codex (<c>@openai/codex</c>, pinned in package.json) run as <c>codex exec</c> with a custom model provider on the proxy's
/// <c>/v1</c> Responses API, configured in a fresh CODEX_HOME as docs/clients.md documents, with update checks and analytics off.
/// Codex always offers web search beside its functions, which Gemini refuses together: the proxy sends the functions.
/// </summary>
[Collection(ProxyCollection.Name)]
public sealed class CodexTests(AzuriteFixture storage)
{
    private const string PoolKey = "pool-key-secret-AIzaSyCodex";

    [Fact]
    public async Task CodexExecRunsAShellToolRoundTripAndAnswers()
    {
        await using var upstream = await EmulatedGemini.StartAsync();
        upstream.SetKey(PoolKey, new KeyBehavior.Good());
        await using var proxy = await ProxyHost.StartAsync(upstream, storage, [PoolKey]);
        using var cli = AgentCli.Create();
        upstream.FunctionCall = new FunctionCallPlan("exec_command", """{"cmd":"cat note.txt"}""");

        var run = await RunCodexAsync(proxy, cli, "Show me note.txt");

        run.AssertSucceeded();
        var events = run.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(line => line.StartsWith('{')).Select(line => JsonNode.Parse(line)!).ToList();
        Assert.Contains(events, e => (string?)e["type"] == "turn.completed");
        var message = events.LastOrDefault(e => (string?)e["type"] == "item.completed" && (string?)e["item"]?["type"] == "agent_message");
        Assert.True(message is not null, run.ToString());
        Assert.Equal("chunk 0 chunk 1 chunk 2", ((string?)message["item"]!["text"])?.Trim());

        var calls = upstream.Requests.Where(r => r.Path.Contains("enerateContent")).Select(r => JsonNode.Parse(r.Body)!).ToList();
        Assert.All(calls, body => Assert.DoesNotContain("googleSearch", body["tools"]?.ToJsonString() ?? ""));
        var response = SentFunctionResponses.In(upstream).FirstOrDefault();
        Assert.True(response is not null, run.ToString());
        Assert.Equal("exec_command", (string?)response["name"]);
        Assert.Contains("marmalade", response.ToJsonString());
    }

    [Fact]
    public async Task CodexFindsANamespacedToolByTheNamespaceTheCallComesBackWith()
    {
        await using var upstream = await EmulatedGemini.StartAsync();
        upstream.SetKey(PoolKey, new KeyBehavior.Good());
        await using var proxy = await ProxyHost.StartAsync(upstream, storage, [PoolKey]);
        using var cli = AgentCli.Create();
        // A sub-agent tool of Codex's multi_agent_v1 namespace; without the namespace Codex answers "unsupported call".
        upstream.FunctionCall = new FunctionCallPlan("close_agent", """{"target":"nobody"}""");

        var run = await RunCodexAsync(proxy, cli, "Close agent nobody");

        run.AssertSucceeded();
        var response = SentFunctionResponses.In(upstream).FirstOrDefault();
        Assert.True(response is not null, run.ToString());
        Assert.Equal("close_agent", (string?)response["name"]);
        Assert.DoesNotContain("unsupported call", response.ToJsonString());
    }

    private static Task<AgentRun> RunCodexAsync(ProxyHost proxy, AgentCli cli, string prompt)
    {
        var config = $"""
            model = "gemini-2.5-flash"
            model_provider = "geminibalance"
            check_for_update_on_startup = false

            [analytics]
            enabled = false

            [model_providers.geminibalance]
            name = "GeminiBalance"
            base_url = "{proxy.BaseUrl}v1"
            env_key = "GEMINIBALANCE_TOKEN"
            wire_api = "responses"
            request_max_retries = 0
            stream_max_retries = 0
            """;

        return cli.RunAsync(
            "codex",
            ["exec", "--skip-git-repo-check", "--json", prompt],
            new Dictionary<string, string> { ["CODEX_HOME"] = "{HOME}/.codex", ["GEMINIBALANCE_TOKEN"] = ProxyHost.ClientToken },
            homeFiles: new Dictionary<string, string> { [".codex/config.toml"] = config },
            workFiles: new Dictionary<string, string> { ["note.txt"] = "the secret word is marmalade" });
    }
}
