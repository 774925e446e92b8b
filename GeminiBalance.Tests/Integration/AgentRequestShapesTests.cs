using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using GeminiBalance.Tests.TestKit;

namespace GeminiBalance.Tests.Integration;

/// <summary>
/// What agent clients send on every request, over raw HTTP so each field is seen on its own: Claude Code's
/// <c>output_config.effort</c>, <c>context_management</c>, <c>metadata</c>, betas and mid-conversation system messages;
/// the SDKs' <c>thread</c>; Codex's <c>client_metadata</c>, namespaced tools and web search beside functions. The
/// emulated Gemini refuses search together with functions as Google does, so a pass means the proxy sent what works.
/// </summary>
[Collection(ProxyCollection.Name)]
public sealed class AgentRequestShapesTests(AzuriteFixture storage)
{
    private const string Model = "gemini-2.5-flash";
    private const string PoolKey = "pool-key-secret-AIzaSyAgentShapes";
    private const string Weather = """{"name":"get_weather","description":"Weather","input_schema":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}}""";

    [Fact]
    public async Task ClaudeCodeRequestFieldsAreAcceptedAndSystemMessagesJoinTheSystemInstruction()
    {
        await using var upstream = await StartUpstreamAsync();
        await using var proxy = await ProxyHost.StartAsync(upstream, storage, [PoolKey]);

        using var response = await SendAsync(proxy, "v1/messages?beta=true", $$$$$"""
            {"model":"{{{{{Model}}}}}","max_tokens":32000,"stream":false,"system":[{"type":"text","text":"You are an agent."}],
             "messages":[{"role":"user","content":"say hi"},{"role":"system","content":[{"type":"text","text":"# Environment"}]}],
             "metadata":{"user_id":"{\"device_id\":\"d\"}"},"thinking":{"type":"adaptive","display":"omitted"},
             "context_management":{"edits":[{"type":"clear_thinking_20251015","keep":"all"}]},"output_config":{"effort":"high"}}
            """, ("anthropic-beta", "claude-code-20250219,interleaved-thinking-2025-05-14,context-management-2025-06-27,effort-2025-11-24"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var sent = JsonNode.Parse(Assert.Single(upstream.Requests).Body)!;
        Assert.Equal("""{"parts":[{"text":"You are an agent."},{"text":"# Environment"}]}""", sent["systemInstruction"]!.ToJsonString());
        Assert.Equal("""[{"role":"user","parts":[{"text":"say hi"}]}]""", sent["contents"]!.ToJsonString());
    }

    [Fact]
    public async Task OutputFormatIsStillRefusedAsItWouldChangeTheAnswer()
    {
        await using var upstream = await StartUpstreamAsync();
        await using var proxy = await ProxyHost.StartAsync(upstream, storage, [PoolKey]);

        using var response = await SendAsync(proxy, "v1/messages", $$$$$"""
            {"model":"{{{{{Model}}}}}","max_tokens":64,"messages":[{"role":"user","content":"hi"}],"output_config":{"effort":"low","format":{"type":"json_schema","schema":{"type":"object"}}}}
            """);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!;
        Assert.StartsWith("output_config.format: ", (string?)error["message"]);
        Assert.Empty(upstream.Requests);
    }

    [Fact]
    public async Task ThreadIsRefusedWithAnthropicsErrorCodeSoSdksFallBack()
    {
        await using var upstream = await StartUpstreamAsync();
        await using var proxy = await ProxyHost.StartAsync(upstream, storage, [PoolKey]);

        using var response = await SendAsync(proxy, "v1/messages", $$$$$"""
            {"model":"{{{{{Model}}}}}","max_tokens":64,"messages":[{"role":"user","content":"hi"}],"thread":{"type":"create"}}
            """);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("error", (string?)body["type"]);
        Assert.Equal("invalid_request_error", (string?)body["error"]!["type"]);
        Assert.Equal("thread_unsupported_request", (string?)body["error"]!["details"]!["error_code"]);
        Assert.Empty(upstream.Requests);
    }

    [Fact]
    public async Task AnthropicWebSearchToolBecomesGoogleSearchWhenNoFunctionIsOffered()
    {
        await using var upstream = await StartUpstreamAsync();
        await using var proxy = await ProxyHost.StartAsync(upstream, storage, [PoolKey]);

        using var response = await SendAsync(proxy, "v1/messages", $$$$$"""
            {"model":"{{{{{Model}}}}}","max_tokens":64,"messages":[{"role":"user","content":"news?"}],"tools":[{"type":"web_search_20250305","name":"web_search","max_uses":3}]}
            """);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(response.Headers.Contains("x-geminibalance-dropped-tools"));
        Assert.Equal("""[{"googleSearch":{}}]""", JsonNode.Parse(Assert.Single(upstream.Requests).Body)!["tools"]!.ToJsonString());
    }

    [Fact]
    public async Task AnthropicWebSearchBesideFunctionsSendsTheFunctionsAloneAndSaysSo()
    {
        await using var upstream = await StartUpstreamAsync();
        await using var proxy = await ProxyHost.StartAsync(upstream, storage, [PoolKey]);

        using var response = await SendAsync(proxy, "v1/messages", $$$$$"""
            {"model":"{{{{{Model}}}}}","max_tokens":64,"messages":[{"role":"user","content":"weather?"}],"tools":[{{{{{Weather}}}}},{"type":"web_search_20250305","name":"web_search"}]}
            """);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("google_search", Assert.Single(response.Headers.GetValues("x-geminibalance-dropped-tools")));
        var tools = JsonNode.Parse(Assert.Single(upstream.Requests).Body)!["tools"]!.AsArray();
        Assert.Equal("get_weather", (string?)Assert.Single(tools)!["functionDeclarations"]![0]!["name"]);
        // The emulator calls an offered function, so the answer is the tool call.
        Assert.Equal("tool_use", (string?)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["stop_reason"]);
    }

    [Fact]
    public async Task SearchModelWithChatToolsSendsTheFunctionsAloneAndSaysSo()
    {
        await using var upstream = await StartUpstreamAsync();
        await using var proxy = await ProxyHost.StartAsync(upstream, storage, [PoolKey]);

        using var response = await SendAsync(proxy, "v1/chat/completions", $$$$$$"""
            {"model":"{{{{{{Model}}}}}}-search","stream":true,"messages":[{"role":"user","content":"weather?"}],"web_search_options":{},
             "tools":[{"type":"function","function":{"name":"get_weather","parameters":{"type":"object","properties":{"city":{"type":"string"}}}}}]}
            """);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("google_search", Assert.Single(response.Headers.GetValues("x-geminibalance-dropped-tools")));
        Assert.Contains("\"get_weather\"", await response.Content.ReadAsStringAsync());
        Assert.Null(JsonNode.Parse(Assert.Single(upstream.Requests).Body)!["tools"]!.AsArray().FirstOrDefault(t => t!["googleSearch"] is not null));
    }

    [Fact]
    public async Task CodexResponsesRequestWithClientMetadataNamespacesAndWebSearchIsServed()
    {
        await using var upstream = await StartUpstreamAsync();
        await using var proxy = await ProxyHost.StartAsync(upstream, storage, [PoolKey]);

        using var response = await SendAsync(proxy, "v1/responses", $$$$$"""
            {"model":"{{{{{Model}}}}}","stream":false,"store":false,"input":[{"type":"message","role":"user","content":[{"type":"input_text","text":"list files"}]}],
             "tools":[{"type":"function","name":"exec_command","strict":false,"parameters":{"type":"object","properties":{"cmd":{"type":"string"}},"required":["cmd"],"additionalProperties":false}},
                      {"type":"namespace","name":"multi_agent_v1","description":"Sub-agents.","tools":[{"type":"function","name":"close_agent","strict":false,"parameters":{"type":"object","properties":{"id":{"type":"string"}},"required":["id"]}}]},
                      {"type":"web_search","external_web_access":false}],
             "tool_choice":"auto","parallel_tool_calls":true,"reasoning":{"summary":"auto"},"include":["reasoning.encrypted_content"],
             "prompt_cache_key":"k","client_metadata":{"root_turn_id":"t","x-codex-window-id":"w"}}
            """);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("google_search", Assert.Single(response.Headers.GetValues("x-geminibalance-dropped-tools")));
        var declarations = Assert.Single(JsonNode.Parse(Assert.Single(upstream.Requests).Body)!["tools"]!.AsArray())!["functionDeclarations"]!.AsArray();
        Assert.Equal(["exec_command", "close_agent"], declarations.Select(d => (string?)d!["name"]));
        var output = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["output"]!.AsArray();
        Assert.Contains(output, item => (string?)item!["type"] == "function_call" && (string?)item["name"] == "exec_command");
    }

    [Fact]
    public async Task CallToANamespacedFunctionComesBackWithItsNamespace()
    {
        await using var upstream = await StartUpstreamAsync();
        upstream.FunctionCall = new FunctionCallPlan("close_agent", """{"target":"a1"}""");
        await using var proxy = await ProxyHost.StartAsync(upstream, storage, [PoolKey]);

        using var response = await SendAsync(proxy, "v1/responses", $$$$$"""
            {"model":"{{{{{Model}}}}}","store":false,"input":"close it","tools":[{"type":"function","name":"exec_command","parameters":{"type":"object","properties":{}}},
             {"type":"namespace","name":"multi_agent_v1","description":"Sub-agents.","tools":[{"type":"function","name":"close_agent","parameters":{"type":"object","properties":{"target":{"type":"string"}}}}]}]}
            """);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var call = Assert.Single(JsonNode.Parse(await response.Content.ReadAsStringAsync())!["output"]!.AsArray(), item => (string?)item!["type"] == "function_call")!;
        Assert.Equal("close_agent", (string?)call["name"]);
        Assert.Equal("multi_agent_v1", (string?)call["namespace"]);
    }

    [Fact]
    public async Task UnknownNamespaceContentIsRefusedWithOpenAisWording()
    {
        await using var upstream = await StartUpstreamAsync();
        await using var proxy = await ProxyHost.StartAsync(upstream, storage, [PoolKey]);

        using var response = await SendAsync(proxy, "v1/responses", $$$$$"""
            {"model":"{{{{{Model}}}}}","input":"hi","tools":[{"type":"namespace","name":"n","tools":[{"type":"computer_use_preview"}]}]}
            """);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("tools[0].tools[0].type", (string?)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!["param"]);
        Assert.Empty(upstream.Requests);
    }

    private static async Task<EmulatedGemini> StartUpstreamAsync()
    {
        var upstream = await EmulatedGemini.StartAsync();
        upstream.SetKey(PoolKey, new KeyBehavior.Good());
        return upstream;
    }

    /// <summary>Sends with both surfaces' credentials (<c>x-api-key</c> and Bearer), as the proxy accepts either.</summary>
    private static Task<HttpResponseMessage> SendAsync(ProxyHost proxy, string path, string json, params (string Name, string Value)[] headers)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        request.Headers.Add("x-api-key", ProxyHost.ClientToken);
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", ProxyHost.ClientToken);
        request.Headers.Add("anthropic-version", "2023-06-01");
        foreach (var (name, value) in headers)
        {
            request.Headers.Add(name, value);
        }

        return proxy.Client.SendAsync(request);
    }
}
